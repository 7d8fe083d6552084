namespace Nabla.NN;

/// <summary>The connectionist temporal classification loss, like <c>torch.nn.CTCLoss</c>; see <see cref="F.CtcLoss(Tensor, Tensor, Tensor, Tensor, int, Reduction, bool)"/>.</summary>
/// <example><code>var loss = new CtcLoss(blank: 0).Forward(logProbs, targets, inputLengths, targetLengths);</code></example>
public sealed class CtcLoss(int blank = 0, Reduction reduction = Reduction.Mean, bool zeroInfinity = false) : Module
{
    /// <summary>The blank class.</summary>
    public int Blank { get; } = blank;

    /// <summary>How the per-sample losses are combined (the mean divides each by its target length first).</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>Whether infinite losses (impossible alignments) count 0.</summary>
    public bool ZeroInfinity { get; } = zeroInfinity;

    /// <summary>The loss of log-probabilities [T, N, C] against targets, like <c>ctc_loss(log_probs, targets, input_lengths, target_lengths)</c>.</summary>
    public Tensor Forward(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths)
        => F.CtcLoss(logProbs, targets, inputLengths, targetLengths, Blank, Reduction, ZeroInfinity);

    /// <inheritdoc/>
    protected override string? ForwardUsage => "CtcLoss.Forward(logProbs, targets, inputLengths, targetLengths)";

    /// <inheritdoc/>
    protected override string TypeName => "CTCLoss";
}
