namespace Nabla.NN;

/// <summary>
/// What <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/> share, like PyTorch's <c>_BatchNorm</c>:
/// training mode normalises by batch statistics and updates the running ones (with <see cref="NormBase.Momentum"/>,
/// or the cumulative average when it is null); evaluation mode normalises by the running ones. See <see cref="F.BatchNorm"/>.
/// </summary>
public abstract class BatchNormBase : NormBase
{
    private protected BatchNormBase(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
        : base(numFeatures, eps, momentum, affine, trackRunningStats) { }

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
}
