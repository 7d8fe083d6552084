namespace Nabla.IO;

/// <summary>
/// Turns the object a checkpoint unpickles to into a state dict (string keys, tensor values, in
/// the file's order), or explains what the file holds instead: a training checkpoint with the
/// state dict one level down gets the key to ask for.
/// </summary>
internal static class TorchStateDict
{
    private const int ListedAtMost = 6;

    public static OrderedDictionary<string, Tensor> From(object? root, string path)
        => TryConvert(root) ?? throw new InvalidDataException($"{path} {NotAStateDict(root, suggestKey: true)}");

    /// <summary>The state dict stored under <paramref name="key"/> of the file's top-level dict (as <c>torch.load(path)[key]</c>).</summary>
    public static OrderedDictionary<string, Tensor> FromEntry(object? root, string path, string key)
    {
        if (root is not PickleDict dict) throw new InvalidDataException($"{path} holds {PickleValues.Describe(root)}, not a dict with an entry '{key}'");
        if (!dict.TryGetValue(key, out var value))
            throw new ArgumentException($"{path} has no entry '{key}'; its entries are {string.Join(", ", dict.Items.Select(kv => PickleValues.Key(kv.Key)))}", nameof(key));
        return TryConvert(value) ?? throw new InvalidDataException($"{path}: its entry '{key}' {NotAStateDict(value, suggestKey: false)}");
    }

    private static OrderedDictionary<string, Tensor>? TryConvert(object? value)
    {
        if (value is not PickleDict dict) return null;
        var state = new OrderedDictionary<string, Tensor>(dict.Count);
        foreach (var (key, item) in dict.Items)
        {
            if (key is not string name || item is not Tensor t) return null;
            state.Add(name, t);
        }
        return state;
    }

    /// <summary>Completes "PATH ..." with what the value is and, when a state dict sits one level down (and <paramref name="suggestKey"/>), how to load it.</summary>
    private static string NotAStateDict(object? value, bool suggestKey)
    {
        const string Expected = "a state dict (a dict of tensors by name, as torch.save(model.state_dict(), path) writes)";
        if (value is not PickleDict dict) return $"holds {PickleValues.Describe(value)}, not {Expected}";
        var odd = dict.Items.Where(kv => kv.Key is not string || kv.Value is not Tensor).ToList();
        var listed = odd.Take(ListedAtMost).Select(kv => kv.Key is string
            ? $"'{kv.Key}' is {Describe(kv.Value)}"
            : $"the key {PickleValues.Key(kv.Key)} is not a string");
        string message = $"holds a dict that is not {Expected}: {string.Join(", ", listed)}{(odd.Count > ListedAtMost ? $", and {odd.Count - ListedAtMost} more" : "")}.";
        var nested = dict.Items.Where(kv => kv.Key is string && IsNonEmptyStateDict(kv.Value)).Select(kv => (string)kv.Key!).ToList();
        return !suggestKey ? message : nested.Count switch
        {
            0 => message,
            1 => $"{message} Its entry '{nested[0]}' is a state dict: load it with TorchCheckpoint.Load(path, key: \"{nested[0]}\").",
            _ => $"{message} Its entries {string.Join(", ", nested.Select(k => $"'{k}'"))} are state dicts: load one with TorchCheckpoint.Load(path, key: \"{nested[0]}\").",
        };
    }

    // An empty dict is a dict (an optimizer's 'state' before its first step), not worth pointing at as a state dict.
    private static bool IsNonEmptyStateDict(object? value) => TryConvert(value) is { Count: > 0 };

    private static string Describe(object? value) => IsNonEmptyStateDict(value)
        ? $"a state dict of {PickleValues.Count(((PickleDict)value!).Count, "tensor")}"
        : PickleValues.Describe(value);
}
