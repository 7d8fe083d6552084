namespace Nabla.Optim;

// PyTorch's scheduler state_dict is the scheduler's __dict__ without the optimiser (nested schedulers
// as nested dicts). Here it is a flat name → tensor dictionary, like the optimiser's, so that it can
// be saved as safetensors: int64 scalars for counts, float64 scalars and vectors for rates, enums as
// their values; a nested scheduler's entries are prefixed with "_schedulers.{i}.".
public abstract partial class LRScheduler
{
    /// <summary>
    /// The scheduler's state, like <c>scheduler.state_dict()</c>: <c>last_epoch</c>, <c>_step_count</c>,
    /// <c>base_lrs</c>, <c>_last_lr</c> and the schedule's own hyperparameters and counters under
    /// PyTorch's attribute names. Functions (<see cref="LambdaLR"/>'s lambdas) are not saved, as in PyTorch.
    /// Save the optimiser's <see cref="Optimizer.StateDict"/> with it: chainable schedules continue from the groups' lrs.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict() => SchedulerState.Save(Fields());

    /// <summary>
    /// Restores a state saved by <see cref="StateDict"/>, like <c>load_state_dict</c>; every problem
    /// is reported at once, before anything changes. Load the optimiser's state as well, after
    /// constructing this scheduler (its constructor sets the lrs).
    /// </summary>
    /// <exception cref="ArgumentException">For unexpected, missing or malformed entries.</exception>
    public void LoadStateDict(IEnumerable<KeyValuePair<string, Tensor>> stateDict) => SchedulerState.Load(GetType().Name, Fields(), stateDict);

    /// <summary>Every saved entry: the base class's, then <see cref="ScheduleFields"/>.</summary>
    internal IReadOnlyList<SchedulerField> Fields() =>
    [
        SchedulerField.Integer("last_epoch", () => LastEpoch, v => LastEpoch = checked((int)v)),
        SchedulerField.Integer("_step_count", () => StepCount, v => StepCount = checked((int)v)),
        SchedulerField.Numbers("base_lrs", () => _baseLrs, v => _baseLrs = v, GroupCount),
        SchedulerField.Numbers("_last_lr", () => _lastLr, v => _lastLr = v, GroupCount),
        .. ScheduleFields(),
    ];

    /// <summary>The schedule's own entries (hyperparameters and counters); none by default.</summary>
    private protected virtual IEnumerable<SchedulerField> ScheduleFields() => [];

    private int GroupCount() => Optimizer.ParamGroups.Count;
}
