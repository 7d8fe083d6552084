namespace Nabla.Optim;

/// <summary>
/// What <see cref="Lbfgs"/> carries from one step to the next: the last direction and step length,
/// the curvature pairs (sₖ = step, yₖ = gradient change) of the last iterations with ρₖ = 1/yₖ·sₖ,
/// the initial Hessian scale and the counters. It is read from the optimiser's state at the start
/// of a step and written back at its end, so that <c>StateDict()</c> sees it and a run resumes
/// exactly.
/// </summary>
internal sealed class LbfgsMemory
{
    private readonly List<Tensor> _oldDirs = [], _oldStps = [];
    private readonly List<double> _ro = [];

    public long FuncEvals { get; set; }
    public long NIter { get; set; }
    public Tensor? D { get; set; }
    public double T { get; set; }
    public double HDiag { get; private set; } = 1;
    public Tensor? PrevFlatGrad { get; set; }
    public double PrevLoss { get; set; }

    /// <summary>Forgets the curvature pairs (PyTorch restarts them on the very first iteration).</summary>
    public void Clear()
    {
        _oldDirs.Clear();
        _oldStps.Clear();
        _ro.Clear();
        HDiag = 1;
    }

    /// <summary>
    /// Records the curvature pair of the last iteration (when yᵀs &gt; 1e-10, which keeps the
    /// estimate positive definite) and returns the quasi-Newton direction -H·g by the two-loop
    /// recursion, H₀ = (yᵀs / yᵀy)·I.
    /// </summary>
    public Tensor Direction(Tensor flatGrad, int historySize)
    {
        var y = flatGrad.Sub(PrevFlatGrad!);
        var s = D!.Mul(T);
        double ys = y.Dot(s).Item<double>();
        if (ys > 1e-10)
        {
            if (_oldDirs.Count == historySize)
            {
                _oldDirs.RemoveAt(0);
                _oldStps.RemoveAt(0);
                _ro.RemoveAt(0);
            }
            _oldDirs.Add(y);
            _oldStps.Add(s);
            _ro.Add(1.0 / ys);
            HDiag = ys / y.Dot(y).Item<double>();
        }

        int count = _oldDirs.Count;
        var al = new double[count];
        var q = flatGrad.Neg();
        for (int i = count - 1; i >= 0; i--)
        {
            al[i] = _oldStps[i].Dot(q).Item<double>() * _ro[i];
            q.AddInPlace(_oldDirs[i], alpha: -al[i]);
        }
        var r = q.Mul(HDiag);
        for (int i = 0; i < count; i++)
        {
            double beta = _oldDirs[i].Dot(r).Item<double>() * _ro[i];
            r.AddInPlace(_oldStps[i], alpha: al[i] - beta);
        }
        return r;
    }

    /// <summary>Reads the memory from a parameter's state (empty before the first step).</summary>
    public static LbfgsMemory Load(IReadOnlyDictionary<string, Tensor> state)
    {
        var memory = new LbfgsMemory
        {
            FuncEvals = state.TryGetValue("func_evals", out var evals) ? evals.Item<long>() : 0,
            NIter = state.TryGetValue("n_iter", out var iterations) ? iterations.Item<long>() : 0,
            D = state.GetValueOrDefault("d"),
            T = Number(state, "t", 0),
            HDiag = Number(state, "H_diag", 1),
            PrevFlatGrad = state.GetValueOrDefault("prev_flat_grad"),
            PrevLoss = Number(state, "prev_loss", 0),
        };
        if (state.TryGetValue("old_dirs", out var dirs) && state.TryGetValue("old_stps", out var stps) && state.TryGetValue("ro", out var ro))
        {
            int count = dirs.Shape[0];
            if (stps.Shape[0] != count || ro.Shape[0] != count)
                throw new InvalidOperationException($"the L-BFGS history is inconsistent: {count} directions, {stps.Shape[0]} steps and {ro.Shape[0]} values of ro");
            for (int i = 0; i < count; i++)
            {
                memory._oldDirs.Add(dirs[i]);
                memory._oldStps.Add(stps[i]);
            }
            memory._ro.AddRange(ro.ToArray<double>());
        }
        return memory;
    }

    /// <summary>Writes the memory into a parameter's state, PyTorch's names; the history as [count, n] tensors (absent while empty).</summary>
    public void Save(OrderedDictionary<string, Tensor> state)
    {
        state["func_evals"] = Tensor.Scalar(FuncEvals);
        state["n_iter"] = Tensor.Scalar(NIter);
        if (D is null) return;   // stopped before the first iteration: nothing else exists yet
        state["d"] = D;
        state["t"] = Tensor.Scalar(T);
        if (_oldDirs.Count > 0)
        {
            state["old_dirs"] = Tensor.Stack(_oldDirs.ToArray());
            state["old_stps"] = Tensor.Stack(_oldStps.ToArray());
            state["ro"] = Tensor.FromArray(_ro.ToArray());
        }
        else foreach (var name in new[] { "old_dirs", "old_stps", "ro" }) state.Remove(name);
        state["H_diag"] = Tensor.Scalar(HDiag);
        state["prev_flat_grad"] = PrevFlatGrad!;
        state["prev_loss"] = Tensor.Scalar(PrevLoss);
    }

    private static double Number(IReadOnlyDictionary<string, Tensor> state, string name, double absent)
        => state.TryGetValue(name, out var value) ? value.Item<double>() : absent;
}
