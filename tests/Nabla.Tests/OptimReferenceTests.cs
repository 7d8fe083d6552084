using Nabla.IO;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>
/// Adadelta, Adamax, NAdam and RAdam against PyTorch: the same gradients fed step by step, the
/// parameters compared after every step (float64 to 1e-12, float32 to float32 rounding).
/// </summary>
public sealed class OptimReferenceTests
{
    // One factory per case of optim_reference.py's ELEMENTWISE table, with the same options. Groups: [w] and, when the case has two, [b].
    private static readonly Dictionary<string, Func<Tensor, Tensor, Optimizer>> s_make = new()
    {
        ["adadelta"] = (w, b) => new Adadelta([w, b]),
        ["adadelta rho eps decay"] = (w, b) => new Adadelta([w, b], lr: 0.5, rho: 0.8, eps: 1e-4, weightDecay: 0.1),
        ["adadelta groups"] = (w, b) => SecondGroup(new Adadelta([w], lr: 1.0), b, 0.3),
        ["adadelta float32"] = (w, b) => new Adadelta([w, b], rho: 0.95),
        ["adamax"] = (w, b) => new Adamax([w, b]),
        ["adamax betas eps decay"] = (w, b) => new Adamax([w, b], lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.05),
        ["adamax groups"] = (w, b) => SecondGroup(new Adamax([w], lr: 0.02), b, 0.005),
        ["adamax float32"] = (w, b) => new Adamax([w, b], lr: 0.01),
        ["nadam"] = (w, b) => new NAdam([w, b]),
        ["nadam betas momentum decay"] = (w, b) => new NAdam([w, b], lr: 0.01, beta1: 0.85, beta2: 0.995, eps: 1e-6, momentumDecay: 0.01),
        ["nadam weight decay"] = (w, b) => new NAdam([w, b], lr: 0.01, weightDecay: 0.1),
        ["nadam decoupled weight decay"] = (w, b) => new NAdam([w, b], lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true),
        ["nadam groups"] = (w, b) => SecondGroup(new NAdam([w], lr: 0.01), b, 0.002),
        ["nadam float32"] = (w, b) => new NAdam([w, b], lr: 0.01, weightDecay: 0.05),
        ["radam"] = (w, b) => new RAdam([w, b]),
        ["radam betas decay"] = (w, b) => new RAdam([w, b], lr: 0.01, beta1: 0.8, beta2: 0.9, eps: 1e-6, weightDecay: 0.1),
        ["radam decoupled weight decay"] = (w, b) => new RAdam([w, b], lr: 0.01, beta1: 0.8, beta2: 0.9, weightDecay: 0.1, decoupledWeightDecay: true),
        ["radam groups"] = (w, b) => SecondGroup(new RAdam([w], lr: 0.02, beta1: 0.8, beta2: 0.9), b, 0.005),
        ["radam float32"] = (w, b) => new RAdam([w, b], lr: 0.01, beta1: 0.8, beta2: 0.9),
    };

    private static Optimizer SecondGroup(Optimizer opt, Tensor b, double lr)
    {
        opt.AddParamGroup(new ParamGroup([b]) { Lr = lr });
        return opt;
    }

    public static TheoryData<string> Cases => OptimReference.Names(d => d.Elementwise.Select(c => c.Name));

