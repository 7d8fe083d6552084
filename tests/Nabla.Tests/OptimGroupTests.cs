using Nabla.IO;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>Parameter groups, ZeroGrad, state and state dicts, argument checks, and one small training run per optimiser.</summary>
public sealed class OptimGroupTests
{
    private static Parameter Param(params double[] values) => new(Tensor.FromArray(values));

    [Fact]
    public void AddedGroupsTakeTheDefaultsTheyDoNotSet()
    {
        Parameter a = Param(1), b = Param(1);
        var opt = new Sgd([a], lr: 0.1, momentum: 0.9);
        var head = opt.AddParamGroup(new ParamGroup([b]) { Lr = 0.01 });
        Assert.Equal(0.01, head.Lr);
        Assert.Equal(0.9, head["momentum"]);
        a.Grad = Tensor.FromArray([1.0]);
        b.Grad = Tensor.FromArray([1.0]);
        opt.Step();
        Assert.Equal(0.9, a.Item<double>(), 1e-15);
        Assert.Equal(0.99, b.Item<double>(), 1e-15);
    }

    [Fact]
    public void GroupsRefuseEmptyListsDuplicatesAndNonLeaves()
    {
        var a = Param(1);
        Assert.Contains("empty parameter list", Assert.Throws<ArgumentException>(() => new Adam([])).Message);
        var opt = new Adam([a]);
        Assert.Contains("more than one parameter group", Assert.Throws<ArgumentException>(() => opt.AddParamGroup([a])).Message);
        var computed = a * 2;
        Assert.Contains("non-leaf", Assert.Throws<ArgumentException>(() => opt.AddParamGroup([computed])).Message);
        Assert.Throws<KeyNotFoundException>(() => opt.ParamGroups[0]["nesterov"]);
    }

    [Fact]
    public void InvalidHyperparametersThrowWithPyTorchsWording()
    {
        var a = Param(1);
        Assert.Contains("Invalid learning rate", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([a], lr: -1)).Message);
        Assert.Contains("Nesterov momentum requires a momentum and zero dampening", Assert.Throws<ArgumentException>(() => new Sgd([a], lr: 0.1, nesterov: true)).Message);
        Assert.Contains("beta parameter at index 1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([a], beta2: 1.0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp([a], alpha: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad([a], lrDecay: -1));
    }

    [Fact]
    public void ParametersWithoutGradientsAreSkippedAndGetNoState()
    {
        Parameter a = Param(1), b = Param(2);
        var opt = new Adam([a, b]);
        a.Grad = Tensor.FromArray([1.0]);
        opt.Step();
        Assert.Equal(2.0, b.Item<double>());
        Assert.Empty(opt.State(b));
        Assert.Equal(["step", "exp_avg", "exp_avg_sq"], opt.State(a).Keys);
        Assert.Equal(1f, opt.State(a)["step"].Item<float>());
    }

    [Fact]
    public void ZeroGradSetsToNullOrZeroesInPlaceCuttingTheGraph()
    {
        var a = Param(1, 2);
        var opt = new Sgd([a], lr: 0.1);
        (a * a).Sum().Backward(createGraph: true);
        var grad = a.Grad!;
        Assert.NotNull(grad.GradFn);
        opt.ZeroGrad(setToNone: false);
        Assert.Same(grad, a.Grad);
        Assert.Null(grad.GradFn);
        Assert.Equal([0.0, 0.0], grad.ToArray<double>());
        opt.ZeroGrad();
        Assert.Null(a.Grad);
    }

