namespace Nabla.Onnx.Tracing;

/// <summary>
/// Records one forward pass through the op layer's trace seam: each op with what it read, named by
/// reference (the output of an earlier op, or a leaf), so that a later op that reads a tensor is
/// connected to the op that produced it. An op composed of others (SiLU, the norms) is seen after
/// its inner ops and produces the same tensor: the tensor then refers to the last producer, and the
/// inner ops are left unread.
/// </summary>
internal sealed class ForwardTrace : OpTracer
{
    // Each tensor met so far, with the version its storage had then: a tensor read at another version
    // was written in place without the trace seeing it (in-place ops under NoGrad record nothing).
    private readonly Dictionary<Tensor, (ValueRef Ref, long Version)> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly ModuleScopes _scopes;

    /// <summary>Opens the trace; <paramref name="leaves"/> (the input, the parameters) are remembered at their current versions.</summary>
    public ForwardTrace(ModuleScopes scopes, IEnumerable<Tensor> leaves)
    {
        _scopes = scopes;
        foreach (var leaf in leaves) _seen[leaf] = (ValueRef.LeafOf(leaf), leaf.Version);
    }

    /// <summary>The ops in the order they ran (a topological order).</summary>
    public List<TracedOp> Ops { get; } = [];

    public override void OnOp(Derivative op, object? args, ReadOnlySpan<Tensor> results, ReadOnlySpan<Tensor> inputs, ReadOnlySpan<(Slot Slot, Tensor Value)> saved)
    {
        var refs = new ValueRef[inputs.Length];
        var tensors = new Tensor?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            tensors[i] = inputs[i];
            refs[i] = inputs[i] is null ? ValueRef.Missing : RefOf(inputs[i]);   // null: an optional input (a bias) not given
        }
        var savedRefs = new List<(Slot, ValueRef)>(saved.Length);
        foreach (var (slot, value) in saved)
            if (value is not null) savedRefs.Add((slot, RefOf(value)));
        int index = Ops.Count;
        Ops.Add(new TracedOp(index, op, args, refs, tensors, results.ToArray(), [.. savedRefs], _scopes.Current));
        for (int k = 0; k < results.Length; k++) _seen[results[k]] = (ValueRef.OutputOf(index, k), results[k].Version);
    }

    /// <summary>What <paramref name="tensor"/> is now: the output of the last op that produced it, a leaf, or stale.</summary>
    public ValueRef RefOf(Tensor tensor)
    {
        if (_seen.TryGetValue(tensor, out var seen))
            return seen.Version == tensor.Version ? seen.Ref : ValueRef.StaleOf(tensor);
        _seen[tensor] = (ValueRef.LeafOf(tensor), tensor.Version);   // a leaf met for the first time: later writes to it show too
        return ValueRef.LeafOf(tensor);
    }
}
