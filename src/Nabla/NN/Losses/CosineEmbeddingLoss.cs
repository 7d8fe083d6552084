namespace Nabla.NN;

/// <summary>The cosine embedding loss, like <c>torch.nn.CosineEmbeddingLoss</c>; see <see cref="F.CosineEmbeddingLoss"/>.</summary>
public sealed class CosineEmbeddingLoss(double margin = 0, Reduction reduction = Reduction.Mean) : Module
{
    /// <summary>The cosine below which a dissimilar pair costs nothing.</summary>
    public double Margin { get; } = margin;

    /// <summary>How the per-sample losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>The loss of the pairs (<paramref name="input1"/>, <paramref name="input2"/>) labelled 1 (similar) or -1 by <paramref name="target"/>.</summary>
    public Tensor Forward(Tensor input1, Tensor input2, Tensor target) => F.CosineEmbeddingLoss(input1, input2, target, Margin, Reduction);

    /// <inheritdoc/>
    protected override string? ForwardUsage => "CosineEmbeddingLoss.Forward(input1, input2, target)";
}
