namespace Nabla.Optim;

/// <summary>
/// Multiplies each group's learning rate by <c>gamma</c> every epoch, like
/// <c>torch.optim.lr_scheduler.ExponentialLR</c>: lr = baseLr·γ^epoch.
/// </summary>
/// <example><c>var scheduler = new ExponentialLR(opt, gamma: 0.95);</c></example>
public sealed class ExponentialLR : LRScheduler
{
    private double _gamma;

    /// <summary>Decays by <paramref name="gamma"/> each epoch.</summary>
    public ExponentialLR(Optimizer optimizer, double gamma) : base(optimizer)
    {
        _gamma = gamma;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override double ComputeLr(ParamGroup group, double baseLr) => IsInitial ? group.Lr : group.Lr * _gamma;

    /// <inheritdoc/>
    protected override double ClosedFormLr(ParamGroup group, double baseLr) => baseLr * Math.Pow(_gamma, LastEpoch);

    private protected override IEnumerable<SchedulerField> ScheduleFields() => [SchedulerField.Number("gamma", () => _gamma, v => _gamma = v)];
}
