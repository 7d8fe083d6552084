namespace Nabla.NN;

/// <summary>The smooth L1 loss, like <c>torch.nn.SmoothL1Loss</c>; see <see cref="F.SmoothL1Loss"/>.</summary>
public sealed class SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0) : Loss(reduction)
{
    /// <summary>Where the loss turns from quadratic to linear (0: the L1 loss).</summary>
    public double Beta { get; } = beta;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.SmoothL1Loss(input, target, Reduction, Beta);
}
