namespace Nabla.NN;

// The state dict: every parameter and buffer by dotted name. Unlike NamedParameters, it walks every
// path, so a tied parameter or a shared module appears under each of its names, as in PyTorch.
public abstract partial class Module
{
    /// <summary>
    /// Parameters and buffers by dotted name, in PyTorch's order (each module's parameters, then its
    /// buffers, then its children's), like <c>state_dict()</c>. The tensors are the live ones (detached views).
    /// A tied parameter appears under each name it is registered under.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var state = new OrderedDictionary<string, Tensor>();
        foreach (var (name, value) in StateEntries("")) state[name] = value.Detach();
        return state;
    }

    private IEnumerable<(string Name, Tensor Value)> StateEntries(string prefix)
    {
        foreach (var (name, p) in _parameters) yield return (prefix + name, p);
        foreach (var (name, b) in _buffers) yield return (prefix + name, b);
        foreach (var (name, child) in _children)
            foreach (var entry in child.StateEntries(prefix + name + ".")) yield return entry;
    }

    /// <summary>
    /// Copies values into the parameters and buffers, like <c>load_state_dict</c>. Every missing or
    /// unexpected key and every shape or dtype mismatch is reported at once, before anything is copied.
    /// A tied parameter is expected under each of its names (as <see cref="StateDict"/> writes it).
    /// </summary>
    public void LoadStateDict(IEnumerable<KeyValuePair<string, Tensor>> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var given = state.ToDictionary(kv => kv.Key, kv => kv.Value);
        var own = StateEntries("").ToList();
        var problems = new List<string>();
        foreach (var (name, target) in own)
        {
            if (!given.TryGetValue(name, out var source)) { if (strict) problems.Add($"missing key '{name}'"); continue; }
            if (source.Shape != target.Shape)
                problems.Add($"size mismatch for '{name}': copying a tensor of shape {source.Shape}, the shape in the current model is {target.Shape}");
            else if (source.DType != target.DType)
                problems.Add($"dtype mismatch for '{name}': the file has {source.DType.Name()}, the model has {target.DType.Name()}");
        }
        if (strict)
            foreach (var name in given.Keys.Except(own.Select(o => o.Name)))
                problems.Add($"unexpected key '{name}'");
        if (problems.Count > 0)
            throw new ArgumentException($"Error(s) in loading state dict for {TypeName}:\n  " + string.Join("\n  ", problems));
        using (Autograd.NoGrad())
            foreach (var (name, target) in own)
                if (given.TryGetValue(name, out var source)) target.CopyFromInPlace(source);
    }
}
