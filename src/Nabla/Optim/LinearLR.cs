namespace Nabla.Optim;

/// <summary>
/// Scales each group's learning rate by a factor that moves linearly from <c>startFactor</c> to
/// <c>endFactor</c> over <c>totalIters</c> epochs and then stays, like
/// <c>torch.optim.lr_scheduler.LinearLR</c> (a warm-up, with the defaults):
/// lr = baseLr·(start + (end - start)·min(epoch, totalIters)/totalIters).
/// </summary>
/// <example><c>var warmup = new LinearLR(opt, startFactor: 0.1, totalIters: 5);</c></example>
public sealed class LinearLR : LRScheduler
{
    private double _startFactor, _endFactor;
    private int _totalIters;

    /// <summary>Scales from <paramref name="startFactor"/> to <paramref name="endFactor"/> over <paramref name="totalIters"/> epochs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a start factor outside (0, 1], an end factor outside [0, 1] or a non-positive totalIters.</exception>
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5) : base(optimizer)
    {
        if (startFactor is > 1.0 or <= 0 || double.IsNaN(startFactor))
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
        if (endFactor is > 1.0 or < 0 || double.IsNaN(endFactor))
            throw new ArgumentOutOfRangeException(nameof(endFactor), endFactor, "Ending multiplicative factor expected to be between 0 and 1.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalIters);
        _startFactor = startFactor;
        _endFactor = endFactor;
        _totalIters = totalIters;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override double ComputeLr(ParamGroup group, double baseLr)
    {
        if (LastEpoch == 0) return group.Lr * _startFactor;
        if (IsInitial || LastEpoch > _totalIters) return group.Lr;
        // The ratio of this epoch's factor to the last one's, as PyTorch's chainable form writes it.
        return group.Lr * (1.0 + (_endFactor - _startFactor) / (_totalIters * _startFactor + (LastEpoch - 1) * (_endFactor - _startFactor)));
    }

    /// <inheritdoc/>
    protected override double ClosedFormLr(ParamGroup group, double baseLr)
        => baseLr * (_startFactor + (_endFactor - _startFactor) * Math.Min(_totalIters, LastEpoch) / _totalIters);

    private protected override IEnumerable<SchedulerField> ScheduleFields() =>
    [
        SchedulerField.Number("start_factor", () => _startFactor, v => _startFactor = v),
        SchedulerField.Number("end_factor", () => _endFactor, v => _endFactor = v),
        SchedulerField.Integer("total_iters", () => _totalIters, v => _totalIters = checked((int)v)),
    ];
}
