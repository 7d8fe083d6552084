namespace Nabla.NN;

/// <summary>
/// What <see cref="InstanceNorm1d"/> and <see cref="InstanceNorm2d"/> share, like PyTorch's <c>_InstanceNorm</c>:
/// optional affine parameters (γ = 1, β = 0) and optional running statistics (mean 0, variance 1; the buffer
/// <c>num_batches_tracked</c> is registered, as in PyTorch, but instance norm never counts). Each channel of each
/// sample is normalised by its own statistics, in evaluation mode too unless running statistics are tracked.
/// An input without the batch dim is taken as one sample. See <see cref="F.InstanceNorm"/>.
/// </summary>
public abstract class InstanceNormBase : Module
{
    private readonly int _unbatchedRank;

    private protected InstanceNormBase(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats, int unbatchedRank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numFeatures);
        (NumFeatures, Eps, Momentum, _unbatchedRank) = (numFeatures, eps, momentum, unbatchedRank);
        if (affine)
        {
            Weight = RegisterParameter("weight", new Parameter(Tensor.Ones(numFeatures)));
            Bias = RegisterParameter("bias", new Parameter(Tensor.Zeros(numFeatures)));
        }
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
            RunningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
            RegisterBuffer("num_batches_tracked", Tensor.Scalar(0L));
        }
    }

    /// <summary>The number of channels C.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>The weight of each new batch in the running statistics; null leaves them unchanged (PyTorch passes momentum 0).</summary>
    public double? Momentum { get; }

    /// <summary>γ [C], or null without affine parameters (the default).</summary>
    public Parameter? Weight { get; }

    /// <summary>β [C], or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>The running mean [C] (buffer <c>running_mean</c>), or null when statistics are not tracked (the default).</summary>
    public Tensor? RunningMean { get; }

    /// <summary>The running variance [C] (buffer <c>running_var</c>), or null.</summary>
    public Tensor? RunningVar { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">When the input's rank does not fit, or (with affine parameters) its channel count is not <see cref="NumFeatures"/>.</exception>
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

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"{NumFeatures}, eps={PythonRepr.Float(Eps)}, momentum={(Momentum is { } m ? PythonRepr.Float(m) : "None")}, " +
           $"affine={PythonRepr.Bool(Weight is not null)}, track_running_stats={PythonRepr.Bool(RunningMean is not null)}";
}
