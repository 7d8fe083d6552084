namespace Nabla.Optim;

/// <summary>
/// Multiplies each group's learning rate by <c>gamma</c> every <c>stepSize</c> epochs, like
/// <c>torch.optim.lr_scheduler.StepLR</c>: lr = baseLr·γ^⌊epoch / stepSize⌋.
/// </summary>
/// <example><c>var scheduler = new StepLR(opt, stepSize: 30, gamma: 0.1);   // after opt.Step(), once per epoch: scheduler.Step()</c></example>
public sealed class StepLR : LRScheduler
{
    private int _stepSize;
    private double _gamma;

    /// <summary>Decays by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="stepSize"/> is not positive.</exception>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        _stepSize = stepSize;
        _gamma = gamma;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override double ComputeLr(ParamGroup group, double baseLr)
        => LastEpoch == 0 || LastEpoch % _stepSize != 0 ? group.Lr : group.Lr * _gamma;

    /// <inheritdoc/>
    protected override double ClosedFormLr(ParamGroup group, double baseLr) => baseLr * Math.Pow(_gamma, Math.Floor((double)LastEpoch / _stepSize));

    private protected override IEnumerable<SchedulerField> ScheduleFields() =>
    [
        SchedulerField.Integer("step_size", () => _stepSize, v => _stepSize = checked((int)v)),
        SchedulerField.Number("gamma", () => _gamma, v => _gamma = v),
    ];
}
