namespace Nabla.NN;

/// <summary>The mean squared error, like <c>torch.nn.MSELoss</c>; see <see cref="F.MseLoss"/>.</summary>
public sealed class MseLoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.MseLoss(input, target, Reduction);

    /// <inheritdoc/>
    protected override string TypeName => "MSELoss";
}
