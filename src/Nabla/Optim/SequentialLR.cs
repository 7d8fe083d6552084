namespace Nabla.Optim;

/// <summary>
/// Runs schedulers one after another, switching at the milestone epochs, like
/// <c>torch.optim.lr_scheduler.SequentialLR</c>: scheduler i drives the epochs from milestone i - 1;
/// at a milestone it restarts from epoch 0 in its closed form (from the base lrs), then steps as usual.
/// </summary>
/// <remarks>
/// Construction puts every group back at its <c>initial_lr</c>, undoes the initial step each
/// scheduler made when it was built, and makes the first scheduler's initial step again, as
/// PyTorch does. <see cref="ReduceLROnPlateau"/> is not an <see cref="LRScheduler"/> (its step needs
/// a metric), so it cannot be one of them, as in PyTorch. The state dict nests each scheduler's
/// entries under <c>_schedulers.{i}.</c>.
/// </remarks>
/// <example>
/// <code>
/// var warmup = new LinearLR(opt, startFactor: 0.1, totalIters: 5);
/// var decay = new CosineAnnealingLR(opt, tMax: 95);
/// var scheduler = new SequentialLR(opt, [warmup, decay], milestones: [5]);
/// </code>
/// </example>
public sealed class SequentialLR : LRScheduler
{
    private readonly LRScheduler[] _schedulers;
    private int[] _milestones;

    /// <summary>Runs <paramref name="schedulers"/> in turn, switching at each of <paramref name="milestones"/> (one fewer than the schedulers).</summary>
    /// <exception cref="ArgumentException">For no schedulers, a scheduler of another optimiser, or the wrong number of milestones.</exception>
    public SequentialLR(Optimizer optimizer, IReadOnlyList<LRScheduler> schedulers, IReadOnlyList<int> milestones) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        ArgumentNullException.ThrowIfNull(milestones);
        if (schedulers.Count < 1)
            throw new ArgumentException("SequentialLR expects at least one scheduler, but got no scheduler.", nameof(schedulers));
        for (int i = 0; i < schedulers.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(schedulers[i], nameof(schedulers));
            if (!ReferenceEquals(schedulers[i].Optimizer, optimizer))
                throw new ArgumentException($"SequentialLR expects all schedulers to belong to the same optimizer, but got scheduler {schedulers[i].GetType().Name} at index {i} with a different optimizer.", nameof(schedulers));
        }
        if (milestones.Count != schedulers.Count - 1)
            throw new ArgumentException($"Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers {schedulers.Count} and the number of milestones to be equal to {milestones.Count}", nameof(milestones));
        _schedulers = [.. schedulers];
        _milestones = [.. milestones];
        LastEpoch = 0;
        foreach (var group in optimizer.ParamGroups) group.Lr = group["initial_lr"];
        RecordBaseLrs();
        foreach (var scheduler in _schedulers) UndoInitialStep(scheduler);
        _schedulers[0].RunInitialStep();
        SetLastLr(_schedulers[0].LastLr);
    }

    /// <summary>The schedulers, in the order they run.</summary>
    public IReadOnlyList<LRScheduler> Schedulers => _schedulers;

    // PyTorch's recursive_undo: every scheduler, nested ones included, goes back one epoch.
    private static void UndoInitialStep(LRScheduler scheduler)
    {
        if (scheduler is SequentialLR sequential)
            foreach (var inner in sequential._schedulers) UndoInitialStep(inner);
        else scheduler.LastEpoch--;
    }

    /// <summary>Advances one epoch: the active scheduler steps, or restarts at epoch 0 at its milestone.</summary>
    public override void Step()
    {
        LastEpoch++;
        int index = _milestones.Count(m => m <= LastEpoch);   // Python's bisect_right
        var scheduler = _schedulers[index];
        if (index > 0 && _milestones[index - 1] == LastEpoch) scheduler.JumpToEpoch(0);
        else scheduler.Step();
        SetLastLr(scheduler.LastLr);
    }

    /// <summary>Not used: <see cref="Step"/> delegates to the active scheduler.</summary>
    protected override double ComputeLr(ParamGroup group, double baseLr) => group.Lr;

    private protected override IEnumerable<SchedulerField> ScheduleFields() =>
    [
        SchedulerField.Integers("_milestones", () => _milestones, v => _milestones = v, () => _schedulers.Length - 1),
        .. _schedulers.SelectMany((s, i) => s.Fields().Select(f => f.Prefixed($"_schedulers.{i}."))),
    ];
}
