namespace Nabla.NN;

/// <summary>
/// A batch of variable-length sequences packed time step by time step, like
/// <c>torch.nn.utils.rnn.PackedSequence</c>: <see cref="Data"/> holds the rows of step 0 for every
/// sequence, then those of step 1 for the sequences at least 2 long, and so on, the sequences sorted
/// by length (longest first); <see cref="BatchSizes"/>[t] says how many sequences step t holds. Make
/// one with <see cref="RnnUtils.PackPaddedSequence(Tensor, Tensor, bool, bool)"/> or
/// <see cref="RnnUtils.PackSequence"/>; <see cref="Lstm"/>, <see cref="Gru"/> and <see cref="Rnn"/>
/// take and return it, and <see cref="RnnUtils.PadPackedSequence"/> turns it back into a padded batch.
/// </summary>
/// <example><code>
/// var packed = RnnUtils.PackPaddedSequence(x, lengths: [5, 3, 2], batchFirst: true);
/// var (output, (h, c)) = lstm.Forward(packed);   // h, c: each sequence's state at its own last step
/// var (padded, outputLengths) = RnnUtils.PadPackedSequence(output, batchFirst: true);
/// </code></example>
public sealed class PackedSequence
{
    /// <summary>
    /// A packed sequence from its parts, as PyTorch's constructor (which, like this one, is meant for the packing
    /// functions): <paramref name="unsortedIndices"/> defaults to the inverse of <paramref name="sortedIndices"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When the batch sizes are not a 1-d int64 tensor of positive, non-increasing sizes adding up to the rows of <paramref name="data"/>, or an index is not a permutation of the batch.</exception>
    public PackedSequence(Tensor data, Tensor batchSizes, Tensor? sortedIndices = null, Tensor? unsortedIndices = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(batchSizes);
        if (batchSizes.Dim != 1 || batchSizes.DType != DType.Int64 || batchSizes.Numel == 0)
            throw new ArgumentException($"batch_sizes must be a non-empty 1-d int64 tensor, but got {batchSizes.DType.Name()} of shape {batchSizes.Shape}", nameof(batchSizes));
        long[] sizes = batchSizes.ToArray<long>();
        for (int t = 0; t < sizes.Length; t++)
            if (sizes[t] <= 0 || (t > 0 && sizes[t] > sizes[t - 1]))
                throw new ArgumentException($"batch_sizes must be positive and non-increasing, but got [{string.Join(", ", sizes)}]", nameof(batchSizes));
        if (data.Dim == 0 || data.Size(0) != sizes.Sum())
            throw new ArgumentException($"data must have one row per packed element ({sizes.Sum()} for batch_sizes [{string.Join(", ", sizes)}]), but got shape {data.Shape}", nameof(data));
        Steps = [.. sizes.Select(s => (int)s)];
        sortedIndices = CheckPermutation(sortedIndices, Steps[0], nameof(sortedIndices));
        unsortedIndices = CheckPermutation(unsortedIndices, Steps[0], nameof(unsortedIndices));
        Data = data;
        BatchSizes = batchSizes;
        SortedIndices = sortedIndices;
        UnsortedIndices = unsortedIndices ?? (sortedIndices is null ? null : Invert(sortedIndices));
    }

    /// <summary>The packed rows [N, *], N being the sum of <see cref="BatchSizes"/>.</summary>
    public Tensor Data { get; }

    /// <summary>How many sequences each time step holds (1-d int64, non-increasing), like <c>batch_sizes</c>.</summary>
    public Tensor BatchSizes { get; }

    /// <summary>
    /// The batch position of the sequence at each sorted position (longest first), or null when the batch was
    /// given sorted (<c>enforceSorted: true</c>), like <c>sorted_indices</c>.
    /// </summary>
    public Tensor? SortedIndices { get; }

    /// <summary>The sorted position of each sequence of the batch (the inverse of <see cref="SortedIndices"/>), like <c>unsorted_indices</c>.</summary>
    public Tensor? UnsortedIndices { get; }

    /// <summary>The batch sizes as ints.</summary>
    internal int[] Steps { get; }

    /// <summary>The parts, as PyTorch's namedtuple unpacks: <c>var (data, batchSizes, sortedIndices, unsortedIndices) = packed;</c>.</summary>
    public void Deconstruct(out Tensor data, out Tensor batchSizes, out Tensor? sortedIndices, out Tensor? unsortedIndices)
        => (data, batchSizes, sortedIndices, unsortedIndices) = (Data, BatchSizes, SortedIndices, UnsortedIndices);

    /// <summary>The same batch with other packed rows (a recurrent layer's output), keeping the sizes and the order.</summary>
    internal PackedSequence WithData(Tensor data) => new(data, BatchSizes, SortedIndices, UnsortedIndices);

    /// <summary>PyTorch's repr: <c>PackedSequence(data=tensor(...), batch_sizes=tensor([3, 2, 1]), sorted_indices=None, unsorted_indices=None)</c>.</summary>
    public override string ToString()
        => $"PackedSequence(data={Data}, batch_sizes={BatchSizes}, sorted_indices={SortedIndices?.ToString() ?? "None"}, unsorted_indices={UnsortedIndices?.ToString() ?? "None"})";

    private static Tensor? CheckPermutation(Tensor? indices, int batch, string name)
    {
        if (indices is null) return null;
        bool ok = indices.Dim == 1 && indices.DType == DType.Int64 && indices.Size(0) == batch;
        if (ok)
        {
            var seen = new bool[batch];
            foreach (long i in indices.ToArray<long>()) ok &= i >= 0 && i < batch && !seen[i] && (seen[i] = true);
        }
        if (!ok) throw new ArgumentException($"{name} must be a 1-d int64 permutation of the {batch} sequences, but got {indices}", name);
        return indices;
    }

    /// <summary>The inverse permutation (PyTorch's <c>invert_permutation</c>).</summary>
    internal static Tensor Invert(Tensor permutation)
    {
        long[] p = permutation.ToArray<long>(), inverse = new long[p.Length];
        for (int i = 0; i < p.Length; i++) inverse[p[i]] = i;
        return Tensor.FromArray(inverse);
    }
}
