using Nabla.IO;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>
/// L-BFGS against torch.optim.LBFGS (fixed steps and the strong Wolfe line search), its argument
/// checks, its state dict, and a fit through autograd.
/// </summary>
public sealed class LbfgsTests
{
    // One factory per case of optim_reference.py's LBFGS table, with the same options.
    private static readonly Dictionary<string, Func<Tensor[], Lbfgs>> s_make = new()
    {
        ["lbfgs quadratic"] = p => new Lbfgs(p),
        ["lbfgs quadratic lr max_iter history"] = p => new Lbfgs(p, lr: 0.5, maxIter: 4, historySize: 2),
        ["lbfgs quadratic tolerance_grad"] = p => new Lbfgs(p, maxIter: 3, toleranceGrad: 1e-2),
        ["lbfgs rosenbrock fixed step"] = p => new Lbfgs(p, lr: 0.05, maxIter: 6),
        ["lbfgs rosenbrock strong_wolfe"] = p => new Lbfgs(p, lineSearchFn: "strong_wolfe"),
        ["lbfgs quadratic strong_wolfe"] = p => new Lbfgs(p, lineSearchFn: "strong_wolfe", maxIter: 3, historySize: 2),
        ["lbfgs rosenbrock strong_wolfe small"] = p => new Lbfgs(p, lineSearchFn: "strong_wolfe", maxIter: 8, maxEval: 12, historySize: 3, toleranceChange: 1e-12),
        ["lbfgs rosenbrock strong_wolfe lr"] = p => new Lbfgs(p, lineSearchFn: "strong_wolfe", lr: 0.3, maxIter: 5),
    };

    public static TheoryData<string> Cases => OptimReference.Names(d => d.Lbfgs.Select(c => c.Name));

    [Fact]
    public void EveryReferenceCaseHasAFactoryAndBack()
        => Assert.Equal(s_make.Keys.Order(), OptimReference.All.Lbfgs.Select(c => c.Name).Order());

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachStepMatchesPyTorch(string name)
    {
        var reference = OptimReference.All.Lbfgs.Single(c => c.Name == name);
        Tensor[] p = Start(reference.Start);
        var opt = s_make[name](p);
        var closure = Closure(p, reference.Problem);
        for (int step = 0; step < reference.Losses.Length; step++)
        {
            double loss = opt.Step(closure).Item<double>();
            var state = opt.State(p[0]);
            Assert.Equal((reference.FuncEvals[step], reference.NIter[step]), (state["func_evals"].Item<long>(), state["n_iter"].Item<long>()));
            Assert.Equal(reference.Losses[step], loss, OptimTests.Tolerance(1e-10));
            Assert.Equal(reference.Params[step], Flat(p), OptimTests.Tolerance(1e-10));
        }
    }

    private static Tensor[] Start(double[] start)
        => [new Parameter(Tensor.FromArray(start[..2])), new Parameter(Tensor.FromArray(start[2..]))];

    private static double[] Flat(Tensor[] p) => [.. p[0].ToArray<double>(), .. p[1].ToArray<double>()];

    /// <summary>The reference closure: the loss and gradient written out in doubles, in the same order as the Python generator's, so that both see the same numbers.</summary>
    private static Func<Tensor> Closure(Tensor[] p, string problem) => () =>
    {
        var (loss, grad) = problem == "rosenbrock" ? Rosenbrock(Flat(p)) : Quadratic(Flat(p));
        p[0].Grad = Tensor.FromArray(grad[..2]);
        p[1].Grad = Tensor.FromArray(grad[2..]);
        return Tensor.Scalar(loss);
    };

    private static (double Loss, double[] Grad) Rosenbrock(double[] v)
    {
        double loss = 0;
        var grad = new double[v.Length];
        for (int i = 0; i < v.Length - 1; i++)
        {
            loss += 100 * Math.Pow(v[i + 1] - Math.Pow(v[i], 2), 2) + Math.Pow(1 - v[i], 2);
            grad[i] += -400 * v[i] * (v[i + 1] - Math.Pow(v[i], 2)) - 2 * (1 - v[i]);
            grad[i + 1] += 200 * (v[i + 1] - Math.Pow(v[i], 2));
        }
        return (loss, grad);
    }

