namespace Nabla.NN;

/// <summary>
/// What <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/> share, like PyTorch's <c>_BatchNorm</c>:
/// the affine parameters (γ = 1, β = 0), the running statistics (mean 0, variance 1) and the count of
/// batches seen. Training mode normalises by batch statistics and updates the running ones; evaluation
/// mode normalises by the running ones. See <see cref="F.BatchNorm"/>.
/// </summary>
public abstract class BatchNormBase : Module
{
    private protected BatchNormBase(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
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

    /// <summary>The weight of the new batch in the running statistics; null for a cumulative average.</summary>
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

    /// <summary>Throws unless <paramref name="input"/> has a rank this layer accepts (PyTorch's <c>_check_input_dim</c>).</summary>
    private protected abstract void CheckInputDim(Tensor input);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInputDim(input);
        double factor = 0;
        if (Training && NumBatchesTracked is not null)
        {
            using (Autograd.NoGrad()) NumBatchesTracked.AddInPlace(Tensor.Scalar(1L));
            factor = Momentum ?? 1.0 / NumBatchesTracked.Item<long>();   // no momentum: the cumulative average
        }
        // Without running statistics, batch statistics serve in evaluation mode too.
        bool useBatchStats = Training || RunningMean is null;
        return F.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, useBatchStats, factor, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"{NumFeatures}, eps={PythonRepr.Float(Eps)}, momentum={(Momentum is { } m ? PythonRepr.Float(m) : "None")}, " +
           $"affine={PythonRepr.Bool(Weight is not null)}, track_running_stats={PythonRepr.Bool(RunningMean is not null)}";
}