    [Fact]
    public void EveryReferenceCaseHasAFactoryAndBack()
        => Assert.Equal(s_make.Keys.Order(), OptimReference.All.Elementwise.Select(c => c.Name).Order());

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachStepMatchesPyTorch(string name)
    {
        var reference = OptimReference.All.Elementwise.Single(c => c.Name == name);
        var dtype = reference.Dtype == "float32" ? DType.Float32 : DType.Float64;
        var (w, b) = Parameters(reference.Start, dtype);
        var opt = s_make[name](w, b);
        var tolerance = dtype == DType.Float64 ? OptimTests.Tolerance(1e-12) : OptimTests.Tolerance(2e-6);
        for (int step = 0; step < reference.Grads.Length; step++)
        {
            (w.Grad, b.Grad) = Parameters(reference.Grads[step], dtype);
            opt.Step();
            Assert.Equal(reference.Params[step], [.. w.ToArray<double>(), .. b.ToArray<double>()], tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AResumedRunMatchesAnUninterruptedOneBitForBit(string name)
    {
        var reference = OptimReference.All.Elementwise.Single(c => c.Name == name);
        var dtype = reference.Dtype == "float32" ? DType.Float32 : DType.Float64;
        const int before = 5;
        var (w, b) = Parameters(reference.Start, dtype);
        var uninterrupted = s_make[name](w, b);
        Train(uninterrupted, w, b, reference.Grads, dtype);

        var (w1, b1) = Parameters(reference.Start, dtype);
        var first = s_make[name](w1, b1);
        Train(first, w1, b1, reference.Grads[..before], dtype);
        string path = Path.Combine(Path.GetTempPath(), $"nabla-optim-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, first.StateDict());
            var (w2, b2) = (new Parameter(w1.Detach().Clone()), new Parameter(b1.Detach().Clone()));
            var second = s_make[name](w2, b2);
            second.LoadStateDict(Safetensors.Load(path));
            Train(second, w2, b2, reference.Grads[before..], dtype);
            Assert.Equal([.. w.ToArray<double>(), .. b.ToArray<double>()], [.. w2.ToArray<double>(), .. b2.ToArray<double>()]);
        }
        finally { File.Delete(path); }
    }

    private static void Train(Optimizer opt, Parameter w, Parameter b, double[][] grads, DType dtype)
    {
        foreach (var g in grads)
        {
            (w.Grad, b.Grad) = Parameters(g, dtype);
            opt.Step();
        }
    }

    [Fact]
    public void StateHoldsPyTorchsEntries()
    {
        var (w, b) = Parameters(OptimReference.All.Elementwise[0].Start, DType.Float64);
        (w.Grad, b.Grad) = (Tensor.OnesLike(w), Tensor.OnesLike(b));
        Optimizer[] opts = [new Adadelta([w]), new Adamax([w]), new NAdam([w]), new RAdam([w])];
        foreach (var opt in opts) opt.Step();
        Assert.Equal(["step", "square_avg", "acc_delta"], opts[0].State(w).Keys);
        Assert.Equal(["step", "exp_avg", "exp_inf"], opts[1].State(w).Keys);
        Assert.Equal(["step", "mu_product", "exp_avg", "exp_avg_sq"], opts[2].State(w).Keys);
        Assert.Equal(["step", "exp_avg", "exp_avg_sq"], opts[3].State(w).Keys);
        Assert.Equal(DType.Float32, opts[2].State(w)["mu_product"].DType);   // a float32 scalar, as in PyTorch
        Assert.Equal(0.9f * (1f - 0.5f * MathF.Pow(0.96f, 0.004f)), opts[2].State(w)["mu_product"].Item<float>(), 1e-7f);
    }

    [Fact]
    public void InvalidHyperparametersThrowWithPyTorchsWording()
    {
        Tensor[] p = [new Parameter(Tensor.FromArray([1.0]))];
        Assert.Contains("Invalid rho value: 1.5", Assert.Throws<ArgumentOutOfRangeException>(() => new Adadelta(p, rho: 1.5)).Message);
        Assert.Contains("Invalid epsilon value: -1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adadelta(p, eps: -1)).Message);
        Assert.Contains("Invalid beta parameter at index 0: 1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adamax(p, beta1: 1)).Message);
        Assert.Contains("Invalid momentum_decay value: -0.1", Assert.Throws<ArgumentOutOfRangeException>(() => new NAdam(p, momentumDecay: -0.1)).Message);
        Assert.Contains("Invalid weight_decay value: -1", Assert.Throws<ArgumentOutOfRangeException>(() => new RAdam(p, weightDecay: -1)).Message);
        Assert.Contains("Invalid learning rate: -0.1", Assert.Throws<ArgumentOutOfRangeException>(() => new NAdam(p, lr: -0.1)).Message);
    }

    [Fact]
    public void DefaultsArePyTorchs()
    {
        Tensor[] p = [new Parameter(Tensor.FromArray([1.0]))];
        Assert.Equal([1.0, 0.9, 1e-6, 0], new Adadelta(p).Defaults.Values);
        Assert.Equal([2e-3, 0.9, 0.999, 1e-8, 0], new Adamax(p).Defaults.Values);
        Assert.Equal([2e-3, 0.9, 0.999, 1e-8, 0, 4e-3, 0], new NAdam(p).Defaults.Values);
        Assert.Equal([1e-3, 0.9, 0.999, 1e-8, 0, 0], new RAdam(p).Defaults.Values);
        Assert.Equal([1, 20, 25, 1e-7, 1e-9, 100, 0], new Lbfgs(p).Defaults.Values);
    }

    [Fact]
    public void OneCycleLRCyclesTheBeta1OfTheAdamFamily()
    {
        Tensor[] p = [new Parameter(Tensor.FromArray([1.0]))];
        foreach (var opt in new Optimizer[] { new Adamax(p), new NAdam(p), new RAdam(p) })
        {
            _ = new OneCycleLR(opt, maxLr: 0.01, totalSteps: 10);
            Assert.Equal(0.95, opt.ParamGroups[0]["beta1"]);
        }
        Assert.Throws<ArgumentException>(() => new OneCycleLR(new Adadelta(p), maxLr: 0.01, totalSteps: 10));
    }

    /// <summary>w [2, 3] and b [3] from a flat array of 9 values.</summary>
    internal static (Parameter W, Parameter B) Parameters(double[] flat, DType dtype)
        => (new Parameter(Tensor.FromArray(flat[..6], [2, 3], dtype)), new Parameter(Tensor.FromArray(flat[6..], dtype: dtype)));
}
