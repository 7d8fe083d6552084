namespace Nabla.NN;

// Classification losses over class scores [N, C, *] (or [C]) and class-index targets [N, *] (or []).
// Cross-entropy is log-softmax followed by NLL, as PyTorch composes it, plus its label smoothing.
public static partial class F
{
    /// <summary>
    /// The negative log-likelihood -w[y]·x[y] of log-probabilities <paramref name="input"/> [N, C, *]
    /// (or [C]) at class indices <paramref name="target"/> [N, *] (or []), like <c>F.nll_loss</c> (node
    /// <c>NllLossBackward0</c>; <c>NllLoss2DBackward0</c> beyond 2 dims). Targets equal to
    /// <paramref name="ignoreIndex"/> count for nothing; the mean is weighted: Σ losses / Σ w[y].
    /// </summary>
    /// <exception cref="ArgumentException">When shapes do not fit, the target is not integral, or the weight is not [C].</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a target is neither a class nor <paramref name="ignoreIndex"/>.</exception>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean)
    {
        var picks = ClassPicks(input, target, weight, ignoreIndex, "nll_loss");
        int classDim = ClassDim(input);
        var result = Untracked(() =>
        {
            var losses = -input.Gather(classDim, picks.Index).Squeeze(classDim) * picks.Weight;
            return reduction == Reduction.Mean ? losses.Sum() / picks.TotalWeight : Reduce(losses, reduction);
        });
        string name = input.Dim > 2 ? "NllLoss2DBackward0" : "NllLossBackward0";
        return result.Record(name, (n, g) =>
        {
            // d/dx[i, y_i] = -w[y_i] (over Σ w for the mean); every other class gets 0.
            var perSample = reduction == Reduction.Mean ? g * picks.Weight / -picks.TotalWeight : g * -picks.Weight;
            return [perSample.Unsqueeze(classDim).ScatterAddInto(n.InputShape(0), classDim, picks.Index)];
        }, [input]);
    }

    /// <summary>
    /// Cross-entropy of raw scores <paramref name="input"/> [N, C, *] (or [C]), like <c>F.cross_entropy</c>:
    /// <see cref="NllLoss"/> of <c>LogSoftmax(input, 1)</c> for class-index targets, or -Σ y·log softmax(x)
    /// for class-probability targets of the input's shape. With <paramref name="labelSmoothing"/> ε the
    /// target becomes (1 - ε)·one-hot + ε/C, as in PyTorch.
    /// </summary>
    /// <example><code>var loss = F.CrossEntropy(logits, labels);   // logits [N, C], labels [N] (int64)</code></example>
    /// <exception cref="ArgumentException">When shapes do not fit or <paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0.0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentException($"label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing}");
        if (input.Dim == 0) throw new ArgumentException("cross_entropy: Expected 1 or more dimensions (got 0)");
        int classDim = ClassDim(input), classes = input.Size(classDim);
        if (target.DType.IsFloatingPoint() && target.Shape == input.Shape)
            return SoftTargetCrossEntropy(input.LogSoftmax(classDim), target, weight, ignoreIndex, reduction, labelSmoothing);
        CheckClassTarget(input, target, "cross_entropy");   // before NllLoss, so that errors name cross_entropy
        var logProbabilities = input.LogSoftmax(classDim);
        var nll = NllLoss(logProbabilities, target, weight, ignoreIndex, reduction);
        if (labelSmoothing == 0) return nll;

