namespace Nabla.Optim;

/// <summary>
/// Multiplies each group's learning rate by <c>gamma</c> at each milestone epoch, like
/// <c>torch.optim.lr_scheduler.MultiStepLR</c>: lr = baseLr·γ^(milestones passed). A milestone
/// listed twice applies γ twice, as PyTorch's <c>Counter</c> does.
/// </summary>
/// <example><c>var scheduler = new MultiStepLR(opt, milestones: [30, 80], gamma: 0.1);</c></example>
public sealed class MultiStepLR : LRScheduler
{
    private int[] _milestones;   // sorted, repeats kept
    private double _gamma;

    /// <summary>Decays by <paramref name="gamma"/> at each of <paramref name="milestones"/> (epoch indices).</summary>
    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = [.. milestones.Order()];
        _gamma = gamma;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override double ComputeLr(ParamGroup group, double baseLr)
    {
        int hits = _milestones.Count(m => m == LastEpoch);
        return hits == 0 ? group.Lr : group.Lr * Math.Pow(_gamma, hits);
    }

    /// <inheritdoc/>
    protected override double ClosedFormLr(ParamGroup group, double baseLr) => baseLr * Math.Pow(_gamma, _milestones.Count(m => m <= LastEpoch));

    private protected override IEnumerable<SchedulerField> ScheduleFields() =>
    [
        SchedulerField.Integers("milestones", () => _milestones, v => _milestones = [.. v.Order()]),
        SchedulerField.Number("gamma", () => _gamma, v => _gamma = v),
    ];
}
