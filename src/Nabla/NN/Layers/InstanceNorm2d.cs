namespace Nabla.NN;

/// <summary>Instance normalisation of [N, C, H, W] (or unbatched [C, H, W]) inputs, like <c>torch.nn.InstanceNorm2d</c>.</summary>
/// <example><code>var norm = new InstanceNorm2d(3, affine: true);   // style transfer's normalisation</code></example>
/// <param name="numFeatures">The number of channels C.</param>
/// <param name="eps">Added to the variance before the square root.</param>
/// <param name="momentum">The weight of each new batch in the running statistics.</param>
/// <param name="affine">Whether to learn γ and β (off by default, unlike batch norm).</param>
/// <param name="trackRunningStats">Whether to keep running statistics for evaluation mode (off by default).</param>
public sealed class InstanceNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = false, bool trackRunningStats = false)
    : InstanceNormBase(numFeatures, eps, momentum, affine, trackRunningStats, unbatchedRank: 3);
