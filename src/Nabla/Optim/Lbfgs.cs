namespace Nabla.Optim;

/// <summary>
/// L-BFGS, like <c>torch.optim.LBFGS</c> (after minFunc): each <see cref="Step(Func{Tensor})"/>
/// runs up to <c>maxIter</c> quasi-Newton iterations, re-evaluating the loss through the closure,
/// with an inverse-Hessian estimate built from the last <c>historySize</c> steps and gradient
/// changes (the two-loop recursion). Steps have a fixed length of lr (the first one scaled by
/// min(1, 1/‖g‖₁)) or, with <c>lineSearchFn: "strong_wolfe"</c>, come from a line search that
/// satisfies the strong Wolfe conditions.
/// </summary>
/// <remarks>
/// As in PyTorch, there is a single parameter group, all parameters are handled as one flat
/// vector (they must share a dtype), and the state (step direction, history, counters) lives under
/// the first parameter: <c>state.0.d</c>, <c>state.0.old_dirs</c> (history × parameters),
/// <c>state.0.ro</c>, <c>state.0.n_iter</c>... PyTorch's scratch list <c>al</c> is not kept.
/// The group option <c>line_search_fn</c> is 1 for strong Wolfe and 0 for none.
/// </remarks>
/// <example>
/// <code>
/// var opt = new Lbfgs(model.Parameters(), lineSearchFn: "strong_wolfe");
/// var loss = opt.Step(() =>
/// {
///     opt.ZeroGrad();
///     var l = F.MseLoss(model.Forward(x), y);
///     l.Backward();
///     return l;
/// });
/// </code>
/// </example>
public sealed class Lbfgs : Optimizer
{
    private readonly Tensor[] _params;
    private readonly int _numel;

    /// <summary>L-BFGS over <paramref name="parameters"/>; <paramref name="maxEval"/> defaults to maxIter·5/4.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative lr or tolerance, or a non-positive maxIter, maxEval or historySize.</exception>
    /// <exception cref="ArgumentException">For a line search other than "strong_wolfe", or parameters of different dtypes.</exception>
    public Lbfgs(IEnumerable<Tensor> parameters, double lr = 1, int maxIter = 20, int? maxEval = null, double toleranceGrad = 1e-7,
        double toleranceChange = 1e-9, int historySize = 100, string? lineSearchFn = null)
        : base(parameters, MakeDefaults(lr, maxIter, maxEval ?? maxIter * 5 / 4, toleranceGrad, toleranceChange, historySize, lineSearchFn))
    {
        _params = [.. ParamGroups[0].Parameters];
        if (_params.Select(p => p.DType).Distinct().Count() > 1)
            throw new ArgumentException($"LBFGS treats all parameters as one vector, so they must share a dtype; got {string.Join(", ", _params.Select(p => p.DType.Name()).Distinct())}", nameof(parameters));
        _numel = checked((int)_params.Sum(p => p.Numel));
    }

