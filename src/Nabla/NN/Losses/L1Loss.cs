namespace Nabla.NN;

/// <summary>The mean absolute error, like <c>torch.nn.L1Loss</c>; see <see cref="F.L1Loss"/>.</summary>
public sealed class L1Loss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.L1Loss(input, target, Reduction);
}