        // The uniform part of the smoothed target: -Σ_c w[c]·log p_c per sample, 0 where ignored.
        var picks = ClassPicks(input, target, weight, ignoreIndex, "cross_entropy");
        var weighted = weight is null ? logProbabilities : logProbabilities * weight.View(ClassShape(input));
        var smooth = (-weighted.Sum(classDim)).Where(picks.Kept, 0.0);
        var uniform = reduction switch
        {
            Reduction.Mean => smooth.Sum() / picks.TotalWeight,
            Reduction.Sum => smooth.Sum(),
            _ => smooth,
        };
        return nll * (1 - labelSmoothing) + uniform * (labelSmoothing / classes);
    }

    // PyTorch's cross_entropy_loss_prob_target: the mean divides by the number of samples, not by weights.
    private static Tensor SoftTargetCrossEntropy(Tensor logProbabilities, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double labelSmoothing)
    {
        if (ignoreIndex >= 0) throw new ArgumentException("cross_entropy: ignore_index is not supported for floating point target");
        CheckClassWeight(logProbabilities, weight, "cross_entropy");
        CheckNoGradient(weight, "weight", "cross_entropy");
        int classDim = ClassDim(logProbabilities), classes = logProbabilities.Size(classDim);
        if (labelSmoothing > 0) target = target * (1 - labelSmoothing) + labelSmoothing / classes;
        var terms = logProbabilities * target;
        if (weight is not null) terms = terms * weight.View(ClassShape(logProbabilities));
        return reduction switch
        {
            Reduction.Mean => -terms.Sum() / (logProbabilities.Numel / (double)classes),
            Reduction.Sum => -terms.Sum(),
            _ => -terms.Sum(classDim),
        };
    }

    /// <summary>What a class-index loss picks: the index to gather along the class dim (ignored targets pointed at class 0), the weight of each pick (0 where ignored), their total, and which targets count.</summary>
    private sealed record ClassPick(Tensor Index, Tensor Weight, double TotalWeight, Tensor Kept);

    private static ClassPick ClassPicks(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, string op)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        CheckClassTarget(input, target, op);
        CheckClassWeight(input, weight, op);
        CheckNoGradient(weight, "weight", op);
        int classes = input.Size(ClassDim(input));
        var targets = target.ToArray<long>();
        var classWeights = weight?.ToArray<double>();
        var index = new long[targets.Length];
        var weights = new double[targets.Length];
        var kept = new bool[targets.Length];
        double total = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            long t = targets[i];
            if (t == ignoreIndex) continue;
            if (t < 0 || t >= classes) throw new ArgumentOutOfRangeException(nameof(target), $"{op}: Target {t} is out of bounds (input has {classes} classes).");
            (index[i], weights[i], kept[i]) = (t, classWeights?[t] ?? 1, true);
            total += weights[i];
        }
        int[] shape = target.ShapeArray;
        return new(Tensor.FromArray(index, shape).Unsqueeze(ClassDim(input)), Tensor.FromArray(weights, shape, input.DType), total, Tensor.FromArray(kept, shape));
    }

    private static void CheckClassTarget(Tensor input, Tensor target, string op)
    {
        if (input.Dim == 0) throw new ArgumentException($"{op}: Expected 1 or more dimensions (got 0)");
        CheckFloating(input, op);
        if (!target.DType.IsIntegral())
        {
            // The first-hour mistake: labels kept as float32. Say how to convert them, and (for
            // cross-entropy) when a float target is right: class probabilities of the input's shape.
            string probabilities = op == "cross_entropy" && target.DType.IsFloatingPoint()
                ? $" A floating-point target is read as class probabilities only when it has the input's shape {input.Shape}."
                : "";
            throw new ArgumentException(
                $"{op}: expected class-index targets of dtype int64, but got {target.DType.Name()} (shape {target.Shape}). " +
                $"Pass the class indices as Int64: labels.To(DType.Int64).{probabilities}");
        }
        if (input.Dim == 1)
        {
            if (target.Dim != 0) throw new ArgumentException($"{op}: 0D target tensor expected for a 1D input {input.Shape}, but got target of size {target.Shape} (multi-target not supported)");
            return;
        }
        if (target.Dim == 0 || target.Size(0) != input.Size(0))
            throw new ArgumentException($"Expected input batch_size ({input.Size(0)}) to match target batch_size ({(target.Dim == 0 ? 0 : target.Size(0))}).");
        int[] expected = [input.Size(0), .. input.Shape.AsSpan()[2..]];
        if (!target.Shape.AsSpan().SequenceEqual(expected))
            throw new ArgumentException($"{op}: Expected target size {ShapeMath.Format(expected)}, got {target.Shape}");
    }

    private static void CheckClassWeight(Tensor input, Tensor? weight, string op)
    {
        int classes = input.Size(ClassDim(input));
        if (weight is not null && (weight.Dim != 1 || weight.Size(0) != classes))
            throw new ArgumentException($"{op}: weight tensor should be defined either for all {classes} classes or no classes but got weight tensor of shape: {weight.Shape}");
    }

    private static int ClassDim(Tensor input) => input.Dim == 1 ? 0 : 1;

    /// <summary>The shape that views a [C] class weight along the class dim of <paramref name="input"/>.</summary>
    private static int[] ClassShape(Tensor input)
    {
        var shape = Enumerable.Repeat(1, input.Dim).ToArray();
        shape[ClassDim(input)] = input.Size(ClassDim(input));
        return shape;
    }
}
