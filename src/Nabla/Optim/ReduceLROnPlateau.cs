namespace Nabla.Optim;

/// <summary>Whether <see cref="ReduceLROnPlateau"/> watches a metric that should fall or rise (PyTorch's <c>mode</c>).</summary>
public enum PlateauMode
{
    /// <summary>Lower is better, such as a loss (<c>"min"</c>, the default).</summary>
    Min,
    /// <summary>Higher is better, such as an accuracy (<c>"max"</c>).</summary>
    Max,
}

/// <summary>How <see cref="ReduceLROnPlateau"/> decides that a metric improved significantly (PyTorch's <c>threshold_mode</c>).</summary>
public enum ThresholdMode
{
    /// <summary>Relative: better than best·(1 ∓ threshold) (<c>"rel"</c>, the default).</summary>
    Rel,
    /// <summary>Absolute: better than best ∓ threshold (<c>"abs"</c>).</summary>
    Abs,
}

/// <summary>
/// Divides the learning rates when a metric stops improving, like
/// <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>: after more than <c>patience</c> epochs without
/// a significant improvement, each group's lr becomes max(lr·factor, minLr), then <c>cooldown</c>
/// epochs pass before bad epochs count again. Changes smaller than <c>eps</c> are skipped.
/// </summary>
/// <remarks>
/// Its step takes the metric, so it is not an <see cref="LRScheduler"/> (PyTorch 2.x derives it from
/// one but it cannot be stepped without a metric, nor put in a <see cref="SequentialLR"/>).
/// </remarks>
/// <example>
/// <code>
/// var scheduler = new ReduceLROnPlateau(opt, factor: 0.5, patience: 3);
/// // after each epoch's validation:
/// scheduler.Step(valLoss);
/// </code>
/// </example>
public sealed class ReduceLROnPlateau
{
    private double _factor, _threshold, _eps;
    private int _patience, _cooldown;
    private PlateauMode _mode;
    private ThresholdMode _thresholdMode;
    private double[] _minLrs;
    private readonly double? _defaultMinLr;   // the single minLr given, which also covers groups added later
    private double[] _lastLr;

    /// <summary>Reduces by <paramref name="factor"/> after <paramref name="patience"/> epochs without improvement, down to <paramref name="minLr"/> for every group.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="factor"/> is not below 1.</exception>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10, double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0, double minLr = 0, double eps = 1e-8)
        : this(optimizer, mode, factor, patience, threshold, thresholdMode, cooldown, Enumerable.Repeat(minLr, optimizer?.ParamGroups.Count ?? 0).ToArray(), minLr, eps) { }

    /// <summary>As the other constructor, with one lower bound per group in <paramref name="minLr"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="factor"/> is not below 1.</exception>
    /// <exception cref="ArgumentException">When <paramref name="minLr"/> does not have one value per group.</exception>
    public ReduceLROnPlateau(Optimizer optimizer, IReadOnlyList<double> minLr, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10,
        double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0, double eps = 1e-8)
        : this(optimizer, mode, factor, patience, threshold, thresholdMode, cooldown, [.. minLr ?? throw new ArgumentNullException(nameof(minLr))], null, eps) { }

