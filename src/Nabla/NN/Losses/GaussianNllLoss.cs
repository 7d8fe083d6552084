namespace Nabla.NN;

/// <summary>
/// The Gaussian negative log-likelihood loss, like <c>torch.nn.GaussianNLLLoss</c>: its forward takes the
/// means, the targets and the variances; see <see cref="F.GaussianNllLoss"/>.
/// </summary>
/// <example><code>var loss = new GaussianNllLoss().Forward(mean, target, variance);</code></example>
public sealed class GaussianNllLoss(bool full = false, double eps = 1e-6, Reduction reduction = Reduction.Mean) : Module
{
    /// <summary>Whether the constant ½log 2π is added.</summary>
    public bool Full { get; } = full;

    /// <summary>The smallest variance used (larger ones pass unchanged).</summary>
    public double Eps { get; } = eps;

    /// <summary>How the per-element losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>The loss of targets <paramref name="target"/> under means <paramref name="input"/> and variances <paramref name="var"/>, like <c>loss_fn(input, target, var)</c>.</summary>
    public Tensor Forward(Tensor input, Tensor target, Tensor var) => F.GaussianNllLoss(input, target, var, Full, Eps, Reduction);

    /// <inheritdoc/>
    protected override string? ForwardUsage => "GaussianNllLoss.Forward(input, target, var)";

    /// <inheritdoc/>
    protected override string TypeName => "GaussianNLLLoss";
}
