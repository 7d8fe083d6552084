using System.Globalization;

namespace Nabla.Optim;

// PyTorch's optimiser state_dict is a nested dict: {"state": {index: {name: tensor}}, "param_groups":
// [{option: value, "params": [index...]}]}. Here it is flattened with dots into tensors, so that
// it can be saved as safetensors next to the model: state.0.exp_avg, param_groups.0.lr (a float64
// scalar), param_groups.0.params (the int64 indices of the group's parameters).
public abstract partial class Optimizer
{
    /// <summary>
    /// The optimiser's state, like <c>optimizer.state_dict()</c>, flattened: <c>state.{i}.{name}</c> for
    /// each parameter's buffers and step count (i numbers the parameters across groups in order),
    /// <c>param_groups.{g}.{option}</c> as float64 scalars and <c>param_groups.{g}.params</c>.
    /// State tensors are the live ones (detached views), as in PyTorch.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var dict = new OrderedDictionary<string, Tensor>();
        var all = _groups.SelectMany(g => g.Parameters).ToArray();
        for (int i = 0; i < all.Length; i++)
            if (_state.TryGetValue(all[i], out var state))
                foreach (var (name, t) in state) dict[Key("state", i, name)] = t.Detach();
        for (int g = 0, first = 0; g < _groups.Count; first += _groups[g].Parameters.Count, g++)
        {
            foreach (var (name, value) in _groups[g].Options) dict[Key("param_groups", g, name)] = Tensor.Scalar(value);
            dict[Key("param_groups", g, "params")] = Tensor.Arange(first, first + _groups[g].Parameters.Count);
        }
        return dict;
    }

    /// <summary>
    /// Restores a state saved by <see cref="StateDict"/>, like <c>load_state_dict</c>: group options
    /// and per-parameter state (copied; floating buffers converted to the parameter's dtype). Every
    /// problem is reported at once, before anything changes.
    /// </summary>
    /// <exception cref="ArgumentException">When the groups or parameters do not match this optimiser's, or a key is not understood.</exception>
    public void LoadStateDict(IEnumerable<KeyValuePair<string, Tensor>> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var problems = new List<string>();
        var options = new SortedDictionary<int, Dictionary<string, double>>();
        var indices = new Dictionary<int, long[]>();
        var saved = new Dictionary<int, List<(string Name, Tensor Value)>>();
        foreach (var (key, value) in stateDict)
        {
            var parts = key.Split('.', 3);
            int n = 0;
            bool numbered = parts.Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out n);
            switch (numbered ? parts[0] : null)
            {
                case "state": GetOrAdd(saved, n).Add((parts[2], value)); break;
                case "param_groups" when parts[2] == "params": indices[n] = value.ToArray<long>(); break;
                case "param_groups" when value.Numel == 1: GetOrAdd(options, n)[parts[2]] = value.Item<double>(); break;
                case "param_groups": problems.Add($"'{key}' should be a scalar, got shape {value.Shape}"); break;
                default: problems.Add($"unexpected key '{key}'"); break;
            }
        }
        var byIndex = MatchGroups(options, indices, problems);
        var newState = new Dictionary<Tensor, OrderedDictionary<string, Tensor>>(ReferenceEqualityComparer.Instance);
        foreach (var (index, entries) in saved)
        {
            if (!byIndex.TryGetValue(index, out var p)) { problems.Add($"state for parameter {index}, which no parameter group lists"); continue; }
            newState[p] = [];
            foreach (var (name, value) in entries)
            {
                if (CheckSavedState(p, name, value) is { } problem) problems.Add($"state '{name}' of parameter {index} {problem}");
                else newState[p][name] = CopyOf(value, value.Dim != 0 && value.DType.IsFloatingPoint() ? p.DType : value.DType);
            }
        }
        if (problems.Count > 0)
            throw new ArgumentException($"Error(s) in loading state dict for {GetType().Name}:\n  " + string.Join("\n  ", problems));
        foreach (var (g, groupOptions) in options)
            foreach (var (name, value) in groupOptions) _groups[g][name] = value;
        _state.Clear();
        foreach (var (p, state) in newState) _state[p] = state;
    }

    /// <summary>
    /// Why a saved state tensor cannot be restored for <paramref name="parameter"/>, or null when it
    /// can. Buffers must match their parameter (the updates read them element by element); scalars
    /// such as step are kept as saved. <see cref="Lbfgs"/>, whose buffers are flat, overrides it.
    /// </summary>
    private protected virtual string? CheckSavedState(Tensor parameter, string name, Tensor value)
        => value.Dim != 0 && value.Shape != parameter.Shape ? $"has shape {value.Shape}, the parameter has shape {parameter.Shape}" : null;

    /// <summary>Checks the saved groups against this optimiser's and maps saved parameter indices to parameters.</summary>
    private Dictionary<long, Tensor> MatchGroups(SortedDictionary<int, Dictionary<string, double>> options, Dictionary<int, long[]> indices, List<string> problems)
    {
        var byIndex = new Dictionary<long, Tensor>();
        int savedGroups = Math.Max(options.Count == 0 ? 0 : options.Keys.Max() + 1, indices.Count == 0 ? 0 : indices.Keys.Max() + 1);
        if (savedGroups != _groups.Count)
        {
            problems.Add($"loaded state dict has {savedGroups} parameter groups, the optimizer has {_groups.Count}");
            return byIndex;
        }
        for (int g = 0; g < _groups.Count; g++)
        {
            if (!indices.TryGetValue(g, out var ids)) { problems.Add($"missing key '{Key("param_groups", g, "params")}'"); continue; }
            if (ids.Length != _groups[g].Parameters.Count)
            {
                problems.Add($"loaded state dict contains a parameter group ({g}) of {ids.Length} parameters, the optimizer's group has {_groups[g].Parameters.Count}");
                continue;
            }
            for (int i = 0; i < ids.Length; i++) byIndex[ids[i]] = _groups[g].Parameters[i];
        }
        return byIndex;
    }

    private static Tensor CopyOf(Tensor value, DType dtype)
    {
        using var noGrad = Autograd.NoGrad();
        var copy = Tensor.Zeros(value.Shape.AsSpan(), dtype);
        copy.CopyFromInPlace(value);
        return copy;
    }

    private static TValue GetOrAdd<TKey, TValue>(IDictionary<TKey, TValue> dictionary, TKey key) where TValue : new()
    {
        if (!dictionary.TryGetValue(key, out var value)) dictionary[key] = value = new();
        return value;
    }

    private static string Key(string section, int index, string name) => string.Create(CultureInfo.InvariantCulture, $"{section}.{index}.{name}");
}
