namespace Nabla.NN;

// Batch and layer normalisation: y = (x - mean)/√(var + eps)·γ + β, with the statistics taken over
// all dims but the channel dim (batch norm) or over the trailing dims (layer norm). Both record one
// node; with batch statistics its rule recomputes them from the saved input, so it stays differentiable.
public static partial class F
{
    /// <summary>
    /// Batch normalisation over dim 1 of <paramref name="input"/> [N, C, *], like <c>F.batch_norm</c>
    /// (node <c>NativeBatchNormBackward0</c>). In training mode it normalises by the batch statistics
    /// and, when given, updates <paramref name="runningMean"/> and <paramref name="runningVar"/> in
    /// place: r ← (1 - momentum)·r + momentum·batch statistic, with the unbiased batch variance, as
    /// PyTorch does. In evaluation mode it normalises by the running statistics.
    /// </summary>
    /// <exception cref="ArgumentException">When shapes do not fit, the running statistics are missing in evaluation mode, or a training batch has one value per channel.</exception>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim < 2) throw new ArgumentException($"batch_norm: expected an input of at least 2 dims [N, C, *], but got input of size {input.Shape}");
        CheckFloating(input, "batch_norm");
        int channels = input.Size(1);
        foreach (var (t, name) in new[] { (runningMean, "running_mean"), (runningVar, "running_var"), (weight, "weight"), (bias, "bias") })
            if (t is not null && (t.Dim != 1 || t.Size(0) != channels))
                throw new ArgumentException($"batch_norm: expected {name} to have {channels} elements (one per channel of input {input.Shape}), but got {name} of size {t.Shape}");
        CheckSameDType(input, weight, "weight", "batch_norm");
        CheckSameDType(input, bias, "bias", "batch_norm");
        CheckNoGradient(runningMean, "running_mean", "batch_norm");
        CheckNoGradient(runningVar, "running_var", "batch_norm");
        int[] dims = AllDimsExcept(input.Dim, 1), channelShape = [1, channels, .. Enumerable.Repeat(1, input.Dim - 2)];
        if (training)
        {
            int count = input.Count / Math.Max(channels, 1);
            if (count <= 1) throw new ArgumentException($"Expected more than 1 value per channel when training, got input size {input.Shape}");
            var (mean, variance) = Untracked(() => Moments(input, dims));
            UpdateRunningStats(runningMean, mean, runningVar, variance * ((double)count / (count - 1)), momentum);
            return Normalize("NativeBatchNormBackward0", input, weight, bias, dims, channelShape, eps, (mean, InvStd(variance, eps)), batchStatistics: true);
        }
        if (runningMean is null || runningVar is null)
            throw new ArgumentException("batch_norm: running_mean and running_var must be defined in evaluation mode (training: false)");
        // Running statistics never require grad (checked above), so these ops record nothing.
        var stats = (runningMean.To(input.DType).View(channelShape), InvStd(runningVar.To(input.DType).View(channelShape), eps));
        return Normalize("NativeBatchNormBackward0", input, weight, bias, dims, channelShape, eps, stats, batchStatistics: false);
    }

    // r ← (1 - m)·r + m·s for the batch mean and the unbiased batch variance.
    private static void UpdateRunningStats(Tensor? runningMean, Tensor mean, Tensor? runningVar, Tensor unbiasedVariance, double momentum)
    {
        using (Autograd.NoGrad())
        {
            runningMean?.MulInPlace(1 - momentum).AddInPlace(mean.Reshape(-1), momentum);
            runningVar?.MulInPlace(1 - momentum).AddInPlace(unbiasedVariance.Reshape(-1), momentum);
        }
    }

    /// <summary>
    /// Layer normalisation over the trailing dims <paramref name="normalizedShape"/> of
    /// <paramref name="input"/>, with optional elementwise <paramref name="weight"/> and
    /// <paramref name="bias"/> of that shape, like <c>F.layer_norm</c> (node <c>NativeLayerNormBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the input's trailing dims or the parameters' shapes differ from <paramref name="normalizedShape"/>.</exception>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(normalizedShape);
        CheckFloating(input, "layer_norm");
        int k = normalizedShape.Length;
        if (k == 0 || input.Dim < k || !input.Shape.AsSpan()[^k..].SequenceEqual(normalizedShape))
            throw new ArgumentException($"Given normalized_shape={ShapeMath.Format(normalizedShape)}, expected input with shape [*, {string.Join(", ", normalizedShape)}], but got input of size {input.Shape}");
        foreach (var (t, name) in new[] { (weight, "weight"), (bias, "bias") })
            if (t is not null && !t.Shape.AsSpan().SequenceEqual(normalizedShape))
                throw new ArgumentException($"Expected {name} to be of same shape as normalized_shape, but got {name} of shape {t.Shape} and normalized_shape = {ShapeMath.Format(normalizedShape)}");
        CheckSameDType(input, weight, "weight", "layer_norm");
        CheckSameDType(input, bias, "bias", "layer_norm");
        int[] dims = [.. Enumerable.Range(input.Dim - k, k)];
        var (mean, variance) = Untracked(() => Moments(input, dims));
        return Normalize("NativeLayerNormBackward0", input, weight, bias, dims, normalizedShape, eps, (mean, InvStd(variance, eps)), batchStatistics: true);
    }

    /// <summary>
    /// (x - mean)·invstd·γ + β recorded as one node, with γ and β viewed as <paramref name="paramShape"/>
    /// to broadcast. With <paramref name="batchStatistics"/> the statistics are the input's own over
    /// <paramref name="dims"/>, and the rule recomputes them from the saved input (so that it stays
    /// differentiable); otherwise (batch norm in evaluation mode) they are constants.
    /// </summary>
    private static Tensor Normalize(string name, Tensor input, Tensor? weight, Tensor? bias, int[] dims, int[] paramShape,
        double eps, (Tensor Mean, Tensor InvStd) stats, bool batchStatistics)
    {
        var result = Untracked(() =>
        {
            var y = (input - stats.Mean) * stats.InvStd;
            if (weight is not null) y = y * weight.View(paramShape);
            return bias is null ? y : y + bias.View(paramShape);
        });
        Tensor[] inputs = [input, .. new[] { weight, bias }.OfType<Tensor>()];
        Tensor[] saved = batchStatistics ? [input, weight ?? input] : [input, weight ?? input, stats.Mean, stats.InvStd];
        int biasAt = weight is null ? 1 : 2;
        return result.Record(name, (n, g) =>
        {
            var x = n.Saved(0);
            var (mean, invStd) = batchStatistics ? Statistics(x, dims, eps) : (n.Saved(2), n.Saved(3));
            var xHat = (x - mean) * invStd;
            var gHat = weight is null ? g : g * n.Saved(1).View(paramShape);   // the gradient of x̂
            var grads = new Tensor?[n.NextFunctions.Count];
            if (n.Needs(0))
                grads[0] = batchStatistics
                    ? invStd * (gHat - gHat.Mean(dims, keepDim: true) - xHat * (gHat * xHat).Mean(dims, keepDim: true))   // dx = invstd·(ĝ - mean ĝ - x̂·mean(ĝ·x̂))
                    : gHat * invStd;                                                                                       // constant statistics: dx = ĝ·invstd
            if (weight is not null && n.Needs(1)) grads[1] = (g * xHat).SumTo(paramShape).View(weight.ShapeArray);   // dγ = Σ g·x̂
            if (bias is not null && n.Needs(biasAt)) grads[biasAt] = g.SumTo(paramShape).View(bias.ShapeArray);      // dβ = Σ g
            return grads;
        }, inputs, saved);
    }

    /// <summary>The mean and 1/√(biased variance + eps) over <paramref name="dims"/>, kept as size-1 dims.</summary>
    private static (Tensor Mean, Tensor InvStd) Statistics(Tensor x, int[] dims, double eps)
    {
        var (mean, variance) = Moments(x, dims);
        return (mean, InvStd(variance, eps));
    }

    // The mean and biased variance in two passes (mean, then mean squared deviation): no
    // cancellation as in E[x²] - E[x]².
    private static (Tensor Mean, Tensor Variance) Moments(Tensor x, int[] dims)
    {
        var mean = x.Mean(dims, keepDim: true);
        var centered = x - mean;
        return (mean, (centered * centered).Mean(dims, keepDim: true));
    }

    private static Tensor InvStd(Tensor variance, double eps) => (variance + eps).Pow(-0.5);
}
