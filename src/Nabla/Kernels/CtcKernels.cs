using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// The targets of a CTC batch, flattened: sample b's labels are
/// <c>Labels[Offsets[b] .. Offsets[b] + TargetLengths[b]]</c> (padded [N, S] targets have offsets b·S,
/// concatenated ones the running sum of the lengths). The extended target of sample b interleaves
/// blanks with its labels: blank, l₀, blank, l₁, ..., blank (2·length + 1 states).
/// </summary>
internal sealed record CtcTargets(long[] Labels, int[] Offsets, int[] InputLengths, int[] TargetLengths, int Blank, int MaxTargetLength, bool ZeroInfinity)
{
    /// <summary>The label of state <paramref name="s"/> of sample <paramref name="b"/>'s extended target: blank at even states.</summary>
    public int Prime(int b, int s) => (s & 1) == 0 ? Blank : (int)Labels[Offsets[b] + (s >> 1)];

    /// <summary>The number of states per sample in the alpha table (the longest extended target).</summary>
    public int States => 2 * MaxTargetLength + 1;
}

/// <summary>
/// Connectionist temporal classification (Graves et al., 2006) on log-probabilities [T, N, C], as
/// PyTorch's CPU <c>ctc_loss</c>: the forward variables α in log space by the recursion
/// α_t(s) = (α_{t-1}(s) ⊕ α_{t-1}(s-1) ⊕ [l'_s ≠ l'_{s-2}]·α_{t-1}(s-2)) + log y_t(l'_s)
/// (⊕ the log-sum-exp), the loss -log(α_{T-1}(S'-1) ⊕ α_{T-1}(S'-2)); the backward computes the
/// backward variables β the same way from the end and the gradient from α·β. All operands are
/// contiguous; samples are independent, so the loop over the batch runs in parallel when large.
/// </summary>
internal static class CtcKernels
{
    /// <summary>The negative log-likelihoods [N] and the log-alpha table [N, T, 2·S + 1] (-∞ where unreached).</summary>
    public static (Tensor NegLogLikelihood, Tensor LogAlpha) Forward(Tensor logProbs, CtcTargets targets)
    {
        int time = logProbs.ShapeArray[0], batch = logProbs.ShapeArray[1];
        var nll = Tensor.Uninitialized(logProbs.DType, [batch]);
        var logAlpha = Tensor.Uninitialized(logProbs.DType, [batch, time, targets.States]);
        int work = time * targets.States;
        if (logProbs.DType == DType.Float32) RecurrentRows.For(batch, work, b => ForwardSample<float>(logProbs, targets, nll, logAlpha, b));
        else RecurrentRows.For(batch, work, b => ForwardSample<double>(logProbs, targets, nll, logAlpha, b));
        return (nll, logAlpha);
    }

    /// <summary>
    /// The gradient [T, N, C] of the losses with respect to the log-probabilities, each sample's scaled by
    /// <paramref name="gradOut"/> [N]: PyTorch's (e^lp - e^(log Σ_{s: l'_s = c} α_t(s)β_t(s) + nll - lp))·g,
    /// 0 beyond a sample's input length, and 0 for a sample of infinite loss under zero_infinity.
    /// </summary>
    public static Tensor Backward(Tensor gradOut, Tensor logProbs, Tensor nll, Tensor logAlpha, CtcTargets targets)
    {
        int time = logProbs.ShapeArray[0], batch = logProbs.ShapeArray[1];
        var grad = Tensor.Uninitialized(logProbs.DType, logProbs.ShapeArray);
        int work = time * targets.States;
        if (logProbs.DType == DType.Float32) RecurrentRows.For(batch, work, b => BackwardSample<float>(gradOut, logProbs, nll, logAlpha, targets, grad, b));
        else RecurrentRows.For(batch, work, b => BackwardSample<double>(gradOut, logProbs, nll, logAlpha, targets, grad, b));
        return grad;
    }

