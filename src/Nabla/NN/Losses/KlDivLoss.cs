namespace Nabla.NN;

/// <summary>
/// The Kullback-Leibler divergence loss, like <c>torch.nn.KLDivLoss</c>; see <see cref="F.KlDiv"/>.
/// Pass <see cref="Reduction.BatchMean"/> for the KL divergence per sample.
/// </summary>
public sealed class KlDivLoss(Reduction reduction = Reduction.Mean, bool logTarget = false) : Loss(reduction)
{
    /// <summary>Whether the target is given as log-probabilities.</summary>
    public bool LogTarget { get; } = logTarget;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.KlDiv(input, target, Reduction, LogTarget);

    /// <inheritdoc/>
    protected override string TypeName => "KLDivLoss";
}
