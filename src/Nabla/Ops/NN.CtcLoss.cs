using Nabla.Kernels;

namespace Nabla;

// PyTorch's _ctc_loss (node CtcLossBackward0): the per-sample negative log-likelihoods of a batch of
// log-probabilities [T, N, C]; F.CtcLoss composes the reduction around it as PyTorch's ctc_loss does.
internal static partial class NNOps
{
    /// <summary>
    /// _ctc_loss: the losses [N] of <paramref name="logProbs"/> [T, N, C] against <paramref name="targets"/>
    /// (padded [N, S] or concatenated 1-d), with the log-alpha table saved for the backward.
    /// </summary>
    public static Tensor CtcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank, bool zeroInfinity)
    {
        var alignment = CtcAlignment(logProbs, targets, inputLengths, targetLengths, blank, zeroInfinity);
        var (nll, logAlpha) = CtcKernels.Forward(Dense(logProbs), alignment);
        return Derivatives.CtcLoss.Record(nll, [logProbs], alignment, (Slot.Result1, logAlpha));
    }

    /// <summary>
    /// _ctc_loss_backward as an op of the output gradient <paramref name="grad"/> [N]: computed by the
    /// alpha-beta kernel and, as in PyTorch, not differentiable again.
    /// </summary>
    public static Tensor CtcLossBackward(Tensor grad, Tensor logProbs, Tensor nll, Tensor logAlpha, CtcTargets targets)
    {
        var result = CtcKernels.Backward(Dense(grad.Detach()), Dense(logProbs.Detach()), Dense(nll), Dense(logAlpha), targets);
        return Derivatives.CtcLossBackward.Record(result, [grad, logProbs], targets);
    }

    // PyTorch's checks (ctc_loss_cpu), then the targets flattened with each sample's offset.
    private static CtcTargets CtcAlignment(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank, bool zeroInfinity)
    {
        ArgumentNullException.ThrowIfNull(targets);
        CheckFloating(logProbs, "ctc_loss");
        if (logProbs.Dim != 3) throw new ArgumentException($"ctc_loss: expected log_probs to be 3-d [T, N, C] (or 2-d [T, C] unbatched), but got a {logProbs.Dim}-d tensor of shape {logProbs.Shape}");
        int time = logProbs.Size(0), batch = logProbs.Size(1), classes = logProbs.Size(2);
        if (blank < 0 || blank >= classes) throw new ArgumentOutOfRangeException(nameof(blank), $"blank must be in label range (got {blank} for {classes} classes)");
        var inputs = Lengths(inputLengths, "input_lengths", batch);
        var lengths = Lengths(targetLengths, "target_lengths", batch);
        if (targets.DType.IsFloatingPoint() || targets.DType == DType.Bool)
            throw new ArgumentException($"ctc_loss: expected targets to be an integer tensor, but got {targets.DType.Name()}");
        if (targets.Dim is not (1 or 2)) throw new ArgumentException($"ctc_loss: expected targets to be 1-d (concatenated) or 2-d [N, S] (padded), but got shape {targets.Shape}");
        var labels = targets.To(DType.Int64).ToArray<long>();
        var offsets = new int[batch];
        int maxTargetLength;
        if (targets.Dim == 1)
        {
            int total = 0;
            for (int b = 0; b < batch; b++) { offsets[b] = total; total += lengths[b]; }
            if (targets.Size(0) != total)
                throw new ArgumentException($"Expected tensor to have size {total} at dimension 0, but got size {targets.Size(0)} for argument #2 'targets' (while checking arguments for ctc_loss_cpu)");
            maxTargetLength = batch == 0 ? 0 : lengths.Max();
        }
        else
        {
            if (targets.Size(0) != batch)
                throw new ArgumentException($"Expected tensor to have size {batch} at dimension 0, but got size {targets.Size(0)} for argument #2 'targets' (while checking arguments for ctc_loss_cpu)");
            maxTargetLength = targets.Size(1);
            for (int b = 0; b < batch; b++)
            {
                offsets[b] = b * maxTargetLength;
                if (lengths[b] > maxTargetLength)
                    throw new ArgumentException($"Expected tensor to have size at least {lengths[b]} at dimension 1, but got size {maxTargetLength} for argument #2 'targets' (while checking arguments for ctc_loss_cpu)");
            }
        }
        for (int b = 0; b < batch; b++)
        {
            if (inputs[b] > time)
                throw new ArgumentOutOfRangeException(nameof(inputLengths), $"Expected input_lengths to have value at most {time}, but got value {inputs[b]} (while checking arguments for ctc_loss_cpu)");
            for (int k = 0; k < lengths[b]; k++)
                if (labels[offsets[b] + k] is var label && (label < 0 || label >= classes))
                    throw new ArgumentOutOfRangeException(nameof(targets), $"ctc_loss: target {label} of sample {b} is out of range for {classes} classes");
        }
        return new CtcTargets(labels, offsets, inputs, lengths, blank, maxTargetLength, zeroInfinity);
    }

    // input_lengths / target_lengths: integral, one per sample, not negative.
    private static int[] Lengths(Tensor lengths, string name, int batch)
    {
        ArgumentNullException.ThrowIfNull(lengths, name);
        if (lengths.DType.IsFloatingPoint() || lengths.DType == DType.Bool) throw new ArgumentException($"{name} must be integral");
        if (lengths.Numel != batch || lengths.Dim > 1) throw new ArgumentException($"{name} must be of size batch_size");
        var values = lengths.To(DType.Int64).ToArray<long>();
        foreach (long v in values)
            if (v < 0) throw new ArgumentOutOfRangeException(name, $"Expected {name} to have value at least 0, but got value {v} (while checking arguments for ctc_loss_cpu)");
        return [.. values.Select(v => (int)Math.Min(v, int.MaxValue))];
    }
}
