using Nabla.NN;

namespace Nabla.Distributed;

/// <summary>What <see cref="DistributedDataParallel"/> does with a model's parameters and buffers across ranks, besides averaging gradients.</summary>
internal static class ModuleStates
{
    /// <summary>
    /// Copies rank 0's values into every rank's tensors, one broadcast per dtype (the tensors
    /// flattened into one buffer), as PyTorch's <c>_sync_module_states</c>. Bool tensors travel as int32.
    /// </summary>
    public static void BroadcastFromRank0(ProcessGroup group, IReadOnlyList<Tensor> tensors)
    {
        if (group.WorldSize == 1) return;
        foreach (var sameType in tensors.GroupBy(t => t.DType == DType.Bool ? DType.Int32 : t.DType))
        {
            var members = sameType.ToArray();
            var flat = Tensor.Cat(members.Select(t => t.Detach().Reshape(-1).To(sameType.Key)).ToArray());
            group.Broadcast(flat, root: 0);
            if (group.Rank == 0) continue;
            int offset = 0;
            using (Autograd.NoGrad())
                foreach (var t in members)
                {
                    int count = (int)t.Numel;
                    t.CopyFromInPlace(flat.Narrow(0, offset, count).View(t.Shape.AsSpan()));
                    offset += count;
                }
        }
    }

    /// <summary>
    /// Checks that every rank holds parameters and buffers of the same names, shapes and dtypes, as
    /// PyTorch's <c>_verify_param_shape_across_processes</c>: one all-reduce of a fingerprint.
    /// </summary>
    /// <exception cref="InvalidOperationException">On every rank, when the fingerprints differ.</exception>
    public static void VerifySameOnEveryRank(ProcessGroup group, IReadOnlyList<(string Name, Parameter Parameter)> parameters, IReadOnlyList<(string Name, Tensor Buffer)> buffers)
    {
        if (group.WorldSize == 1) return;
        long fingerprint = Fingerprint(parameters.Select(p => ("parameter", p.Name, (Tensor)p.Parameter)).Concat(buffers.Select(b => ("buffer", b.Name, b.Buffer))));
        // One all-reduce gives both extremes: max of f and max of -f (that is, -min of f).
        var extremes = Tensor.FromArray([fingerprint, -fingerprint]);
        group.AllReduce(extremes, ReduceOp.Max);
        var values = extremes.ToArray<long>();
        if (values[0] != -values[1])
            throw new InvalidOperationException(
                "DistributedDataParallel expects the same model on every rank, but the parameters' or buffers' names, shapes or dtypes differ between ranks. " +
                $"Rank {group.Rank} has {parameters.Count} parameters ({string.Join(", ", parameters.Select(p => $"{p.Name} {p.Parameter.Shape}"))}) and {buffers.Count} buffers.");
    }

    /// <summary>FNV-1a over the names, shapes and dtypes: the same on every machine and run (string.GetHashCode is not).</summary>
    private static long Fingerprint(IEnumerable<(string Kind, string Name, Tensor Tensor)> entries)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var (kind, name, tensor) in entries)
            foreach (char c in $"{kind} {name} {tensor.Shape} {tensor.DType}\n")
                hash = (hash ^ c) * 1099511628211UL;
        return (long)hash;
    }
}
