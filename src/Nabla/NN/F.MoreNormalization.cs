namespace Nabla.NN;

// Group, instance and RMS normalisation (the ops live in Ops/NN.MoreNormalization.cs).
public static partial class F
{
    /// <summary>
    /// Group normalisation of <paramref name="input"/> [N, C, *]: the C channels split into
    /// <paramref name="numGroups"/> groups, each group of each sample normalised by its own mean and
    /// variance, then scaled by <paramref name="weight"/> [C] and shifted by <paramref name="bias"/> [C], like
    /// <c>F.group_norm</c> (node <c>NativeGroupNormBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the input has fewer than 2 dims, C is not divisible by <paramref name="numGroups"/>, or a parameter is not [C].</exception>
    public static Tensor GroupNorm(Tensor input, int numGroups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
        => NNOps.GroupNorm(input, numGroups, weight, bias, eps);

    /// <summary>
    /// Instance normalisation of <paramref name="input"/> [N, C, *]: each channel of each sample normalised
    /// by its own statistics over the spatial dims (<paramref name="useInputStats"/>), or by the running ones,
    /// like <c>F.instance_norm</c>. With input statistics, given running statistics are updated in place with
    /// <paramref name="momentum"/>, averaged over the samples. The graph shows <c>ViewBackward0</c> over
    /// <c>NativeBatchNormBackward0</c>, as PyTorch computes it as batch norm of a [1, N·C, *] view.
    /// </summary>
    /// <exception cref="ArgumentException">When the input has fewer than 2 dims or one spatial element with input statistics, or the running statistics are missing without them.</exception>
    public static Tensor InstanceNorm(Tensor input, Tensor? runningMean = null, Tensor? runningVar = null, Tensor? weight = null, Tensor? bias = null,
        bool useInputStats = true, double momentum = 0.1, double eps = 1e-5)
        => NNOps.InstanceNorm(input, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);

    /// <summary>
    /// Root-mean-square normalisation over the trailing dims <paramref name="normalizedShape"/>:
    /// x/√(mean(x²) + eps)·<paramref name="weight"/>, like <c>F.rms_norm</c> (PyTorch 2.4+). A null
    /// <paramref name="eps"/> is the machine epsilon of the input's dtype (<c>torch.finfo(dtype).eps</c>).
    /// Composed as PyTorch composes it: the graph shows <c>MulBackward0</c> over <c>RsqrtBackward0</c>,
    /// <c>AddBackward1</c>, <c>MeanBackward1</c> and <c>PowBackward0</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When the input's trailing dims or the weight's shape differ from <paramref name="normalizedShape"/>.</exception>
    public static Tensor RmsNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, double? eps = null)
        => NNOps.RmsNorm(input, normalizedShape, weight, eps);
}
