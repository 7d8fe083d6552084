namespace Nabla.NN;

// The losses over pairs and triplets of embeddings (issue 11), composed as ATen composes them, so
// that the graph shows PyTorch's nodes.
public static partial class F
{
    // ATen's EPSILON for cosine_embedding_loss is a float constant: 1e-12f, widened.
    private const double CosineEmbeddingEpsilon = 1e-12f;

    /// <summary>
    /// The cosine embedding loss, like <c>F.cosine_embedding_loss</c>: 1 - cos(x₁, x₂) where the target is 1,
    /// max(0, cos(x₁, x₂) - <paramref name="margin"/>) where it is -1 (0 for other targets), with
    /// cos = Σx₁x₂ / √((Σx₁² + ε)(Σx₂² + ε)) over the last dim of [N, D] inputs and an [N] target
    /// (or [D] inputs and a 0-d target).
    /// </summary>
    /// <exception cref="ArgumentException">When the target is not 0-d or 1-d, or the inputs do not have one dim more.</exception>
    public static Tensor CosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin = 0, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input1);
        ArgumentNullException.ThrowIfNull(input2);
        ArgumentNullException.ThrowIfNull(target);
        NNOps.CheckReduction(reduction, "cosine_embedding_loss");
        int dim = target.Dim;
        if (dim > 1) throw new ArgumentException("0D or 1D target tensor expected, multi-target not supported");
        if (input1.Dim != dim + 1 || input2.Dim != dim + 1)
            throw new ArgumentException($"{dim}D target tensor expects {dim + 1}D input tensors, but found inputs with sizes {input1.Shape} and {input2.Shape}.");
        var productSum = (input1 * input2).Sum(dim);
        var squares1 = (input1 * input1).Sum(dim) + CosineEmbeddingEpsilon;
        var squares2 = (input2 * input2).Sum(dim) + CosineEmbeddingEpsilon;
        var cos = productSum / (squares1 * squares2).Sqrt();
        var zeros = Tensor.ZerosLike(cos);
        var similar = (1 - cos).Where(target.Eq(1.0), zeros);
        var dissimilar = (cos - margin).ClampMin(0).Where(target.Eq(-1.0), zeros);
        return Reduce(similar + dissimilar, reduction);
    }

    /// <summary>
    /// The margin ranking loss max(0, -y·(x₁ - x₂) + <paramref name="margin"/>), like <c>F.margin_ranking_loss</c>:
    /// a target of 1 asks for x₁ to rank higher, -1 for x₂.
    /// </summary>
    /// <exception cref="ArgumentException">When the three tensors do not have the same number of dims.</exception>
    public static Tensor MarginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin = 0, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input1);
        ArgumentNullException.ThrowIfNull(input2);
        ArgumentNullException.ThrowIfNull(target);
        NNOps.CheckReduction(reduction, "margin_ranking_loss");
        if (input1.Dim != input2.Dim || input1.Dim != target.Dim)
            throw new ArgumentException($"margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: {input1.Shape}, input2: {input2.Shape}, target: {target.Shape} ");
        return Reduce((-target * (input1 - input2) + margin).ClampMin(0), reduction);
    }

    /// <summary>
    /// The triplet margin loss max(0, <paramref name="margin"/> + d(a, p) - d(a, n)) with the
    /// <see cref="PairwiseDistance"/> d of norm <paramref name="p"/>, like <c>F.triplet_margin_loss</c>;
    /// with <paramref name="swap"/>, d(a, n) becomes min(d(a, n), d(p, n)) (Balntas et al.'s distance swap).
    /// </summary>
    /// <exception cref="ArgumentException">When the three tensors do not have the same number of dims, or their shapes do not broadcast.</exception>
    public static Tensor TripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin = 1.0, double p = 2, double eps = 1e-6,
        bool swap = false, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(negative);
        NNOps.CheckReduction(reduction, "triplet_margin_loss");
        if (anchor.Dim != positive.Dim || positive.Dim != negative.Dim)
            throw new ArgumentException("The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: "
                + $"anchor {anchor.Dim}D, positive {positive.Dim}D, and negative {negative.Dim}D inputs");
        var positiveDistance = PairwiseDistance(anchor, positive, p, eps);
        var negativeDistance = PairwiseDistance(anchor, negative, p, eps);
        if (swap) negativeDistance = negativeDistance.Minimum(PairwiseDistance(positive, negative, p, eps));
        return Reduce((margin + positiveDistance - negativeDistance).ClampMin(0), reduction);
    }
}