    private static readonly double[,] s_a = { { 4.0, 1.0, 0.5, 0.0 }, { 1.0, 3.0, 0.2, 0.1 }, { 0.5, 0.2, 2.0, 0.3 }, { 0.0, 0.1, 0.3, 1.5 } };
    private static readonly double[] s_b = [1.0, -2.0, 0.5, 3.0];

    private static (double Loss, double[] Grad) Quadratic(double[] v)
    {
        var av = new double[4];
        double vav = 0, bv = 0;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++) av[i] += s_a[i, j] * v[j];
            vav += v[i] * av[i];
            bv += s_b[i] * v[i];
        }
        return (0.5 * vav - bv, [.. av.Select((x, i) => x - s_b[i])]);
    }

    [Fact]
    public void TheCubicInterpolationFindsTheMinimumOfACubic()
    {
        // f(x) = x³ - 3x on [0, 2]: f(0) = 0, f'(0) = -3, f(2) = 2, f'(2) = 9; the minimum is at x = 1.
        Assert.Equal(1.0, StrongWolfe.CubicInterpolate(0, 0, -3, 2, 2, 9), 1e-15);
        Assert.Equal(1.0, StrongWolfe.CubicInterpolate(2, 2, 9, 0, 0, -3), 1e-15);
        Assert.Equal(1.5, StrongWolfe.CubicInterpolate(0, 0, -3, 2, 2, 9, bounds: (1.5, 3)));
        // A cubic without a minimum (d2² < 0) gives the middle of the bounds.
        Assert.Equal(2.5, StrongWolfe.CubicInterpolate(0, 0, 1, 1, 0.5, 1, bounds: (2, 3)));
    }

    [Fact]
    public void StepWithoutAClosureAndSecondGroupsAreRefused()
    {
        var p = new Parameter(Tensor.FromArray([1.0]));
        var opt = new Lbfgs([p]);
        Assert.Contains("Step(closure)", Assert.Throws<InvalidOperationException>(opt.Step).Message);
        opt.AddParamGroup([new Parameter(Tensor.FromArray([2.0]))]);
        var ex = Assert.Throws<InvalidOperationException>(() => opt.Step(() => Tensor.Scalar(0.0)));
        Assert.Equal("LBFGS doesn't support per-parameter options (parameter groups)", ex.Message);
        Assert.Empty(opt.State(p));
    }

    [Fact]
    public void InvalidOptionsAreRefusedWhenConstructed()
    {
        Tensor[] p = [new Parameter(Tensor.FromArray([1.0]))];
        Assert.Contains("only 'strong_wolfe' is supported", Assert.Throws<ArgumentException>(() => new Lbfgs(p, lineSearchFn: "backtracking")).Message);
        Assert.Contains("Invalid learning rate: -1", Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgs(p, lr: -1)).Message);
        Assert.Equal("historySize", Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgs(p, historySize: 0)).ParamName);
        Assert.Equal("maxIter", Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgs(p, maxIter: 0)).ParamName);
        var mixed = Assert.Throws<ArgumentException>(() => new Lbfgs([new Parameter(Tensor.FromArray([1.0])), new Parameter(Tensor.FromArray([1f]))]));
        Assert.Contains("must share a dtype; got float64, float32", mixed.Message);
        Assert.Equal(25.0, new Lbfgs(p).ParamGroups[0]["max_eval"]);   // maxIter·5/4
        Assert.Equal(1.0, new Lbfgs(p, lineSearchFn: "strong_wolfe").ParamGroups[0]["line_search_fn"]);
    }

    [Fact]
    public void AnOptimalStartReturnsAfterOneEvaluationAndMovesNothing()
    {
        Tensor[] p = Start([0.48, -0.9, -0.1, 2.0]);
        var opt = new Lbfgs(p, toleranceGrad: 10);
        int calls = 0;
        var closure = Closure(p, "quadratic");
        opt.Step(() => { calls++; return closure(); });
        Assert.Equal(1, calls);
        Assert.Equal([0.48, -0.9, -0.1, 2.0], Flat(p));
        Assert.Equal(["func_evals", "n_iter"], opt.State(p[0]).Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("strong_wolfe")]
    public void StateDictRoundTripsThroughASafetensorsFileAndTheRunResumesExactly(string? lineSearchFn)
    {
        Tensor[] p = Start([-1.2, 1.0, -0.5, 0.8]), q = Start([-1.2, 1.0, -0.5, 0.8]);
        Lbfgs Make(Tensor[] parameters) => new(parameters, lr: lineSearchFn is null ? 0.05 : 1, maxIter: 4, historySize: 3, lineSearchFn: lineSearchFn);
        var uninterrupted = Make(p);
        for (int i = 0; i < 6; i++) uninterrupted.Step(Closure(p, "rosenbrock"));

        var first = Make(q);
        for (int i = 0; i < 3; i++) first.Step(Closure(q, "rosenbrock"));
        Assert.Equal(3, first.State(q[0])["old_dirs"].Shape[0]);   // the history is full
        string path = Path.Combine(Path.GetTempPath(), $"nabla-lbfgs-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, first.StateDict());
            Tensor[] resumed = Start(Flat(q));
            var second = Make(resumed);
            second.LoadStateDict(Safetensors.Load(path));
            for (int i = 0; i < 3; i++) second.Step(Closure(resumed, "rosenbrock"));
            Assert.Equal(Flat(p), Flat(resumed));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LoadStateDictChecksTheFlatShapes()
    {
        Tensor[] p = Start([-1.2, 1.0, -0.5, 0.8]);
        var opt = new Lbfgs(p, maxIter: 3);
        opt.Step(Closure(p, "rosenbrock"));
        var state = opt.StateDict();
        state["state.0.d"] = Tensor.Zeros([3], DType.Float64);
        state["state.0.n_iter"] = Tensor.Zeros([2], DType.Int64);
        var ex = Assert.Throws<ArgumentException>(() => new Lbfgs(Start([0, 0, 0, 0])).LoadStateDict(state));
        Assert.Contains("state 'd' of parameter 0 has shape [3], expected [4] (all parameters as one vector)", ex.Message);
        Assert.Contains("state 'n_iter' of parameter 0 has shape [2], expected a scalar", ex.Message);
    }

    [Fact]
    public void FitsALinearRegressionThroughAutograd()
    {
        // y = X·[2, -1] + 0.5 in float32, the closure computing the loss and its gradients with autograd.
        var g = new Generator(seed: 3);
        var x = Tensor.Randn([32, 2], generator: g);
        var y = x.MatMul(Tensor.FromArray([2f, -1f])) + 0.5;
        var w = new Parameter(Tensor.Zeros(2));
        var b = new Parameter(Tensor.Zeros(1));
        var opt = new Lbfgs([w, b], lineSearchFn: "strong_wolfe");
        Tensor Loss() => (x.MatMul(w) + b - y).Pow(2).Mean();
        var first = opt.Step(() =>
        {
            opt.ZeroGrad();
            var loss = Loss();
            loss.Backward();
            return loss;
        });
        Assert.True(first.Item<float>() > 1, $"initial loss {first.Item<float>()}");
        Assert.True(Loss().Item<float>() < 1e-8, $"loss after one step {Loss().Item<float>()}");
        Assert.Equal([2f, -1f], w.ToArray<float>(), (a, e) => Math.Abs(a - e) < 1e-4);
        Assert.Equal(0.5f, b.Item<float>(), 1e-4f);
    }
}
