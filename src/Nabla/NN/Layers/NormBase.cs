namespace Nabla.NN;

/// <summary>
/// What batch and instance normalisation share, like PyTorch's <c>_NormBase</c>: the affine parameters
/// (γ = 1, β = 0), the running statistics (mean 0, variance 1) and the count of batches seen, registered
/// in PyTorch's order so that state dicts move both ways, and the repr.
/// </summary>
public abstract class NormBase : Module
{
    private protected NormBase(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numFeatures);
        (NumFeatures, Eps, Momentum) = (numFeatures, eps, momentum);
        if (affine)
        {
            Weight = RegisterParameter("weight", new Parameter(Tensor.Ones(numFeatures)));
            Bias = RegisterParameter("bias", new Parameter(Tensor.Zeros(numFeatures)));
        }
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
            RunningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
            NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Scalar(0L));
        }
    }

    /// <summary>The number of channels C.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>The weight of the new batch in the running statistics; null: see the derived layer.</summary>
    public double? Momentum { get; }

    /// <summary>γ [C], or null without affine parameters.</summary>
    public Parameter? Weight { get; }

    /// <summary>β [C], or null without affine parameters.</summary>
    public Parameter? Bias { get; }

    /// <summary>The running mean [C] (buffer <c>running_mean</c>), or null when statistics are not tracked.</summary>
    public Tensor? RunningMean { get; }

    /// <summary>The running (unbiased) variance [C] (buffer <c>running_var</c>), or null when statistics are not tracked.</summary>
    public Tensor? RunningVar { get; }

    /// <summary>The number of training batches seen, an int64 scalar (buffer <c>num_batches_tracked</c>), or null when statistics are not tracked.</summary>
    public Tensor? NumBatchesTracked { get; }

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"{NumFeatures}, eps={PythonRepr.Float(Eps)}, momentum={(Momentum is { } m ? PythonRepr.Float(m) : "None")}, " +
           $"affine={PythonRepr.Bool(Weight is not null)}, track_running_stats={PythonRepr.Bool(RunningMean is not null)}";
}
