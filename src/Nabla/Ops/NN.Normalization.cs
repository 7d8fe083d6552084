namespace Nabla;

// Batch and layer normalisation: y = (x - mean)/√(var + eps)·γ + β, with the statistics taken over
// all dims but the channel dim (batch norm) or over the trailing dims (layer norm). Both record one
// node; with batch statistics its formula recomputes them from the saved input, so it stays differentiable.
internal static partial class NNOps
{
    /// <summary>batch_norm (node <c>NativeBatchNormBackward0</c>), updating the running statistics in training mode.</summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, double momentum, double eps)
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
            return Normalize(Derivatives.BatchNorm, input, weight, bias, new NormArgs(dims, channelShape, eps, BatchStatistics: true), (mean, InvStd(variance, eps)));
        }
        if (runningMean is null || runningVar is null)
            throw new ArgumentException("batch_norm: running_mean and running_var must be defined in evaluation mode (training: false)");
        // Running statistics never require grad (checked above), so these ops record nothing.
        var stats = (runningMean.To(input.DType).View(channelShape), InvStd(runningVar.To(input.DType).View(channelShape), eps));
        return Normalize(Derivatives.BatchNorm, input, weight, bias, new NormArgs(dims, channelShape, eps, BatchStatistics: false), stats);
    }

    // r ← (1 - m)·r + m·s for the batch mean and the unbiased batch variance.
    private static void UpdateRunningStats(Tensor? runningMean, Tensor mean, Tensor? runningVar, Tensor unbiasedVariance, double momentum)
    {
        using (GradMode.Set(false))
        {
            runningMean?.MulInPlace(1 - momentum).AddInPlace(mean.Reshape(-1), momentum);
            runningVar?.MulInPlace(1 - momentum).AddInPlace(unbiasedVariance.Reshape(-1), momentum);
        }
    }

    /// <summary>layer_norm over the trailing <paramref name="normalizedShape"/> (node <c>NativeLayerNormBackward0</c>).</summary>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, double eps)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(normalizedShape);
        CheckFloating(input, "layer_norm");
        int[] dims = CheckNormalizedShape(input, normalizedShape, weight, bias, "layer_norm");
        var (mean, variance) = Untracked(() => Moments(input, dims));
        return Normalize(Derivatives.LayerNorm, input, weight, bias, new NormArgs(dims, normalizedShape, eps, BatchStatistics: true), (mean, InvStd(variance, eps)));
    }

    /// <summary>
    /// Checks layer_norm's and rms_norm's arguments (PyTorch's <c>_check_layer_norm_inputs</c>): the input ends
    /// in <paramref name="normalizedShape"/>, and the parameters have that shape and the input's dtype. Returns the normalised dims.
    /// </summary>
    internal static int[] CheckNormalizedShape(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, string op)
    {
        int k = normalizedShape.Length;
        if (k == 0 || input.Dim < k || !input.Shape.AsSpan()[^k..].SequenceEqual(normalizedShape))
            throw new ArgumentException($"Given normalized_shape={ShapeMath.Format(normalizedShape)}, expected input with shape [*, {string.Join(", ", normalizedShape)}], but got input of size {input.Shape}");
        foreach (var (t, name) in new[] { (weight, "weight"), (bias, "bias") })
            if (t is not null && !t.Shape.AsSpan().SequenceEqual(normalizedShape))
                throw new ArgumentException($"Expected {name} to be of same shape as normalized_shape, but got {name} of shape {t.Shape} and normalized_shape = {ShapeMath.Format(normalizedShape)}");
        CheckSameDType(input, weight, "weight", op);
        CheckSameDType(input, bias, "bias", op);
        return [.. Enumerable.Range(input.Dim - k, k)];
    }

    /// <summary>
    /// (x - mean)·invstd·γ + β recorded as one node, with γ and β viewed as the parameter shape to
    /// broadcast. The statistics are saved as PyTorch saves them, as results 1 and 2 (save_mean, save_invstd); with
    /// batch statistics the formula recomputes them from the saved input instead (so that it stays
    /// differentiable), otherwise (batch norm in evaluation mode) they are constants.
    /// </summary>
    private static Tensor Normalize(Derivative<NormArgs> row, Tensor input, Tensor? weight, Tensor? bias, NormArgs a, (Tensor Mean, Tensor InvStd) stats)
    {
        var result = Untracked(() =>
        {
            var y = (input - stats.Mean) * stats.InvStd;
            if (weight is not null) y = y * weight.View(a.ParamShape);
            return bias is null ? y : y + bias.View(a.ParamShape);
        });
        return row.Record(result, [input, weight!, bias!], a, (Slot.Result1, stats.Mean), (Slot.Result2, stats.InvStd));
    }

    /// <summary>The mean and 1/√(biased variance + eps) over <paramref name="dims"/>, kept as size-1 dims.</summary>
    internal static (Tensor Mean, Tensor InvStd) Statistics(Tensor x, int[] dims, double eps)
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

/// <summary>A normalisation's reduced dims, the shape that broadcasts its parameters, eps, and whether its statistics are the input's own.</summary>
internal sealed record NormArgs(int[] Dims, int[] ParamShape, double Eps, bool BatchStatistics);
