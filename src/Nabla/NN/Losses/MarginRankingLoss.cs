namespace Nabla.NN;

/// <summary>
/// The margin ranking loss, like <c>torch.nn.MarginRankingLoss</c>: the margin is how far ahead the
/// higher-ranked input must be to cost nothing; see <see cref="F.MarginRankingLoss"/>.
/// </summary>
public sealed class MarginRankingLoss(double margin = 0, Reduction reduction = Reduction.Mean) : PairMarginLoss(margin, reduction)
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input1, Tensor input2, Tensor target) => F.MarginRankingLoss(input1, input2, target, Margin, Reduction);
}
