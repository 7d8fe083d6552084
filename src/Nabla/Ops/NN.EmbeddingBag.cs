using Nabla.Kernels;

namespace Nabla;

// embedding_bag: the rows of a bag of lookups reduced to one (sum, mean or max) without materialising
// the [lookups, dim] rows as a graph value. The bags are index bookkeeping done once in the forward
// pass (which lookups count, in which bag); the reductions are index_add and max over tensors, so
// the one recorded node (EmbeddingBagBackward0) has tensor formulas.
internal static partial class NNOps
{
    /// <summary>
    /// embedding_bag over the 1-d <paramref name="input"/> cut into bags at <paramref name="offsets"/>, or
    /// the rows of a 2-d input as bags of equal length (node <c>EmbeddingBagBackward0</c>); padding
    /// lookups are left out of their bag (an empty bag gives zeros).
    /// </summary>
    public static Tensor EmbeddingBag(Tensor input, Tensor weight, Tensor? offsets, double? maxNorm, double normType, bool scaleGradByFreq,
        string mode, Tensor? perSampleWeights, bool includeLastOffset, long? paddingIdx)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(mode);
        var bounds = BagBounds(input, offsets, perSampleWeights, includeLastOffset);
        if (mode is not ("sum" or "mean" or "max")) throw new ArgumentException("mode has to be one of sum, mean or max", nameof(mode));
        if (mode == "max" && scaleGradByFreq) throw new ArgumentException("max mode does not support scaling the gradient by the frequency");
        if (perSampleWeights is not null && mode != "sum")
            throw new NotSupportedException($"embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='{mode}'). Please open a feature request on GitHub.");
        var flat = LookupIndices(input, weight, "embedding_bag");
        CheckFloating(weight, "embedding_bag");
        CheckSameDType(weight, perSampleWeights, "per_sample_weights", "embedding_bag");
        if (maxNorm is { } max) EmbeddingRenorm(weight, flat, max, normType);

