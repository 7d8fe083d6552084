namespace Nabla.NN;

/// <summary>The margin ranking loss, like <c>torch.nn.MarginRankingLoss</c>; see <see cref="F.MarginRankingLoss"/>.</summary>
public sealed class MarginRankingLoss(double margin = 0, Reduction reduction = Reduction.Mean) : Module
{
    /// <summary>How far ahead the higher-ranked input must be to cost nothing.</summary>
    public double Margin { get; } = margin;

    /// <summary>How the per-element losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>The loss of ranking <paramref name="input1"/> against <paramref name="input2"/> as <paramref name="target"/> (1 or -1) says.</summary>
    public Tensor Forward(Tensor input1, Tensor input2, Tensor target) => F.MarginRankingLoss(input1, input2, target, Margin, Reduction);

    /// <inheritdoc/>
    protected override string? ForwardUsage => "MarginRankingLoss.Forward(input1, input2, target)";
}
