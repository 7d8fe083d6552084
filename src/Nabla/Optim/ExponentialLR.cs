namespace Nabla.Optim;

/// <summary>
/// Multiplies each group's learning rate by <c>gamma</c> every epoch, like
/// <c>torch.optim.lr_scheduler.ExponentialLR</c>: lr = baseLr·γ^epoch.
/// </summary>
/// <example><c>var scheduler = new ExponentialLR(opt, gamma: 0.95);</c></example>
public sealed class ExponentialLR : LRScheduler
{
    private readonly double _gamma;

    /// <summary>Decays by <paramref name="gamma"/> each epoch.</summary>
    public ExponentialLR(Optimizer optimizer, double gamma) : base(optimizer)
    {
        _gamma = gamma;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override double ComputeLr(ParamGroup group, double baseLr) => IsInitial ? group.Lr : group.Lr * _gamma;
}
