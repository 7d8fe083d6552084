namespace Nabla.Optim;

/// <summary>
/// Cosine annealing from the base learning rate down to <c>etaMin</c> over <c>tMax</c> epochs, like
/// <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>:
/// lr = etaMin + (baseLr - etaMin)·(1 + cos(π·epoch / tMax)) / 2, continuing as a cosine (back up) past tMax.
/// </summary>
/// <example><c>var scheduler = new CosineAnnealingLR(opt, tMax: 100, etaMin: 1e-5);</c></example>
public sealed class CosineAnnealingLR : LRScheduler
{
    private int _tMax;
    private double _etaMin;

    /// <summary>Anneals over <paramref name="tMax"/> epochs to <paramref name="etaMin"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="tMax"/> is not positive.</exception>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0) : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tMax);
        _tMax = tMax;
        _etaMin = etaMin;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override double ComputeLr(ParamGroup group, double baseLr)
    {
        if (IsInitial) return group.Lr;
        int t = LastEpoch;
        // At the bottom of each cycle the recursive ratio below is 0/0, so PyTorch adds the first step of the rise directly.
        if (PositiveModulo(t - 1 - _tMax, 2 * _tMax) == 0)
            return group.Lr + (baseLr - _etaMin) * (1 - Math.Cos(Math.PI / _tMax)) / 2;
        return (1 + Math.Cos(Math.PI * t / _tMax)) / (1 + Math.Cos(Math.PI * (t - 1) / _tMax)) * (group.Lr - _etaMin) + _etaMin;
    }

    /// <inheritdoc/>
    protected override double ClosedFormLr(ParamGroup group, double baseLr)
        => _etaMin + (baseLr - _etaMin) * (1 + Math.Cos(Math.PI * LastEpoch / _tMax)) / 2;

    private protected override IEnumerable<SchedulerField> ScheduleFields() =>
    [
        SchedulerField.Integer("T_max", () => _tMax, v => _tMax = checked((int)v)),
        SchedulerField.Number("eta_min", () => _etaMin, v => _etaMin = v),
    ];

    // Python's %, which is never negative for a positive divisor.
    private static int PositiveModulo(int a, int m) => ((a % m) + m) % m;
}
