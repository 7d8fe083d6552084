namespace Nabla.NN;

/// <summary>The Huber loss, like <c>torch.nn.HuberLoss</c>; see <see cref="F.HuberLoss"/>.</summary>
public sealed class HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1.0) : Loss(reduction)
{
    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public double Delta { get; } = delta;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.HuberLoss(input, target, Reduction, Delta);
}
