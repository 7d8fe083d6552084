namespace Nabla.NN;

// The connectionist temporal classification loss: PyTorch's ctc_loss composes the reduction around the
// per-sample op _ctc_loss (node CtcLossBackward0, Ops/NN.CtcLoss.cs), and so does this.
public static partial class F
{
    /// <summary>
    /// The CTC loss -log p(target | input) summed over every alignment of each target to its input frames,
    /// like <c>F.ctc_loss</c>. <paramref name="logProbs"/> [T, N, C] (or [T, C] unbatched) are
    /// log-probabilities (e.g. from <c>LogSoftmax(2)</c>); <paramref name="targets"/> are class indices,
    /// padded [N, S] or concatenated 1-d (the lengths' sum), never <paramref name="blank"/>;
    /// <paramref name="inputLengths"/> and <paramref name="targetLengths"/> [N] give each sample's frames
    /// and labels. <see cref="Reduction.Mean"/> divides each loss by its target length, then averages.
    /// With <paramref name="zeroInfinity"/>, impossible alignments (infinite losses) count 0 and get no gradient.
    /// </summary>
    /// <remarks>
    /// As in PyTorch, the gradient is exact for log-probabilities that come from a log_softmax: PyTorch's
    /// formula adds e^lp to the gradient, which the log_softmax's backward cancels.
    /// </remarks>
    /// <example><code>var loss = F.CtcLoss(logits.LogSoftmax(2), targets, inputLengths, targetLengths);</code></example>
    /// <exception cref="ArgumentException">When shapes, dtypes or lengths do not fit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When the blank is not a class, a length is out of range, or a target is not a class.</exception>
    public static Tensor CtcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank = 0,
        Reduction reduction = Reduction.Mean, bool zeroInfinity = false)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(inputLengths);
        ArgumentNullException.ThrowIfNull(targetLengths);
        NNOps.CheckReduction(reduction, "ctc_loss");
        bool batched = logProbs.Dim == 3;
        var losses = NNOps.CtcLoss(batched ? logProbs : logProbs.Unsqueeze(1), targets, inputLengths, targetLengths, blank, zeroInfinity);
        if (zeroInfinity) losses = losses.Where(losses.Ne(double.PositiveInfinity), Tensor.Zeros([], losses.DType));
        return reduction switch
        {
            Reduction.Mean => (losses / targetLengths.To(losses.DType).Clamp(min: 1)).Mean(),
            Reduction.Sum => losses.Sum(),
            _ => batched ? losses : losses.Squeeze(0),
        };
    }

    /// <summary>The CTC loss with the lengths given as arrays, like <c>F.ctc_loss(..., input_lengths=(5, 4), ...)</c>; see <see cref="CtcLoss(Tensor, Tensor, Tensor, Tensor, int, Reduction, bool)"/>.</summary>
    public static Tensor CtcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, int blank = 0,
        Reduction reduction = Reduction.Mean, bool zeroInfinity = false)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(inputLengths);
        ArgumentNullException.ThrowIfNull(targetLengths);
        return CtcLoss(logProbs, targets, Tensor.FromArray(inputLengths, DType.Int64), Tensor.FromArray(targetLengths, DType.Int64), blank, reduction, zeroInfinity);
    }
}
