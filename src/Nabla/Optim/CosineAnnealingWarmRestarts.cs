namespace Nabla.Optim;

/// <summary>
/// Cosine annealing with warm restarts (SGDR, Loshchilov and Hutter), like
/// <c>torch.optim.lr_scheduler.CosineAnnealingWarmRestarts</c>: lr = etaMin + (baseLr - etaMin)·(1 +
/// cos(π·Tcur/Tᵢ))/2, where Tcur counts the epochs since the last restart and the period Tᵢ starts
/// at <c>t0</c> and is multiplied by <c>tMult</c> at each restart. Not chainable.
/// </summary>
/// <example>
/// <code>
/// var scheduler = new CosineAnnealingWarmRestarts(opt, t0: 10, tMult: 2);
/// // per epoch: scheduler.Step(); or per batch, with a fractional epoch: scheduler.Step(epoch + i / (double)batches)
/// </code>
/// </example>
public sealed class CosineAnnealingWarmRestarts : LRScheduler
{
    private int _t0, _tI, _tMult;
    private double _etaMin, _tCur;

    /// <summary>Restarts after <paramref name="t0"/> epochs, then after periods <paramref name="tMult"/> times longer each time.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="t0"/> is not positive or <paramref name="tMult"/> is below 1.</exception>
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult = 1, double etaMin = 0) : base(optimizer)
    {
        if (t0 <= 0) throw new ArgumentOutOfRangeException(nameof(t0), t0, $"Expected positive integer T_0, but got {t0}");
        if (tMult < 1) throw new ArgumentOutOfRangeException(nameof(tMult), tMult, $"Expected integer T_mult >= 1, but got {tMult}");
        (_t0, _tI, _tMult, _etaMin, _tCur) = (t0, t0, tMult, etaMin, LastEpoch);
        InitialStep();
    }

    /// <summary>The epochs since the last restart (PyTorch's <c>T_cur</c>; fractional after <see cref="Step(double)"/>).</summary>
    public double TCur => _tCur;

    /// <summary>The length of the current period (PyTorch's <c>T_i</c>).</summary>
    public int TI => _tI;

    /// <summary>Advances one epoch, restarting when the period is over.</summary>
    public override void Step()
    {
        if (LastEpoch < 0) (_tI, _tCur) = (_t0, 0);   // the initial step: epoch 0
        else if (++_tCur >= _tI)
        {
            _tCur %= _tI;
            _tI *= _tMult;
        }
        base.Step();
    }

    /// <summary>
    /// Jumps to a possibly fractional <paramref name="epoch"/> (PyTorch's <c>step(epoch)</c>), which
    /// lets the schedule move once per batch: <c>Step(epoch + i / (double)batches)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative epoch.</exception>
    public void Step(double epoch)
    {
        if (!(epoch >= 0)) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"Expected non-negative epoch, but got {epoch}");
        if (epoch < _t0) (_tI, _tCur) = (_t0, epoch);
        else if (_tMult == 1) _tCur = epoch % _t0;
        else
        {
            // The restart count n solves t0·(tMult^n - 1)/(tMult - 1) ≤ epoch.
            int n = (int)(Math.Log(epoch / _t0 * (_tMult - 1) + 1) / Math.Log(_tMult));
            int power = checked((int)Math.Pow(_tMult, n));
            _tCur = epoch - (double)(_t0 * (power - 1)) / (_tMult - 1);
            _tI = _t0 * power;
        }
        LastEpoch = (int)Math.Floor(epoch);
        SetLrs(ComputeLr);
    }

    /// <inheritdoc/>
    protected override double ComputeLr(ParamGroup group, double baseLr)
        => _etaMin + (baseLr - _etaMin) * (1 + Math.Cos(Math.PI * _tCur / _tI)) / 2;

    private protected override IEnumerable<SchedulerField> ScheduleFields() =>
    [
        SchedulerField.Integer("T_0", () => _t0, v => _t0 = checked((int)v)),
        SchedulerField.Integer("T_i", () => _tI, v => _tI = checked((int)v)),
        SchedulerField.Integer("T_mult", () => _tMult, v => _tMult = checked((int)v)),
        SchedulerField.Number("eta_min", () => _etaMin, v => _etaMin = v),
        SchedulerField.Number("T_cur", () => _tCur, v => _tCur = v),
    ];
}
