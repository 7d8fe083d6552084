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

    /// <summary>w [2, 3] and b [3] from a flat array of 9 values.</summary>
    internal static (Parameter W, Parameter B) Parameters(double[] flat, DType dtype)
        => (new Parameter(Tensor.FromArray(flat[..6], [2, 3], dtype)), new Parameter(Tensor.FromArray(flat[6..], dtype: dtype)));
}