    [Fact]
    public void StepWithAClosureReturnsItsLoss()
    {
        var a = Param(3);
        var opt = new Sgd([a], lr: 0.25);
        var loss = opt.Step(() =>
        {
            opt.ZeroGrad();
            var l = (a * a).Sum();
            l.Backward();
            return l;
        });
        Assert.Equal(9.0, loss.Item<double>());
        Assert.Equal(1.5, a.Item<double>());   // 3 - 0.25·6
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd nesterov decay")]
    [InlineData("rmsprop centered momentum")]
    [InlineData("adagrad decay accumulator")]
    public void StateDictRoundTripsThroughASafetensorsFile(string name)
    {
        var make = OptimOracles.All[name].Make;
        var (p, q) = (Param(1, -2), Param(1, -2));
        var (first, second) = (make(p), make(q));
        Train(p, first, steps: 3);
        using (Autograd.NoGrad()) q.CopyFromInPlace(p);
        string path = Path.Combine(Path.GetTempPath(), $"nabla-optim-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, first.StateDict());
            second.LoadStateDict(Safetensors.Load(path));
        }
        finally { File.Delete(path); }
        Train(p, first, steps: 2);
        Train(q, second, steps: 2);
        Assert.Equal(p.ToArray<double>(), q.ToArray<double>());
    }

    [Fact]
    public void StateDictNamesFollowPyTorchsLayout()
    {
        var a = Param(1);
        var opt = new Sgd([a], lr: 0.1, momentum: 0.9);
        opt.AddParamGroup([Param(2)]);
        Train(a, opt, steps: 1);
        var keys = opt.StateDict().Keys.ToArray();
        Assert.Equal("state.0.momentum_buffer", keys[0]);
        Assert.Contains("param_groups.0.lr", keys);
        Assert.Contains("param_groups.1.nesterov", keys);
        Assert.Equal([1L], opt.StateDict()["param_groups.1.params"].ToArray<long>());
    }

    [Fact]
    public void LoadStateDictReportsEveryMismatchAndChangesNothing()
    {
        var other = new Adam([Param(1, 2, 3)], lr: 0.5);
        other.AddParamGroup([Param(1)]);
        var ex = Assert.Throws<ArgumentException>(() => new Adam([Param(1, 2)]).LoadStateDict(other.StateDict()));
        Assert.Contains("2 parameter groups, the optimizer has 1", ex.Message);

        var opt = new Adam([Param(1), Param(2)]);
        var state = new Adam([Param(1, 2, 3)], lr: 0.5).StateDict();
        state["bogus"] = Tensor.Scalar(1.0);
        ex = Assert.Throws<ArgumentException>(() => opt.LoadStateDict(state));
        Assert.Contains("parameter group (0) of 1 parameters, the optimizer's group has 2", ex.Message);
        Assert.Contains("unexpected key 'bogus'", ex.Message);
        Assert.Equal(1e-3, opt.ParamGroups[0].Lr);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    [InlineData("adagrad")]
    [InlineData("adadelta")]
    [InlineData("adamax")]
    [InlineData("nadam")]
    [InlineData("radam")]
    public void EachOptimiserFitsASmallLinearRegression(string name)
    {
        // y = X·[2, -1] + 0.5 with float32 parameters and autograd gradients.
        var g = new Generator(seed: 7);
        var x = Tensor.Randn([64, 2], generator: g);
        var y = x.MatMul(Tensor.FromArray([2f, -1f])) + 0.5;
        var w = new Parameter(Tensor.Zeros(2));
        var b = new Parameter(Tensor.Zeros(1));
        Tensor[] parameters = [w, b];
        Optimizer opt = name switch
        {
            "sgd" => new Sgd(parameters, lr: 0.05, momentum: 0.9),
            "adam" => new Adam(parameters, lr: 0.05),
            "adamw" => new AdamW(parameters, lr: 0.05),
            "rmsprop" => new RmsProp(parameters, lr: 0.01),
            "adagrad" => new Adagrad(parameters, lr: 0.5),
            "adadelta" => new Adadelta(parameters, lr: 10),
            "adamax" => new Adamax(parameters, lr: 0.05),
            "nadam" => new NAdam(parameters, lr: 0.05),
            _ => new RAdam(parameters, lr: 0.05),
        };
        Tensor Loss() => (x.MatMul(w) + b - y).Pow(2).Mean();
        float before = Loss().Item<float>();
        for (int step = 0; step < 200; step++)
        {
            opt.ZeroGrad();
            Loss().Backward();
            opt.Step();
        }
        Assert.True(Loss().Item<float>() < before * 1e-2, $"{name}: loss {before} → {Loss().Item<float>()}");
    }

    private static void Train(Tensor p, Optimizer opt, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            opt.ZeroGrad();
            ((p - 0.5) * (p - 0.5) * p).Sum().Backward();
            opt.Step();
        }
    }
}
