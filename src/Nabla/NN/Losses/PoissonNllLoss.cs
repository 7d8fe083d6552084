namespace Nabla.NN;

/// <summary>The Poisson negative log-likelihood loss, like <c>torch.nn.PoissonNLLLoss</c>; see <see cref="F.PoissonNllLoss"/>.</summary>
public sealed class PoissonNllLoss(bool logInput = true, bool full = false, double eps = 1e-8, Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <summary>Whether the input is a log rate.</summary>
    public bool LogInput { get; } = logInput;

    /// <summary>Whether Stirling's term is added.</summary>
    public bool Full { get; } = full;

    /// <summary>What keeps log(x + eps) finite for rates (not log rates).</summary>
    public double Eps { get; } = eps;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.PoissonNllLoss(input, target, LogInput, Full, Eps, Reduction);

    /// <inheritdoc/>
    protected override string TypeName => "PoissonNLLLoss";
}
