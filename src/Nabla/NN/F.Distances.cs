namespace Nabla.NN;

// Distances and similarities between batches of vectors, composed as ATen composes them.
public static partial class F
{
    /// <summary>
    /// The p-norm distance ‖x₁ - x₂ + ε‖ₚ along the last dim, like <c>F.pairwise_distance</c> (node
    /// <c>NormBackward1</c>); the inputs broadcast, and <paramref name="eps"/> keeps the norm off 0.
    /// </summary>
    /// <exception cref="ArgumentException">When the shapes do not broadcast.</exception>
    public static Tensor PairwiseDistance(Tensor x1, Tensor x2, double p = 2, double eps = 1e-6, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(x2);
        int innermost = Math.Max(x1.Dim, x2.Dim) - 1;
        return NNOps.NormAlong(x1 - x2 + eps, p, innermost, keepDim);
    }

    /// <summary>
    /// The cosine similarity Σ (x₁/max(‖x₁‖, ε))·(x₂/max(‖x₂‖, ε)) along <paramref name="dim"/>, like
    /// <c>F.cosine_similarity</c> (as PyTorch 2 computes it: each input divided by its norm first, so the
    /// result stays within [-1, 1]). The inputs broadcast; integer inputs are converted to the common float dtype.
    /// </summary>
    /// <exception cref="ArgumentException">When the common dtype is not floating point, or the shapes do not broadcast.</exception>
    public static Tensor CosineSimilarity(Tensor x1, Tensor x2, int dim = 1, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(x2);
        var common = DTypes.ResultType(x1, x2);
        if (!common.IsFloatingPoint())
            throw new ArgumentException($"expected common dtype to be floating point, yet common dtype is {common.Name()}");
        var both = Tensor.BroadcastTensors(x1.DType.IsFloatingPoint() ? x1 : x1.To(common), x2.DType.IsFloatingPoint() ? x2 : x2.To(common));
        var norm1 = NNOps.CloneClampedWithoutGrad(Linalg.VectorNorm(both[0], 2, [dim], keepDim: true), eps);
        var norm2 = NNOps.CloneClampedWithoutGrad(Linalg.VectorNorm(both[1], 2, [dim], keepDim: true), eps);
        return (both[0] / norm1 * (both[1] / norm2)).Sum(dim);
    }
}
