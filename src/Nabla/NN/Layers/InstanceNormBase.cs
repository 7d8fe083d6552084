namespace Nabla.NN;

/// <summary>
/// What <see cref="InstanceNorm1d"/> and <see cref="InstanceNorm2d"/> share, like PyTorch's <c>_InstanceNorm</c>:
/// each channel of each sample is normalised by its own statistics, in evaluation mode too unless running
/// statistics are tracked. Affine parameters and running statistics are off by default; when tracked, the
/// buffer <c>num_batches_tracked</c> is registered, as in PyTorch, but instance norm never counts, and a null
/// momentum leaves the running statistics unchanged (PyTorch passes momentum 0). An input without the batch
/// dim is taken as one sample. See <see cref="F.InstanceNorm"/>.
/// </summary>
public abstract class InstanceNormBase : NormBase
{
    private readonly int _unbatchedRank;

    private protected InstanceNormBase(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats, int unbatchedRank)
        : base(numFeatures, eps, momentum, affine, trackRunningStats) => _unbatchedRank = unbatchedRank;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">When the input's rank does not fit, or (with affine parameters) its channel count is not <see cref="NormBase.NumFeatures"/>.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim != _unbatchedRank && input.Dim != _unbatchedRank + 1)
            throw new ArgumentException($"expected {_unbatchedRank}D or {_unbatchedRank + 1}D input (got {input.Dim}D input)");
        int featureDim = input.Dim - _unbatchedRank;
        if (Weight is not null && input.Size(featureDim) != NumFeatures)
            throw new ArgumentException($"expected input's size at dim={featureDim} to match num_features ({NumFeatures}), but got: {input.Size(featureDim)}.");
        bool unbatched = input.Dim == _unbatchedRank;
        var output = F.InstanceNorm(unbatched ? input.Unsqueeze(0) : input, RunningMean, RunningVar, Weight, Bias,
            useInputStats: Training || RunningMean is null, momentum: Momentum ?? 0.0, eps: Eps);
        return unbatched ? output.Squeeze(0) : output;
    }
}
