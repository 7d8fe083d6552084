namespace Nabla.NN;

// Embeddings: lookups and bags of lookups (the ops live in Ops/NN.Embedding.cs and Ops/NN.EmbeddingBag.cs).
public static partial class F
{
    /// <summary>
    /// Looks up rows of <paramref name="weight"/> [numEmbeddings, dim] by the integer
    /// <paramref name="indices"/> of any shape; the result has shape [*indices.shape, dim], like
    /// <c>F.embedding</c> (node <c>EmbeddingBackward0</c>). The row <paramref name="paddingIdx"/> (negative:
    /// from the end) gets no gradient; with <paramref name="maxNorm"/>, every looked-up row whose
    /// <paramref name="normType"/>-norm exceeds it is first rescaled to that norm, in place in
    /// <paramref name="weight"/>; with <paramref name="scaleGradByFreq"/>, each lookup's gradient is divided
    /// by the number of lookups of its row in the batch.
    /// </summary>
    /// <exception cref="ArgumentException">When the indices are not integers or the weight is not 2-d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside [0, numEmbeddings), or <paramref name="paddingIdx"/> outside [-numEmbeddings, numEmbeddings).</exception>
    public static Tensor Embedding(Tensor indices, Tensor weight, int? paddingIdx = null, double? maxNorm = null, double normType = 2.0, bool scaleGradByFreq = false)
    {
        ArgumentNullException.ThrowIfNull(weight);
        return NNOps.Embedding(indices, weight, NNOps.PaddingIndex(paddingIdx, weight.Size(0)), maxNorm, normType, scaleGradByFreq);
    }

    /// <summary>
    /// Sums, averages or takes the max of bags of embedding rows without materialising the rows, like
    /// <c>F.embedding_bag</c> (node <c>EmbeddingBagBackward0</c>). A 1-d <paramref name="input"/> is cut into bags
    /// starting at <paramref name="offsets"/> (the last bag runs to the end, or, with
    /// <paramref name="includeLastOffset"/>, the last offset ends the last bag); a 2-d input [B, N] is B bags of N.
    /// <paramref name="mode"/> is "sum", "mean" or "max"; <paramref name="perSampleWeights"/> (the input's shape,
    /// mode "sum" only) scale each row. Lookups of <paramref name="paddingIdx"/> are left out (an empty bag gives
    /// zeros); <paramref name="maxNorm"/>, <paramref name="normType"/> and <paramref name="scaleGradByFreq"/> as in <see cref="Embedding"/>.
    /// </summary>
    /// <returns>[number of bags, dim].</returns>
    /// <exception cref="ArgumentException">When the input is not 1-d with offsets or 2-d without, the offsets do not start at 0, grow, and stay within the input, or the mode is unknown.</exception>
    /// <exception cref="NotSupportedException">When per-sample weights come with a mode other than "sum" (as in PyTorch).</exception>
    public static Tensor EmbeddingBag(Tensor input, Tensor weight, Tensor? offsets = null, double? maxNorm = null, double normType = 2.0,
        bool scaleGradByFreq = false, string mode = "mean", Tensor? perSampleWeights = null, bool includeLastOffset = false, int? paddingIdx = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        return NNOps.EmbeddingBag(input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode, perSampleWeights, includeLastOffset,
            NNOps.PaddingIndex(paddingIdx, weight.Size(0)));
    }
}
