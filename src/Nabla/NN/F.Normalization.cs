namespace Nabla.NN;

// Batch and layer normalisation: y = (x - mean)/√(var + eps)·γ + β (the ops live in Ops/NN.Normalization.cs).
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
        => NNOps.BatchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);

    /// <summary>
    /// Layer normalisation over the trailing dims <paramref name="normalizedShape"/> of
    /// <paramref name="input"/>, with optional elementwise <paramref name="weight"/> and
    /// <paramref name="bias"/> of that shape, like <c>F.layer_norm</c> (node <c>NativeLayerNormBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the input's trailing dims or the parameters' shapes differ from <paramref name="normalizedShape"/>.</exception>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
        => NNOps.LayerNorm(input, normalizedShape, weight, bias, eps);
}
