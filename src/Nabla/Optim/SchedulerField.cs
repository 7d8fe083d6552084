namespace Nabla.Optim;

/// <summary>
/// One entry of a scheduler's state dict: its name (PyTorch's attribute name), how to read it as a
/// tensor, what is wrong with a saved tensor (null when nothing) and how to restore it.
/// </summary>
internal sealed record SchedulerField(string Name, Func<Tensor> Read, Func<Tensor, string?> Problem, Action<Tensor> Write)
{
    /// <summary>A float64 scalar.</summary>
    public static SchedulerField Number(string name, Func<double> get, Action<double> set)
        => new(name, () => Tensor.Scalar(get()), Scalar, v => set(v.Item<double>()));

    /// <summary>An int64 scalar.</summary>
    public static SchedulerField Integer(string name, Func<long> get, Action<long> set)
        => new(name, () => Tensor.Scalar(get()), Scalar, v => set(v.Item<long>()));

    /// <summary>An enum, saved as its int64 value.</summary>
    public static SchedulerField Choice<TEnum>(string name, Func<TEnum> get, Action<TEnum> set) where TEnum : struct, Enum
        => new(name, () => Tensor.Scalar(Convert.ToInt64(get())),
            v => Scalar(v) ?? (Enum.IsDefined(typeof(TEnum), (int)v.Item<long>()) ? null : $"is {v.Item<long>()}, not a {typeof(TEnum).Name}"),
            v => set((TEnum)Enum.ToObject(typeof(TEnum), v.Item<long>())));

    /// <summary>A float64 vector, of <paramref name="length"/>() elements when given.</summary>
    public static SchedulerField Numbers(string name, Func<IEnumerable<double>> get, Action<double[]> set, Func<int>? length = null)
        => new(name, () => Tensor.FromArray(get().ToArray()), v => Vector(v, length?.Invoke()), v => set(v.ToArray<double>()));

    /// <summary>An int64 vector, of <paramref name="length"/>() elements when given.</summary>
    public static SchedulerField Integers(string name, Func<IEnumerable<int>> get, Action<int[]> set, Func<int>? length = null)
        => new(name, () => Tensor.FromArray(get().Select(i => (long)i).ToArray()), v => Vector(v, length?.Invoke()),
            v => set(v.ToArray<long>().Select(i => checked((int)i)).ToArray()));

    /// <summary>This field under <paramref name="prefix"/> (the entries of a scheduler nested in another).</summary>
    public SchedulerField Prefixed(string prefix) => this with { Name = prefix + Name };

    private static string? Scalar(Tensor v) => v.Numel == 1 ? null : $"should be a scalar, got shape {v.Shape}";

    private static string? Vector(Tensor v, int? length)
        => v.Dim != 1 ? $"should be a vector, got shape {v.Shape}"
        : length is { } n && v.Shape[0] != n ? $"has {v.Shape[0]} elements, expected {n}" : null;
}

/// <summary>Saves and loads a list of <see cref="SchedulerField"/>s: the state dicts of the schedulers.</summary>
internal static class SchedulerState
{
    public static OrderedDictionary<string, Tensor> Save(IEnumerable<SchedulerField> fields)
    {
        var dict = new OrderedDictionary<string, Tensor>();
        foreach (var field in fields) dict[field.Name] = field.Read();
        return dict;
    }

    /// <summary>Checks every entry against <paramref name="fields"/> and reports all problems at once; restores only when there are none.</summary>
    /// <exception cref="ArgumentException">For unexpected, missing or malformed entries.</exception>
    public static void Load(string owner, IReadOnlyList<SchedulerField> fields, IEnumerable<KeyValuePair<string, Tensor>> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var byName = fields.ToDictionary(f => f.Name);
        var values = new Dictionary<string, Tensor>();
        var problems = new List<string>();
        foreach (var (key, value) in stateDict)
        {
            if (!byName.TryGetValue(key, out var field)) problems.Add($"unexpected key '{key}'");
            else if (field.Problem(value) is { } problem) problems.Add($"'{key}' {problem}");
            values[key] = value;
        }
        problems.AddRange(fields.Where(f => !values.ContainsKey(f.Name)).Select(f => $"missing key '{f.Name}'"));
        if (problems.Count > 0)
            throw new ArgumentException($"Error(s) in loading state dict for {owner}:\n  " + string.Join("\n  ", problems));
        foreach (var field in fields) field.Write(values[field.Name]);
    }
}