    private static void ForwardSample<T>(Tensor logProbs, CtcTargets targets, Tensor nll, Tensor logAlpha, int b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int time = logProbs.ShapeArray[0], batch = logProbs.ShapeArray[1], classes = logProbs.ShapeArray[2], states = targets.States;
        ReadOnlySpan<T> lp = logProbs.Data<T>().AsSpan(logProbs.Offset);
        var alpha = RecurrentRows.Row<T>(logAlpha, b, time * states);
        alpha.Fill(T.NegativeInfinity);
        int inputLength = targets.InputLengths[b], targetLength = targets.TargetLengths[b], last = 2 * targetLength;
        ref T loss = ref nll.Data<T>()[nll.Offset + b];
        if (inputLength == 0)   // no frames: only the empty target is possible
        {
            loss = targetLength == 0 ? T.Zero : T.PositiveInfinity;
            return;
        }
        int row = b * classes, stride = batch * classes;   // lp[t, b, c] = lp[t·stride + row + c]
        alpha[0] = lp[row + targets.Blank];
        if (targetLength > 0) alpha[1] = lp[row + targets.Prime(b, 1)];
        for (int t = 1; t < inputLength; t++)
        {
            var previous = alpha.Slice((t - 1) * states, states);
            var current = alpha.Slice(t * states, states);
            int frame = t * stride + row;
            for (int s = 0; s <= last; s++)
            {
                int label = targets.Prime(b, s);
                T stay = previous[s];
                T advance = s > 0 ? previous[s - 1] : T.NegativeInfinity;
                T skip = s > 1 && targets.Prime(b, s - 2) != label ? previous[s - 2] : T.NegativeInfinity;   // a blank may be skipped between different labels
                current[s] = LogSumExp(stay, advance, skip) + lp[frame + label];
            }
        }
        var end = alpha.Slice((inputLength - 1) * states, states);
        loss = -LogSumExp(end[last], targetLength > 0 ? end[last - 1] : T.NegativeInfinity, T.NegativeInfinity);   // ending on the last label or the blank after it
    }

    private static void BackwardSample<T>(Tensor gradOut, Tensor logProbs, Tensor nll, Tensor logAlpha, CtcTargets targets, Tensor grad, int b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int time = logProbs.ShapeArray[0], batch = logProbs.ShapeArray[1], classes = logProbs.ShapeArray[2], states = targets.States;
        ReadOnlySpan<T> lp = logProbs.Data<T>().AsSpan(logProbs.Offset);
        var g = grad.Data<T>().AsSpan(grad.Offset);
        int row = b * classes, stride = batch * classes;
        int inputLength = targets.InputLengths[b], targetLength = targets.TargetLengths[b], last = 2 * targetLength;
        T loss = nll.Data<T>()[nll.Offset + b];
        if (targets.ZeroInfinity && T.IsPositiveInfinity(loss)) inputLength = 0;   // the whole sample gets 0
        for (int t = 0; t < time; t++) g.Slice(t * stride + row, classes).Fill(t < inputLength ? T.NegativeInfinity : T.Zero);
        if (inputLength == 0) return;

        // log Σ α·β per (t, class) accumulates in g; β_t(s) = (β_{t+1}(s) ⊕ β_{t+1}(s+1) ⊕ [l'_s ≠ l'_{s+2}]·β_{t+1}(s+2)) + lp_t(l'_s).
        ReadOnlySpan<T> alpha = RecurrentRows.Row<T>(logAlpha, b, time * states);
        var beta = new T[2 * states];   // two frames, alternating
        Span<T> next = beta.AsSpan(0, states), current = beta.AsSpan(states, states);
        next.Fill(T.NegativeInfinity);
        int frame = (inputLength - 1) * stride + row;
        next[last] = lp[frame + targets.Blank];
        g[frame + targets.Blank] = alpha[(inputLength - 1) * states + last] + next[last];
        if (targetLength > 0)
        {
            int label = targets.Prime(b, last - 1);
            next[last - 1] = lp[frame + label];
            g[frame + label] = alpha[(inputLength - 1) * states + last - 1] + next[last - 1];
        }
        for (int t = inputLength - 2; t >= 0; t--)
        {
            frame = t * stride + row;
            current.Fill(T.NegativeInfinity);
            for (int s = last; s >= 0; s--)
            {
                int label = targets.Prime(b, s);
                T stay = next[s];
                T advance = s < last ? next[s + 1] : T.NegativeInfinity;
                T skip = s < last - 1 && targets.Prime(b, s + 2) != label ? next[s + 2] : T.NegativeInfinity;
                current[s] = LogSumExp(stay, advance, skip) + lp[frame + label];
                ref T sum = ref g[frame + label];
                sum = LogSumExp(sum, alpha[t * states + s] + current[s], T.NegativeInfinity);
            }
            var swap = next;
            next = current;
            current = swap;
        }

        // d nll / d lp_t(c) = e^lp - e^(log Σαβ + nll - lp), as PyTorch writes it (the e^lp term assumes that
        // the log-probabilities come from a log_softmax, through which it contributes nothing).
        T scale = gradOut.Data<T>()[gradOut.Offset + b];
        for (int t = 0; t < inputLength; t++)
        {
            var line = g.Slice(t * stride + row, classes);
            var logProbabilities = lp.Slice(t * stride + row, classes);
            for (int c = 0; c < classes; c++)
                line[c] = (T.Exp(logProbabilities[c]) - T.Exp(line[c] + loss - logProbabilities[c])) * scale;
        }
    }

    // log(e^a + e^b + e^c) around the largest, 0 when all are -∞ (then the sum stays -∞).
    private static T LogSumExp<T>(T a, T b, T c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = T.Max(a, T.Max(b, c));
        if (T.IsNegativeInfinity(max)) max = T.Zero;
        return T.Log(T.Exp(a - max) + T.Exp(b - max) + T.Exp(c - max)) + max;
    }
}