    private static KeyValuePair<string, double>[] MakeDefaults(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange, int historySize, string? lineSearchFn)
    {
        if (lineSearchFn is not (null or "strong_wolfe"))
            throw new ArgumentException($"only 'strong_wolfe' is supported as lineSearchFn, got '{lineSearchFn}'", nameof(lineSearchFn));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEval);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(historySize);
        return
        [
            new("lr", Check(lr, lr >= 0, "learning rate")),
            new("max_iter", maxIter),
            new("max_eval", maxEval),
            new("tolerance_grad", Check(toleranceGrad, toleranceGrad >= 0, "tolerance_grad value")),
            new("tolerance_change", Check(toleranceChange, toleranceChange >= 0, "tolerance_change value")),
            new("history_size", historySize),
            new("line_search_fn", lineSearchFn is null ? 0 : 1),
        ];
    }

    /// <summary>Not available: L-BFGS re-evaluates the loss several times per step, so it needs <see cref="Step(Func{Tensor})"/>.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public override void Step()
        => throw new InvalidOperationException("Lbfgs re-evaluates the loss during a step: call Step(closure) with a closure that zeroes the gradients, computes the loss, calls Backward and returns the loss");

    /// <summary>
    /// Runs up to <c>maxIter</c> iterations, calling <paramref name="closure"/> (with grad enabled)
    /// whenever the loss and gradients are needed; returns the loss of the first evaluation, like
    /// <c>optimizer.step(closure)</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">When a second parameter group was added (L-BFGS has one).</exception>
    public override Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        if (ParamGroups.Count != 1) throw new InvalidOperationException("LBFGS doesn't support per-parameter options (parameter groups)");
        using var noGrad = Autograd.NoGrad();
        var group = ParamGroups[0];
        double lr = group.Lr, toleranceGrad = group["tolerance_grad"], toleranceChange = group["tolerance_change"];
        int maxIter = (int)group["max_iter"], maxEval = (int)group["max_eval"], historySize = (int)group["history_size"];
        bool strongWolfe = group["line_search_fn"] != 0;

        var state = StateOf(_params[0]);
        var memory = LbfgsMemory.Load(state);

        var origLoss = Evaluate(closure);
        double loss = origLoss.Item<double>();
        int currentEvals = 1;
        memory.FuncEvals++;
        var flatGrad = GatherFlatGrad();
        bool optimal = flatGrad.Abs().Max().Item<double>() <= toleranceGrad;
        if (optimal)
        {
            memory.Save(state);
            return origLoss;
        }

        for (int nIter = 1; nIter <= maxIter; nIter++)
        {
            memory.NIter++;
            memory.D = memory.NIter == 1 ? FirstDirection(memory, flatGrad) : memory.Direction(flatGrad, historySize);
            var d = memory.D;
            memory.PrevFlatGrad = flatGrad.Clone();
            memory.PrevLoss = loss;

            // The first step is scaled so that its length is at most lr.
            double t = memory.NIter == 1 ? Math.Min(1.0, 1.0 / flatGrad.Abs().Sum().Item<double>()) * lr : lr;
            double gtd = flatGrad.Dot(d).Item<double>();
            if (gtd > -toleranceChange)
            {
                memory.T = t;
                break;   // the directional derivative is below tolerance
            }

            int lineSearchEvals = 0;
            if (strongWolfe)
            {
                var x = _params.Select(p => p.Clone()).ToArray();
                (loss, flatGrad, t, lineSearchEvals) = StrongWolfe.Search(step => EvaluateAt(closure, x, step, d), t, d, loss, flatGrad, gtd, toleranceChange);
                AddScaled(t, d);
                optimal = flatGrad.Abs().Max().Item<double>() <= toleranceGrad;
            }
            else
            {
                AddScaled(t, d);
                if (nIter != maxIter)
                {
                    // Not re-evaluated after the last iteration: with stochastic losses that evaluation would be wasted.
                    loss = Evaluate(closure).Item<double>();
                    flatGrad = GatherFlatGrad();
                    optimal = flatGrad.Abs().Max().Item<double>() <= toleranceGrad;
                    lineSearchEvals = 1;
                }
            }
            memory.T = t;
            currentEvals += lineSearchEvals;
            memory.FuncEvals += lineSearchEvals;

            if (nIter == maxIter || currentEvals >= maxEval || optimal) break;
            if (d.Mul(t).Abs().Max().Item<double>() <= toleranceChange) break;   // lack of progress
            if (Math.Abs(loss - memory.PrevLoss) < toleranceChange) break;
        }
        memory.Save(state);
        return origLoss;
    }

    private static Tensor FirstDirection(LbfgsMemory memory, Tensor flatGrad)
    {
        memory.Clear();
        return flatGrad.Neg();
    }

    /// <summary>Not used: <see cref="Step(Func{Tensor})"/> updates all parameters at once.</summary>
    protected override void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group)
        => throw new InvalidOperationException("Lbfgs updates all parameters together in Step(closure)");

    /// <inheritdoc/>
    private protected override string? CheckSavedState(Tensor parameter, string name, Tensor value) => name switch
    {
        "d" or "prev_flat_grad" when value.Dim != 1 || value.Shape[0] != _numel => $"has shape {value.Shape}, expected [{_numel}] (all parameters as one vector)",
        "old_dirs" or "old_stps" when value.Dim != 2 || value.Shape[1] != _numel => $"has shape {value.Shape}, expected [history, {_numel}]",
        "ro" when value.Dim != 1 => $"has shape {value.Shape}, expected [history]",
        "d" or "prev_flat_grad" or "old_dirs" or "old_stps" or "ro" => null,
        _ when value.Dim != 0 => $"has shape {value.Shape}, expected a scalar",
        _ => null,
    };

    private static Tensor Evaluate(Func<Tensor> closure)
    {
        using var grad = Autograd.EnableGrad();   // the closure calls Backward
        return closure();
    }

    /// <summary>The loss and flat gradient at x + t·d; the parameters are put back at x afterwards.</summary>
    private (double Loss, Tensor FlatGrad) EvaluateAt(Func<Tensor> closure, Tensor[] x, double t, Tensor d)
    {
        AddScaled(t, d);
        double loss = Evaluate(closure).Item<double>();
        var flatGrad = GatherFlatGrad();
        for (int i = 0; i < _params.Length; i++) _params[i].CopyFromInPlace(x[i]);
        return (loss, flatGrad);
    }

    /// <summary>All gradients as one vector (zeros for a parameter without one), like PyTorch's <c>_gather_flat_grad</c>.</summary>
    private Tensor GatherFlatGrad()
        => Tensor.Cat(_params.Select(p => p.Grad is { } g ? g.Reshape(-1) : Tensor.Zeros([checked((int)p.Numel)], p.DType)).ToArray());

    /// <summary>p ← p + t·d for every parameter's slice of the flat vector d.</summary>
    private void AddScaled(double t, Tensor d)
    {
        int offset = 0;
        foreach (var p in _params)
        {
            int numel = (int)p.Numel;
            p.AddInPlace(d.Narrow(0, offset, numel).View(p.ShapeArray), alpha: t);
            offset += numel;
        }
    }
}
