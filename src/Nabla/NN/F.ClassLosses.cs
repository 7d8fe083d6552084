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
        => NNOps.NllLoss(input, target, weight, ignoreIndex, reduction);

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
        int classDim = NNOps.ClassDim(input), classes = input.Size(classDim);
        if (target.DType.IsFloatingPoint() && target.Shape == input.Shape)
            return SoftTargetCrossEntropy(input.LogSoftmax(classDim), target, weight, ignoreIndex, reduction, labelSmoothing);
        NNOps.CheckClassTarget(input, target, "cross_entropy");   // before NllLoss, so that errors name cross_entropy
        var logProbabilities = input.LogSoftmax(classDim);
        var nll = NllLoss(logProbabilities, target, weight, ignoreIndex, reduction);
        if (labelSmoothing == 0) return nll;

        // The uniform part of the smoothed target: -Σ_c w[c]·log p_c per sample, 0 where ignored.
        var picks = NNOps.ClassPicks(input, target, weight, ignoreIndex, "cross_entropy");
        var weighted = weight is null ? logProbabilities : logProbabilities * weight.View(NNOps.ClassShape(input));
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
        NNOps.CheckClassWeight(logProbabilities, weight, "cross_entropy");
        NNOps.CheckNoGradient(weight, "weight", "cross_entropy");
        int classDim = NNOps.ClassDim(logProbabilities), classes = logProbabilities.Size(classDim);
        if (labelSmoothing > 0) target = target * (1 - labelSmoothing) + labelSmoothing / classes;
        var terms = logProbabilities * target;
        if (weight is not null) terms = terms * weight.View(NNOps.ClassShape(logProbabilities));
        return reduction switch
        {
            Reduction.Mean => (-terms.Sum()).DivScalar(logProbabilities.Numel / (double)classes),   // a C++ division by a number: DivBackward1
            Reduction.Sum => -terms.Sum(),
            Reduction.None => -terms.Sum(classDim),
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), $"{reduction} is not a valid value for reduction"),
        };
    }
}
