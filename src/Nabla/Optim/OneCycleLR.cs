namespace Nabla.Optim;

/// <summary>How <see cref="OneCycleLR"/> moves between its end points (PyTorch's <c>anneal_strategy</c>).</summary>
public enum AnnealStrategy
{
    /// <summary>Half a cosine: end + (start - end)·(1 + cos πt)/2 (<c>"cos"</c>, the default).</summary>
    Cos,
    /// <summary>A straight line: start + (end - start)·t (<c>"linear"</c>).</summary>
    Linear,
}

/// <summary>
/// The 1cycle policy (Smith and Topin), like <c>torch.optim.lr_scheduler.OneCycleLR</c>: per batch,
/// the learning rate rises from maxLr/divFactor to <c>maxLr</c> over the first <c>pctStart</c> of
/// <c>totalSteps</c>, then falls to maxLr/(divFactor·finalDivFactor); momentum (or Adam's β₁) moves
/// the opposite way between <c>maxMomentum</c> and <c>baseMomentum</c>. Not chainable: each lr is
/// computed from the step number.
/// </summary>
/// <example>
/// <code>
/// var scheduler = new OneCycleLR(opt, maxLr: 0.01, totalSteps: epochs * loader.Count);
/// // after each batch's opt.Step(): scheduler.Step();
/// </code>
/// </example>
public sealed class OneCycleLR : LRScheduler
{
    private readonly record struct Phase(double EndStep, string StartLr, string EndLr, string StartMomentum, string EndMomentum);

    private int _totalSteps;
    private readonly Phase[] _phases;
    private AnnealStrategy _anneal;
    private readonly string? _momentumKey;   // "momentum", "beta1" (Adam's betas[0]) or null when not cycled

    /// <summary>A one-cycle schedule of <paramref name="totalSteps"/> steps peaking at <paramref name="maxLr"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="totalSteps"/> is not positive or <paramref name="pctStart"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">When momentum is cycled but the optimiser has neither momentum nor betas.</exception>
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cos,
        bool cycleMomentum = true, double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        if (pctStart is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, $"Expected float between 0 and 1 pct_start, but got {pctStart}");
        _totalSteps = totalSteps;
        _anneal = annealStrategy;
        double warmupEnd = pctStart * totalSteps - 1;
        _phases = threePhase
            ? [new(warmupEnd, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
               new(2 * pctStart * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
               new(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")]
            : [new(warmupEnd, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
               new(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")];
        foreach (var group in optimizer.ParamGroups)
        {
            group["initial_lr"] = maxLr / divFactor;
            group["max_lr"] = maxLr;
            group["min_lr"] = group["initial_lr"] / finalDivFactor;
        }
        if (cycleMomentum)
        {
            _momentumKey = optimizer.Defaults.ContainsKey("beta1") ? "beta1" : optimizer.Defaults.ContainsKey("momentum") ? "momentum"
                : throw new ArgumentException("optimizer must support momentum or beta1 with `cycle_momentum` option enabled", nameof(optimizer));
            foreach (var group in optimizer.ParamGroups)
            {
                group[_momentumKey] = maxMomentum;
                group["max_momentum"] = maxMomentum;
                group["base_momentum"] = baseMomentum;
            }
        }
        InitialStep();
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">When stepped past <c>totalSteps</c>.</exception>
    protected override double ComputeLr(ParamGroup group, double baseLr)
    {
        int step = LastEpoch;
        if (step > _totalSteps)
            throw new InvalidOperationException($"Tried to step {step} times. The specified number of total steps is {_totalSteps}");
        double start = 0;
        for (int i = 0; ; i++)
        {
            var phase = _phases[i];
            if (step <= phase.EndStep || i == _phases.Length - 1)
            {
                double pct = (step - start) / (phase.EndStep - start);
                if (_momentumKey is not null) group[_momentumKey] = Anneal(group[phase.StartMomentum], group[phase.EndMomentum], pct);
                return Anneal(group[phase.StartLr], group[phase.EndLr], pct);
            }
            start = phase.EndStep;
        }
    }

    private protected override IEnumerable<SchedulerField> ScheduleFields() =>
    [
        SchedulerField.Integer("total_steps", () => _totalSteps, v => _totalSteps = checked((int)v)),
        SchedulerField.Choice("_anneal_func_type", () => _anneal, v => _anneal = v),
        SchedulerField.Numbers("_schedule_phases.end_step", () => _phases.Select(p => p.EndStep),
            v => { for (int i = 0; i < v.Length; i++) _phases[i] = _phases[i] with { EndStep = v[i] }; }, () => _phases.Length),
    ];

    private double Anneal(double start, double end, double pct) => _anneal == AnnealStrategy.Cos
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;
}
