namespace Nabla.Optim;

/// <summary>
/// The base class of learning-rate schedulers, like <c>torch.optim.lr_scheduler.LRScheduler</c>:
/// each <see cref="Step"/> advances <see cref="LastEpoch"/> and sets every group's <c>lr</c>. Call it
/// after <c>optimizer.Step()</c>, once per epoch (or per batch, for <see cref="OneCycleLR"/>).
/// </summary>
/// <remarks>
/// The updates are PyTorch's chainable forms (the new lr is computed from the group's current lr,
/// so schedulers can be stacked), which is what <c>scheduler.step()</c> uses; the closed forms
/// (<see cref="ClosedFormLr"/>) serve <see cref="SequentialLR"/>'s jumps to epoch 0, as in PyTorch.
/// Construction records each group's <c>initial_lr</c> and performs the initial step (epoch 0).
/// <see cref="StateDict"/> and <see cref="LoadStateDict"/> save and restore the position in the
/// schedule, so that a run resumes exactly.
/// </remarks>
public abstract partial class LRScheduler
{
    private double[] _baseLrs = [];
    private double[] _lastLr = [];

    /// <summary>A scheduler of <paramref name="optimizer"/>; the derived constructor ends with <see cref="InitialStep"/>.</summary>
    protected LRScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
    }

    /// <summary>The optimiser whose learning rates this scheduler sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The index of the last epoch, like <c>last_epoch</c>: 0 after construction, then one more per <see cref="Step"/>.</summary>
    public int LastEpoch { get; internal set; } = -1;

    /// <summary>The learning rates the schedule starts from (each group's <c>initial_lr</c>), like <c>base_lrs</c>.</summary>
    public IReadOnlyList<double> BaseLrs => _baseLrs;

    /// <summary>The learning rates set by the last step, one per group, like <c>get_last_lr()</c>.</summary>
    public IReadOnlyList<double> LastLr => _lastLr;

    /// <summary>True during the initial step made by the constructor (PyTorch's <c>_is_initial</c>).</summary>
    protected bool IsInitial { get; private set; }

    /// <summary>How many times the scheduler has stepped, the initial step included (PyTorch's <c>_step_count</c>).</summary>
    protected int StepCount { get; private set; }

    /// <summary>
    /// Records each group's <c>initial_lr</c> (unless set already) as the base lr and makes the
    /// initial step to epoch 0. Derived constructors call it last, once their fields are set.
    /// </summary>
    protected void InitialStep()
    {
        RecordBaseLrs();
        RunInitialStep();
    }

    /// <summary>Sets each group's <c>initial_lr</c> unless it has one, and takes those as the base lrs.</summary>
    private protected void RecordBaseLrs()
    {
        foreach (var group in Optimizer.ParamGroups)
            if (!group.Contains("initial_lr")) group["initial_lr"] = group.Lr;
        _baseLrs = Optimizer.ParamGroups.Select(g => g["initial_lr"]).ToArray();
    }

    /// <summary>PyTorch's <c>_initial_step</c>: the step count back to zero and one step in initial mode.</summary>
    internal void RunInitialStep()
    {
        StepCount = 0;
        IsInitial = true;
        try { Step(); }
        finally { IsInitial = false; }
    }

    /// <summary>Advances one epoch and sets each group's learning rate, like <c>scheduler.step()</c>.</summary>
    /// <exception cref="InvalidOperationException">When a derived constructor did not call <see cref="InitialStep"/>.</exception>
    public virtual void Step()
    {
        if (!IsInitial && StepCount == 0)
            throw new InvalidOperationException($"{GetType().Name} was not initialised: its constructor must end with InitialStep()");
        StepCount++;
        LastEpoch++;
        SetLrs(ComputeLr);
    }

    /// <summary>Jumps to <paramref name="epoch"/> and sets the closed-form lrs (PyTorch's <c>_update_lr(epoch)</c>, which <see cref="SequentialLR"/> uses).</summary>
    internal void JumpToEpoch(int epoch)
    {
        LastEpoch = epoch;
        SetLrs(ClosedFormLr);
    }

    /// <summary>Sets every group's lr from <paramref name="lrOf"/> (all computed before any is set, as PyTorch does) and records them.</summary>
    private protected void SetLrs(Func<ParamGroup, double, double> lrOf)
    {
        var groups = Optimizer.ParamGroups;
        var lrs = new double[groups.Count];
        for (int i = 0; i < lrs.Length; i++) lrs[i] = lrOf(groups[i], _baseLrs[i]);
        for (int i = 0; i < lrs.Length; i++) groups[i].Lr = lrs[i];
        _lastLr = lrs;
    }

    /// <summary>Records the learning rates of the last step (a scheduler that delegates its steps, such as <see cref="SequentialLR"/>).</summary>
    private protected void SetLastLr(IReadOnlyList<double> lrs) => _lastLr = [.. lrs];

    /// <summary>The learning rate of <paramref name="group"/> at <see cref="LastEpoch"/> (PyTorch's <c>get_lr</c>, for one group).</summary>
    protected abstract double ComputeLr(ParamGroup group, double baseLr);

    /// <summary>
    /// The learning rate at <see cref="LastEpoch"/> from the base lr alone (PyTorch's
    /// <c>_get_closed_form_lr</c>); schedules without one use <see cref="ComputeLr"/>, as PyTorch does.
    /// </summary>
    protected virtual double ClosedFormLr(ParamGroup group, double baseLr) => ComputeLr(group, baseLr);
}
