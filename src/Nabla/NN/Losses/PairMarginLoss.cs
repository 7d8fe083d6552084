namespace Nabla.NN;

/// <summary>
/// The base of the losses that score a pair of inputs against a target of 1 or -1 under a margin
/// (<see cref="CosineEmbeddingLoss"/>, <see cref="MarginRankingLoss"/>): PyTorch's <c>_Loss</c> for them,
/// with the forward <c>loss_fn(input1, input2, target)</c>.
/// </summary>
public abstract class PairMarginLoss : Module
{
    private protected PairMarginLoss(double margin, Reduction reduction) => (Margin, Reduction) = (margin, reduction);

    /// <summary>The margin of the loss (see the loss's function).</summary>
    public double Margin { get; }

    /// <summary>How the per-element losses are combined.</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of the pair (<paramref name="input1"/>, <paramref name="input2"/>) labelled by <paramref name="target"/> (1 or -1).</summary>
    public abstract Tensor Forward(Tensor input1, Tensor input2, Tensor target);

    /// <inheritdoc/>
    protected sealed override string? ForwardUsage => $"{GetType().Name}.Forward(input1, input2, target)";
}