    private ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
        int cooldown, double[] minLrs, double? defaultMinLr, double eps)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!(factor < 1.0)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Factor should be < 1.0.");
        if (minLrs.Length != optimizer.ParamGroups.Count)
            throw new ArgumentException($"expected {optimizer.ParamGroups.Count} min_lrs, got {minLrs.Length}", "minLr");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, $"mode {mode} is unknown!");
        if (!Enum.IsDefined(thresholdMode)) throw new ArgumentOutOfRangeException(nameof(thresholdMode), thresholdMode, $"threshold mode {thresholdMode} is unknown!");
        Optimizer = optimizer;
        (_mode, _factor, _patience, _threshold, _thresholdMode, _cooldown, _minLrs, _defaultMinLr, _eps) =
            (mode, factor, patience, threshold, thresholdMode, cooldown, minLrs, defaultMinLr, eps);
        _lastLr = optimizer.ParamGroups.Select(g => g.Lr).ToArray();
        Best = WorstValue;
    }

    /// <summary>The optimiser whose learning rates this scheduler sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The number of steps taken (PyTorch's <c>last_epoch</c>, 0 after construction).</summary>
    public int LastEpoch { get; private set; }

    /// <summary>The learning rates after the last step, one per group, like <c>get_last_lr()</c>.</summary>
    public IReadOnlyList<double> LastLr => _lastLr;

    /// <summary>The best metric so far (+∞ or -∞ before the first step).</summary>
    public double Best { get; private set; }

    /// <summary>The epochs since the last significant improvement (PyTorch's <c>num_bad_epochs</c>).</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>The epochs of cooldown left (PyTorch's <c>cooldown_counter</c>).</summary>
    public int CooldownCounter { get; private set; }

    private double WorstValue => _mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>Records one epoch's <paramref name="metric"/> and reduces the lrs if it has stopped improving, like <c>scheduler.step(metrics)</c>.</summary>
    public void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric, Best))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else NumBadEpochs++;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            NumBadEpochs = 0;   // bad epochs during the cooldown do not count
        }
        if (NumBadEpochs > _patience)
        {
            ReduceLrs();
            CooldownCounter = _cooldown;
            NumBadEpochs = 0;
        }
        _lastLr = Optimizer.ParamGroups.Select(g => g.Lr).ToArray();
    }

    /// <summary>As <see cref="Step(double)"/>, with a one-element tensor such as a validation loss (PyTorch's <c>float(metrics)</c>).</summary>
    public void Step(Tensor metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        Step(metric.Item<double>());
    }

    private bool IsBetter(double a, double best) => (_mode, _thresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => a < best * (1.0 - _threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => a < best - _threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => a > best * (_threshold + 1.0),
        _ => a > best + _threshold,
    };

    private void ReduceLrs()
    {
        var groups = Optimizer.ParamGroups;
        if (groups.Count != _minLrs.Length)
        {
            _minLrs = _defaultMinLr is { } minLr ? Enumerable.Repeat(minLr, groups.Count).ToArray()
                : throw new InvalidOperationException($"The number of param groups in the `optimizer` ({groups.Count}) differs from when `ReduceLROnPlateau` was initialized ({_minLrs.Length}), usually due to a new param group being added to the optimizer. Please construct the scheduler with one minLr per group.");
        }
        for (int i = 0; i < groups.Count; i++)
        {
            double old = groups[i].Lr, reduced = Math.Max(old * _factor, _minLrs[i]);
            if (old - reduced > _eps) groups[i].Lr = reduced;
        }
    }

    /// <summary>
    /// The scheduler's state, like <c>scheduler.state_dict()</c>: the counters, the best metric and
    /// the hyperparameters under PyTorch's names (modes as their enum values).
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict() => SchedulerState.Save(Fields());

    /// <summary>Restores a state saved by <see cref="StateDict"/>, like <c>load_state_dict</c>; every problem is reported at once, before anything changes.</summary>
    /// <exception cref="ArgumentException">For unexpected, missing or malformed entries.</exception>
    public void LoadStateDict(IEnumerable<KeyValuePair<string, Tensor>> stateDict) => SchedulerState.Load(nameof(ReduceLROnPlateau), Fields(), stateDict);

    private SchedulerField[] Fields() =>
    [
        SchedulerField.Number("factor", () => _factor, v => _factor = v),
        SchedulerField.Numbers("min_lrs", () => _minLrs, v => _minLrs = v),
        SchedulerField.Integer("patience", () => _patience, v => _patience = checked((int)v)),
        SchedulerField.Integer("cooldown", () => _cooldown, v => _cooldown = checked((int)v)),
        SchedulerField.Integer("cooldown_counter", () => CooldownCounter, v => CooldownCounter = checked((int)v)),
        SchedulerField.Choice("mode", () => _mode, v => _mode = v),
        SchedulerField.Number("threshold", () => _threshold, v => _threshold = v),
        SchedulerField.Choice("threshold_mode", () => _thresholdMode, v => _thresholdMode = v),
        SchedulerField.Number("best", () => Best, v => Best = v),
        SchedulerField.Integer("num_bad_epochs", () => NumBadEpochs, v => NumBadEpochs = checked((int)v)),
        SchedulerField.Number("eps", () => _eps, v => _eps = v),
        SchedulerField.Integer("last_epoch", () => LastEpoch, v => LastEpoch = checked((int)v)),
        SchedulerField.Numbers("_last_lr", () => _lastLr, v => _lastLr = v),
    ];
}
