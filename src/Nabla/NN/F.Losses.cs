namespace Nabla.NN;

// Regression and binary losses. MSE, BCE and BCE-with-logits are one node each in PyTorch (the ops
// live in Ops/NN.Losses.cs); L1 is a composition in PyTorch too (abs of a difference, then the reduction).
public static partial class F
{
    /// <summary>The mean squared error (x - y)², reduced, like <c>F.mse_loss</c> (node <c>MseLossBackward0</c>). Input and target broadcast.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
        => NNOps.MseLoss(input, target, reduction);

    /// <summary>The mean absolute error |x - y|, reduced, like <c>F.l1_loss</c> (composed as PyTorch composes it).</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        return Reduce((input - target).Abs(), reduction);
    }

    /// <summary>
    /// The binary cross-entropy -w·(y·log x + (1 - y)·log(1 - x)) of probabilities
    /// <paramref name="input"/> in [0, 1], with each log clamped at -100 as PyTorch does, like
    /// <c>F.binary_cross_entropy</c> (node <c>BinaryCrossEntropyBackward0</c>). The optional
    /// <paramref name="weight"/> broadcasts to the input and gets no gradient.
    /// </summary>
    /// <exception cref="ArgumentException">When target and input shapes differ, or an input lies outside [0, 1].</exception>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
        => NNOps.BinaryCrossEntropy(input, target, weight, reduction);

    /// <summary>
    /// Binary cross-entropy on logits, computed stably for any logit (no log of 0 at ±100):
    /// w·((1 - y)·x - (1 + (p - 1)·y)·log σ(x)), with log σ(x) = min(x, 0) - log(1 + e^-|x|), like
    /// <c>F.binary_cross_entropy_with_logits</c> (node <c>BinaryCrossEntropyWithLogitsBackward0</c>).
    /// <paramref name="posWeight"/> p weighs the positive term per class (broadcast along the last dim);
    /// <paramref name="weight"/> broadcasts to the input. Neither gets a gradient.
    /// </summary>
    /// <exception cref="ArgumentException">When target and input shapes differ.</exception>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Tensor? posWeight = null, Reduction reduction = Reduction.Mean)
        => NNOps.BinaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);

    /// <summary>Applies <paramref name="reduction"/> to per-element losses.</summary>
    private static Tensor Reduce(Tensor loss, Reduction reduction) => NNOps.Reduce(loss, reduction);
}
