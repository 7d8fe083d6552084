namespace Nabla.NN;

/// <summary>Batch normalisation of [N, C] or [N, C, L] inputs per channel, like <c>torch.nn.BatchNorm1d</c>.</summary>
/// <example><code>var norm = new BatchNorm1d(32);   // prints BatchNorm1d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)</code></example>
/// <param name="numFeatures">The number of channels C.</param>
/// <param name="eps">Added to the variance before the square root.</param>
/// <param name="momentum">The weight of each new batch in the running statistics; null for a cumulative average.</param>
/// <param name="affine">Whether to learn γ and β.</param>
/// <param name="trackRunningStats">Whether to keep running statistics for evaluation mode.</param>
public sealed class BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    private protected override void CheckInputDim(Tensor input)
    {
        if (input.Dim is not (2 or 3)) throw new ArgumentException($"expected 2D or 3D input (got {input.Dim}D input)");
    }
}
