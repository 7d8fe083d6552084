namespace Nabla.NN;

/// <summary>
/// Batches of variable-length sequences for the recurrent layers, like <c>torch.nn.utils.rnn</c>: packing a
/// padded batch (<see cref="PackPaddedSequence(Tensor, Tensor, bool, bool)"/>), padding a packed one back
/// (<see cref="PadPackedSequence"/>), and the list forms (<see cref="PadSequence"/>, <see cref="PackSequence"/>,
/// <see cref="UnpadSequence"/>, <see cref="UnpackSequence"/>). Every function is differentiable in the data.
/// </summary>
public static class RnnUtils
{
    /// <summary>
    /// Packs a padded batch [T, B, *] ([B, T, *] with <paramref name="batchFirst"/>) whose sequence b is
    /// <paramref name="lengths"/>[b] steps long, like <c>pack_padded_sequence</c>. With <paramref name="enforceSorted"/>
    /// the lengths must be non-increasing; otherwise the batch is sorted here and the packed sequence remembers the order.
    /// </summary>
    /// <exception cref="ArgumentException">When the lengths are not one positive length per sequence, at most T, sorted when <paramref name="enforceSorted"/>.</exception>
    public static PackedSequence PackPaddedSequence(Tensor input, Tensor lengths, bool batchFirst = false, bool enforceSorted = true)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (lengths.Dim != 1 || !lengths.DType.IsIntegral())
            throw new ArgumentException($"lengths must be a 1-d integer tensor, but got {lengths.DType.Name()} of shape {lengths.Shape}", nameof(lengths));
        return PackPaddedSequence(input, [.. lengths.ToArray<long>().Select(l => (int)Math.Clamp(l, int.MinValue, int.MaxValue))], batchFirst, enforceSorted);
    }

    /// <summary>As <see cref="PackPaddedSequence(Tensor, Tensor, bool, bool)"/>, with the lengths as a list (<c>lengths: [5, 3, 2]</c>).</summary>
    public static PackedSequence PackPaddedSequence(Tensor input, int[] lengths, bool batchFirst = false, bool enforceSorted = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(lengths);
        if (input.Dim < 2) throw new ArgumentException($"pack_padded_sequence: expected an input of at least 2 dims (T, B, *), but got shape {input.Shape}", nameof(input));
        int steps = input.Size(batchFirst ? 1 : 0), batch = input.Size(batchFirst ? 0 : 1);
        if (lengths.Length != batch)
            throw new ArgumentException($"Expected `len(lengths)` to be equal to batch_size, but got {lengths.Length} (batch_size={batch})", nameof(lengths));
        int[] order = SortedOrder(lengths, enforceSorted);
        if (lengths[order[^1]] <= 0)
            throw new ArgumentException("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0", nameof(lengths));
        if (lengths[order[0]] > steps)
            throw new ArgumentException($"lengths: a sequence of length {lengths[order[0]]} does not fit an input of {steps} time steps (shape {input.Shape})", nameof(lengths));

        var batchSizes = new long[lengths[order[0]]];
        var rows = new List<long>();
        for (int t = 0; t < batchSizes.Length; t++)
            for (int s = 0; s < batch && lengths[order[s]] > t; s++, batchSizes[t]++)
                rows.Add(batchFirst ? (long)order[s] * steps + t : (long)t * batch + order[s]);   // the row of (t, b) in the flattened input
        var flat = input.Reshape([steps * batch, .. input.ShapeArray[2..]]);
        var sorted = enforceSorted ? null : Tensor.FromArray(order.Select(i => (long)i).ToArray());
        return new PackedSequence(flat.IndexSelect(0, Tensor.FromArray(rows.ToArray())), Tensor.FromArray(batchSizes), sorted);
    }

    /// <summary>
    /// Pads a packed batch back to [T, B, *] ([B, T, *] with <paramref name="batchFirst"/>) in the batch's original
    /// order, with <paramref name="paddingValue"/> past each sequence's end and T = <paramref name="totalLength"/> or
    /// the longest length; returns it and the lengths (int64), like <c>pad_packed_sequence</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="totalLength"/> is shorter than the longest sequence.</exception>
    public static (Tensor Padded, Tensor Lengths) PadPackedSequence(PackedSequence sequence, bool batchFirst = false, double paddingValue = 0.0, int? totalLength = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        int[] sizes = sequence.Steps;
        int batch = sizes[0], longest = sizes.Length, steps = totalLength ?? longest;
        if (steps < longest)
            throw new ArgumentException($"Expected total_length to be at least the length of the longest sequence in input, but got total_length={totalLength} and max sequence length being {longest}", nameof(totalLength));
        var data = sequence.Data;
        long[] position = sequence.UnsortedIndices?.ToArray<long>() ?? [.. Enumerable.Range(0, batch).Select(i => (long)i)];
        var starts = new int[longest];   // the first packed row of each step
        for (int t = 1; t < longest; t++) starts[t] = starts[t - 1] + sizes[t - 1];
        int padRow = data.Size(0);       // one row of padding after the data
        var rows = new long[steps * batch];
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                rows[batchFirst ? b * steps + t : t * batch + b] = t < longest && position[b] < sizes[t] ? starts[t] + position[b] : padRow;
        var pad = Tensor.Full([1, .. data.ShapeArray[1..]], paddingValue, data.DType);
        var padded = Tensor.Cat([data, pad], 0).IndexSelect(0, Tensor.FromArray(rows));
        int[] shape = batchFirst ? [batch, steps, .. data.ShapeArray[1..]] : [steps, batch, .. data.ShapeArray[1..]];
        var lengths = position.Select(p => (long)sizes.Count(s => s > p)).ToArray();
        return (padded.View(shape), Tensor.FromArray(lengths));
    }

    /// <summary>
    /// Stacks sequences [Lᵢ, *] into one padded batch [max L, B, *] ([B, max L, *] with <paramref name="batchFirst"/>),
    /// filling with <paramref name="paddingValue"/>, like <c>pad_sequence</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When the list is empty or the sequences differ past their first dim.</exception>
    public static Tensor PadSequence(IReadOnlyList<Tensor> sequences, bool batchFirst = false, double paddingValue = 0.0)
    {
        CheckSequences(sequences);
        int longest = sequences.Max(s => s.Size(0));
        var padded = sequences.Select(s => s.Size(0) == longest ? s
            : Tensor.Cat([s, Tensor.Full([longest - s.Size(0), .. s.ShapeArray[1..]], paddingValue, s.DType)], 0)).ToArray();
        return Tensor.Stack(padded, batchFirst ? 0 : 1);
    }

    /// <summary>Packs a list of sequences [Lᵢ, *], like <c>pack_sequence</c> (longest first unless <paramref name="enforceSorted"/> is false).</summary>
    public static PackedSequence PackSequence(IReadOnlyList<Tensor> sequences, bool enforceSorted = true)
    {
        CheckSequences(sequences);
        return PackPaddedSequence(PadSequence(sequences), [.. sequences.Select(s => s.Size(0))], enforceSorted: enforceSorted);
    }

    /// <summary>The sequences of a padded batch, each cut to its length, like <c>unpad_sequence</c>.</summary>
    public static Tensor[] UnpadSequence(Tensor paddedSequences, Tensor lengths, bool batchFirst = false)
    {
        ArgumentNullException.ThrowIfNull(paddedSequences);
        ArgumentNullException.ThrowIfNull(lengths);
        long[] l = lengths.ToArray<long>();
        return [.. l.Select((length, b) => paddedSequences.Select(batchFirst ? 0 : 1, b).Narrow(0, 0, (int)length))];
    }

    /// <summary>The sequences of a packed batch, in the batch's order, like <c>unpack_sequence</c>.</summary>
    public static Tensor[] UnpackSequence(PackedSequence packedSequences)
    {
        ArgumentNullException.ThrowIfNull(packedSequences);
        var (padded, lengths) = PadPackedSequence(packedSequences, batchFirst: true);
        return UnpadSequence(padded, lengths, batchFirst: true);
    }

    // The batch positions from longest to shortest (stable), or as given when the caller promises they are sorted.
    private static int[] SortedOrder(int[] lengths, bool enforceSorted)
    {
        int[] order = [.. Enumerable.Range(0, lengths.Length)];
        if (!enforceSorted) return [.. order.OrderByDescending(i => lengths[i])];
        for (int i = 1; i < lengths.Length; i++)
            if (lengths[i] > lengths[i - 1])
                throw new ArgumentException("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` " +
                    "to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.", nameof(lengths));
        return order;
    }

    private static void CheckSequences(IReadOnlyList<Tensor> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("expected a non-empty list of sequences", nameof(sequences));
        foreach (var s in sequences)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(sequences));
            if (s.Dim == 0 || !s.Shape.AsSpan()[1..].SequenceEqual(sequences[0].Shape.AsSpan()[1..]))
                throw new ArgumentException($"every sequence must have the shape [L, {string.Join(", ", sequences[0].ShapeArray[1..])}] past its length, but got {s.Shape}", nameof(sequences));
        }
    }
}
