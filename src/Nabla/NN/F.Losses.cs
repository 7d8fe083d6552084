namespace Nabla.NN;

// Regression and binary losses. MSE, BCE and BCE-with-logits are one node each in PyTorch: they
// share PointwiseLoss, which records the elementwise formula and its two derivatives. L1 is a
// composition in PyTorch too (abs of a difference, then the reduction).
public static partial class F
{
    /// <summary>The mean squared error (x - y)², reduced, like <c>F.mse_loss</c> (node <c>MseLossBackward0</c>). Input and target broadcast.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
        => PointwiseLoss("MseLossBackward0", input, target, reduction,
            static (x, y) => (x - y) * (x - y),
            static (x, y) => (x - y) * 2,     // d/dx (x - y)² = 2(x - y)
            static (x, y) => (x - y) * -2);   // d/dy (x - y)² = -2(x - y)

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
    {
        CheckSameShape(input, target, "binary_cross_entropy");
        CheckNoGradient(weight, "weight", "binary_cross_entropy");
        foreach (double v in input.ToArray<double>())
            if (!(v >= 0 && v <= 1)) throw new ArgumentException($"binary_cross_entropy: all elements of input should be between 0 and 1 (found {v})");
        return PointwiseLoss("BinaryCrossEntropyBackward0", input, target, reduction,
            (x, y) => Weighted(-(y * x.Log().Clamp(min: -100) + (1 - y) * (1 - x).Log().Clamp(min: -100)), weight),
            (x, y) => Weighted((x - y) / ((1 - x) * x).Clamp(min: 1e-12), weight),   // d/dx = (x - y) / (x(1 - x)), the denominator kept off 0
            (x, y) => Weighted((1 - x).Log() - x.Log(), weight));                      // d/dy = log(1 - x) - log x
    }

    /// <summary>
    /// Binary cross-entropy on logits, computed stably for any logit (no log of 0 at ±100):
    /// w·((1 - y)·x - (1 + (p - 1)·y)·log σ(x)), with log σ(x) = min(x, 0) - log(1 + e^-|x|), like
    /// <c>F.binary_cross_entropy_with_logits</c> (node <c>BinaryCrossEntropyWithLogitsBackward0</c>).
    /// <paramref name="posWeight"/> p weighs the positive term per class (broadcast along the last dim);
    /// <paramref name="weight"/> broadcasts to the input. Neither gets a gradient.
    /// </summary>
    /// <exception cref="ArgumentException">When target and input shapes differ.</exception>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Tensor? posWeight = null, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "binary_cross_entropy_with_logits");
        CheckNoGradient(weight, "weight", "binary_cross_entropy_with_logits");
        CheckNoGradient(posWeight, "pos_weight", "binary_cross_entropy_with_logits");
        // The weight of the log σ(x) term: 1 + (p - 1)·y (just 1 without posWeight).
        Tensor LogWeight(Tensor y) => posWeight is null ? Tensor.OnesLike(y) : (posWeight - 1) * y + 1;
        return PointwiseLoss("BinaryCrossEntropyWithLogitsBackward0", input, target, reduction,
            (x, y) => Weighted((1 - y) * x - LogWeight(y) * LogSigmoid(x), weight),
            (x, y) => Weighted((1 - y) - LogWeight(y) * (1 - x.Sigmoid()), weight),                        // d/dx = (1 - y) - lw·(1 - σ(x))
            (x, y) => Weighted(posWeight is null ? -x : -x - (posWeight - 1) * LogSigmoid(x), weight));   // d/dy = -x - (p - 1)·log σ(x)
    }

    // log σ(x) = -log(1 + e^-x), written so that neither exp overflows nor log sees 0.
    private static Tensor LogSigmoid(Tensor x) => x.Clamp(max: 0) - ((-x.Abs()).Exp() + 1).Log();

    private static Tensor Weighted(Tensor loss, Tensor? weight) => weight is null ? loss : loss * weight;

    /// <summary>
    /// An elementwise loss recorded as one node named <paramref name="name"/>: the forward is
    /// <paramref name="loss"/>, reduced; the rule scales the two elementwise derivatives by the
    /// incoming gradient (divided by the element count for the mean).
    /// </summary>
    private static Tensor PointwiseLoss(string name, Tensor input, Tensor target, Reduction reduction,
        Func<Tensor, Tensor, Tensor> loss, Func<Tensor, Tensor, Tensor> inputGrad, Func<Tensor, Tensor, Tensor> targetGrad)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        CheckFloating(input, name);
        var result = Untracked(() => Reduce(loss(input, target), reduction));
        int count = ShapeMath.Numel(ShapeMath.Broadcast(input.ShapeArray, target.ShapeArray));
        return result.Record(name, (n, g) =>
        {
            var (x, y) = (n.Saved(0), n.Saved(1));
            var scale = reduction == Reduction.Mean ? g / count : g;   // d mean / d element = 1/count
            return [n.Needs(0) ? scale * inputGrad(x, y) : null, n.Needs(1) ? scale * targetGrad(x, y) : null];
        }, [input, target], [input, target]);
    }

    /// <summary>Applies <paramref name="reduction"/> to per-element losses.</summary>
    private static Tensor Reduce(Tensor loss, Reduction reduction) => reduction switch
    {
        Reduction.Mean => loss.Mean(),
        Reduction.Sum => loss.Sum(),
        Reduction.None => loss,
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), $"{reduction} is not a valid value for reduction"),
    };

    private static void CheckSameShape(Tensor input, Tensor target, string op)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (input.Shape != target.Shape)
            throw new ArgumentException($"{op}: Using a target size ({target.Shape}) that is different to the input size ({input.Shape}) is deprecated. Please ensure they have the same size.");
    }
}
