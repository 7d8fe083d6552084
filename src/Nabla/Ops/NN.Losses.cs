using Nabla.NN;

namespace Nabla;

// The elementwise losses PyTorch records as one node each: the forward is the loss formula (reduced),
// the node's formulas are its two elementwise derivatives scaled by the incoming gradient.
internal static partial class NNOps
{
    /// <summary>mse_loss (node <c>MseLossBackward0</c>).</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction)
        => PointwiseLoss(Derivatives.MseLoss, "mse_loss", input, target, reduction, null, null, static (x, y, _, _) => (x - y) * (x - y));

    /// <summary>binary_cross_entropy with each log clamped at -100 (node <c>BinaryCrossEntropyBackward0</c>).</summary>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight, Reduction reduction)
    {
        CheckSameShape(input, target, "binary_cross_entropy");
        CheckNoGradient(weight, "weight", "binary_cross_entropy");
        foreach (double v in input.ToArray<double>())
            if (!(v >= 0 && v <= 1)) throw new ArgumentException($"binary_cross_entropy: all elements of input should be between 0 and 1 (found {v})");
        return PointwiseLoss(Derivatives.BinaryCrossEntropy, "binary_cross_entropy", input, target, reduction, weight, null,
            static (x, y, w, _) => Weighted(-(y * x.Log().Clamp(min: -100) + (1 - y) * (1 - x).Log().Clamp(min: -100)), w));
    }

    /// <summary>
    /// binary_cross_entropy_with_logits, stable for any logit: w·((1 - y)·x - (1 + (p - 1)·y)·log σ(x))
    /// (node <c>BinaryCrossEntropyWithLogitsBackward0</c>).
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction)
    {
        CheckSameShape(input, target, "binary_cross_entropy_with_logits");
        CheckNoGradient(weight, "weight", "binary_cross_entropy_with_logits");
        CheckNoGradient(posWeight, "pos_weight", "binary_cross_entropy_with_logits");
        return PointwiseLoss(Derivatives.BinaryCrossEntropyWithLogits, "binary_cross_entropy_with_logits", input, target, reduction, weight, posWeight,
            static (x, y, w, p) => Weighted((1 - y) * x - LogWeight(y, p) * LogSigmoid(x), w));
    }

    /// <summary>The weight of the log σ(x) term: 1 + (p - 1)·y (just 1 without a positive weight).</summary>
    internal static Tensor LogWeight(Tensor y, Tensor? posWeight) => posWeight is null ? Tensor.OnesLike(y) : (posWeight - 1) * y + 1;

    /// <summary>log σ(x) = -log(1 + e^-x), written so that neither exp overflows nor log sees 0.</summary>
    internal static Tensor LogSigmoid(Tensor x) => x.Clamp(max: 0) - ((-x.Abs()).Exp() + 1).Log();

    private static Tensor Weighted(Tensor loss, Tensor? weight) => weight is null ? loss : loss * weight;

    /// <summary>An elementwise loss, reduced, recorded as <paramref name="row"/> (its formulas are the loss's two derivatives).</summary>
    private static Tensor PointwiseLoss(Derivative<LossArgs> row, string op, Tensor input, Tensor target, Reduction reduction,
        Tensor? weight, Tensor? posWeight, Func<Tensor, Tensor, Tensor?, Tensor?, Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        CheckFloating(input, op);
        var result = Untracked(() => Reduce(loss(input, target, weight, posWeight), reduction));
        int count = ShapeMath.Numel(ShapeMath.Broadcast(input.ShapeArray, target.ShapeArray));
        return row.Record(result, [input, target], new LossArgs(reduction, count), (Slot.Weight, weight!), (Slot.PosWeight, posWeight!));
    }

    /// <summary>Applies <paramref name="reduction"/> to per-element losses.</summary>
    internal static Tensor Reduce(Tensor loss, Reduction reduction) => reduction switch
    {
        Reduction.Mean => loss.Mean(),
        Reduction.Sum => loss.Sum(),
        Reduction.None => loss,
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), $"{reduction} is not a valid value for reduction"),
    };

    internal static void CheckSameShape(Tensor input, Tensor target, string op)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (input.Shape != target.Shape)
            throw new ArgumentException($"{op}: Using a target size ({target.Shape}) that is different to the input size ({input.Shape}) is deprecated. Please ensure they have the same size.");
    }
}

/// <summary>A loss's reduction and the number of elements its mean divides by.</summary>
internal sealed record LossArgs(Reduction Reduction, int Count);
