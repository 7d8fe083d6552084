namespace Nabla.NN;

/// <summary>Instance normalisation of [N, C, L] (or unbatched [C, L]) inputs, like <c>torch.nn.InstanceNorm1d</c>.</summary>
/// <example><code>var norm = new InstanceNorm1d(8);   // prints InstanceNorm1d(8, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)</code></example>
/// <param name="numFeatures">The number of channels C.</param>
/// <param name="eps">Added to the variance before the square root.</param>
/// <param name="momentum">The weight of each new batch in the running statistics.</param>
/// <param name="affine">Whether to learn γ and β (off by default, unlike batch norm).</param>
/// <param name="trackRunningStats">Whether to keep running statistics for evaluation mode (off by default).</param>
public sealed class InstanceNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = false, bool trackRunningStats = false)
    : InstanceNormBase(numFeatures, eps, momentum, affine, trackRunningStats, unbatchedRank: 2);
