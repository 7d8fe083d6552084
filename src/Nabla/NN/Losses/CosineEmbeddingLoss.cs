namespace Nabla.NN;

/// <summary>
/// The cosine embedding loss, like <c>torch.nn.CosineEmbeddingLoss</c>: the margin is the cosine below which
/// a dissimilar pair costs nothing; see <see cref="F.CosineEmbeddingLoss"/>.
/// </summary>
public sealed class CosineEmbeddingLoss(double margin = 0, Reduction reduction = Reduction.Mean) : PairMarginLoss(margin, reduction)
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input1, Tensor input2, Tensor target) => F.CosineEmbeddingLoss(input1, input2, target, Margin, Reduction);
}