        var bags = Bags.Of(flat.ToArray<long>(), bounds, paddingIdx);
        var weights = perSampleWeights is null ? null : perSampleWeights.Dim == 1 ? perSampleWeights : perSampleWeights.Reshape(-1);
        var (output, args) = mode == "max"
            ? Untracked(() => MaxBags(weight, bags))
            : Untracked(() => SumBags(weight, weights, bags, mode == "mean", scaleGradByFreq ? LookupScale(flat, weight.Size(0), null, true) : null));
        // The layout and the (flat) indices are offered to readers of the trace (an exporter); the backward reads the bookkeeping.
        args = args with { Mode = mode, PaddingIdx = paddingIdx, Bounds = bounds };
        return Derivatives.EmbeddingBag.Record(output, weights is null ? [weight] : [weight, weights], args, (Slot.Index, flat));
    }

    // Where each bag starts and ends in the flat input (F.embedding_bag's argument checks).
    private static (long Start, long End)[] BagBounds(Tensor input, Tensor? offsets, Tensor? perSampleWeights, bool includeLastOffset)
    {
        if (perSampleWeights is not null && !perSampleWeights.ShapeArray.AsSpan().SequenceEqual(input.ShapeArray))
            throw new ArgumentException($"embedding_bag: If per_sample_weights ({perSampleWeights.Shape}) is not None, then it must have the same shape as the input ({input.Shape})");
        long count = input.Count;
        if (input.Dim == 2)
        {
            if (offsets is not null)
                throw new ArgumentException("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type Tensor");
            int length = input.Size(1);
            return [.. Enumerable.Range(0, input.Size(0)).Select(b => ((long)b * length, (long)(b + 1) * length))];
        }
        if (input.Dim != 1) throw new ArgumentException($"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.Dim}");
        if (offsets is null) throw new ArgumentException("offsets has to be a 1D Tensor but got None");
        if (offsets.Dim != 1 || !offsets.DType.IsIntegral()) throw new ArgumentException($"offsets has to be a 1D Tensor of integers, but got {offsets.DType.Name()} of size {offsets.Shape}");
        long[] starts = Compute.Cast(offsets, DType.Int64).ToArray<long>();
        int numBags = includeLastOffset ? starts.Length - 1 : starts.Length;
        if (numBags < 0) throw new ArgumentException("include_last_offset: numBags should be at least 1");
        if (starts.Length > 0 && starts[0] != 0)
            throw new ArgumentException($"offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got {starts[0]}");
        for (int b = 1; b < starts.Length; b++)
            if (starts[b] < starts[b - 1]) throw new ArgumentException($"offsets must be non-decreasing, but offsets[{b}] = {starts[b]} < offsets[{b - 1}] = {starts[b - 1]}");
        if (starts.Length > 0 && starts[^1] > count)
            throw new ArgumentException($"offsets[-1] can not be greater than input's length {count}, but got {starts[^1]}");
        return [.. Enumerable.Range(0, numBags).Select(b => (starts[b], b + 1 < starts.Length ? starts[b + 1] : count))];
    }

    // Σ (or the mean) of each bag's rows, each times its per-sample weight.
    private static (Tensor, EmbeddingBagArgs) SumBags(Tensor weight, Tensor? perSampleWeights, Bags bags, bool mean, Tensor? frequencyScale)
    {
        var meanScale = mean ? Tensor.FromArray(bags.Bag.Select(b => 1.0 / bags.Counts[b]).ToArray()) : null;
        var (index, bag, kept) = (Tensor.FromArray(bags.Index), Tensor.FromArray(bags.Bag), Tensor.FromArray(bags.Kept));
        var rows = weight.IndexSelect(0, index);
        if (meanScale is not null) rows = rows * meanScale.To(weight.DType).Unsqueeze(1);
        if (perSampleWeights is not null) rows = rows * perSampleWeights.IndexSelect(0, kept).Unsqueeze(1);
        var output = Tensor.Zeros([bags.Counts.Length, weight.Size(1)], weight.DType).IndexAdd(0, bag, rows);
        var gradScale = frequencyScale?.IndexSelect(0, kept) is { } f ? (meanScale is null ? f : f * meanScale) : meanScale;
        return (output, new EmbeddingBagArgs(index, bag, kept, bags.InputCount, gradScale, null, null));
    }

    // The largest value of each column over each bag's rows (the first row on ties), 0 for an empty bag:
    // the bags padded to one length with a row of -∞, reduced with max along the bag.
    private static (Tensor, EmbeddingBagArgs) MaxBags(Tensor weight, Bags bags)
    {
        int numBags = bags.Counts.Length, dim = weight.Size(1), longest = Math.Max(1, bags.Counts.DefaultIfEmpty().Max());
        var padded = new long[numBags * longest];
        Array.Fill(padded, weight.Size(0));   // the -∞ row
        var filled = new int[numBags];
        for (int k = 0; k < bags.Index.Length; k++) padded[bags.Bag[k] * longest + filled[bags.Bag[k]]++] = bags.Index[k];
        var rowIndex = Tensor.FromArray(padded, [numBags, longest]);
        var withFiller = Tensor.Cat([weight, Tensor.Full([1, dim], double.NegativeInfinity, weight.DType)]);
        var (values, position) = withFiller.IndexSelect(0, rowIndex.Reshape(-1)).View(numBags, longest, dim).Max(1);
        var nonEmpty = Tensor.FromArray(bags.Counts.Select(c => c > 0).ToArray(), [numBags, 1]);
        var picked = rowIndex.Gather(1, position).Where(nonEmpty, Tensor.Scalar(0L));
        var none = Tensor.FromArray(Array.Empty<long>());
        return (values.Where(nonEmpty, 0.0), new EmbeddingBagArgs(none, none, none, bags.InputCount, null, picked, nonEmpty));
    }

    /// <summary>The lookups that count, each with its row and its bag (padding and lookups past the last bag left out), and each bag's count.</summary>
    private sealed record Bags(long[] Index, long[] Bag, long[] Kept, int[] Counts, int InputCount)
    {
        public static Bags Of(long[] indices, (long Start, long End)[] bounds, long? paddingIdx)
        {
            List<long> index = [], bag = [], kept = [];
            var counts = new int[bounds.Length];
            for (int b = 0; b < bounds.Length; b++)
                for (long k = bounds[b].Start; k < bounds[b].End; k++)
                {
                    if (indices[k] == paddingIdx) continue;
                    index.Add(indices[k]);
                    bag.Add(b);
                    kept.Add(k);
                    counts[b]++;
                }
            return new Bags([.. index], [.. bag], [.. kept], counts, indices.Length);
        }
    }
}

/// <summary>
/// embedding_bag's bookkeeping for its backward: sum/mean keep each counted lookup's row, bag and position
/// in the input, and a constant factor of its gradient (1/count for mean, 1/frequency); max keeps the row each
/// column of each bag picked and which bags were not empty.
/// </summary>
internal sealed record EmbeddingBagArgs(Tensor Index, Tensor Bag, Tensor Kept, int InputCount, Tensor? GradScale, Tensor? MaxIndices, Tensor? NonEmpty)
{
    /// <summary>sum, mean or max: what an exporter writes out (the backward reads the bookkeeping above).</summary>
    public string Mode { get; init; } = "sum";

    /// <summary>The index whose lookups are left out of their bag (made non-negative), or null.</summary>
    public long? PaddingIdx { get; init; }

    /// <summary>Where each bag starts and ends in the flat input (the rows of a 2-d input, or the offsets).</summary>
    public (long Start, long End)[] Bounds { get; init; } = [];
}
