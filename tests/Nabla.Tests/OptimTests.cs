using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>
/// The optimisers against PyTorch's update rules: one step checked against numbers worked out by
/// hand, then five steps of every option against a scalar re-statement of the algorithm as
/// PyTorch's documentation writes it (bias corrections applied to m and v, not folded into lr).
/// </summary>
public sealed class OptimTests
{
    private static readonly double[] s_start = [1.0, -2.0, 0.5];

    // Five steps of gradients that change sign and shrink, so that AMSGrad's maximum and Nesterov's look-ahead matter.
    private static readonly double[][] s_grads =
    [
        [0.5, -1.0, 2.0], [0.3, 0.8, 1.0], [-0.2, 0.6, 0.25], [0.1, -0.4, 0.1], [0.05, 0.2, -0.05],
    ];

    /// <summary>Runs <paramref name="make"/>'s optimiser for the given gradients on a float64 (or float32) parameter.</summary>
    private static double[] Run(Func<Tensor, Optimizer> make, double[][] grads, DType dtype = DType.Float64)
    {
        var p = new Parameter(Tensor.FromArray(s_start, dtype: dtype));
        var opt = make(p);
        foreach (var g in grads)
        {
            p.Grad = Tensor.FromArray(g, dtype: dtype);
            opt.Step();
        }
        return p.ToArray<double>();
    }

    // ---- one step, by hand -------------------------------------------------------------------

    [Fact]
    public void SgdStepIsParameterMinusLrTimesGradient()
        => Assert.Equal([0.95, -1.9, 0.3], Run(p => new Sgd([p], lr: 0.1), s_grads[..1]), Tolerance(1e-15));

    [Fact]
    public void SgdWeightDecayAddsDecayTimesParameterToTheGradient()
        // g + 0.1·p = [0.6, -1.2, 2.05]; p - 0.1·that
        => Assert.Equal([0.94, -1.88, 0.295], Run(p => new Sgd([p], lr: 0.1, weightDecay: 0.1), s_grads[..1]), Tolerance(1e-15));

    [Fact]
    public void SgdMomentumBufferStartsAsTheGradientAndIgnoresDampeningOnTheFirstStep()
    {
        // Step 1: b = g1 = 0.5; p = 1 - 0.1·0.5 = 0.95. Step 2: b = 0.9·0.5 + (1 - 0.5)·0.3 = 0.6; p = 0.95 - 0.06 = 0.89.
        var result = Run(p => new Sgd([p], lr: 0.1, momentum: 0.9, dampening: 0.5), s_grads[..2]);
        Assert.Equal(0.89, result[0], 1e-15);
    }

    [Fact]
    public void SgdNesterovStepsAlongGradientPlusMomentumTimesBuffer()
    {
        // Step 1: b = 0.5, g = 0.5 + 0.9·0.5 = 0.95, p = 1 - 0.095 = 0.905.
        // Step 2: b = 0.9·0.5 + 0.3 = 0.75, g = 0.3 + 0.675 = 0.975, p = 0.905 - 0.0975 = 0.8075.
        var result = Run(p => new Sgd([p], lr: 0.1, momentum: 0.9, nesterov: true), s_grads[..2]);
        Assert.Equal(0.8075, result[0], 1e-15);
    }

    [Fact]
    public void AdamFirstStepMovesEachElementByAlmostLr()
    {
        // m̂ = g and v̂ = g² after one step, so the step is lr·g/(|g| + eps).
        var result = Run(p => new Adam([p], lr: 0.01), s_grads[..1]);
        double[] expected = [1 - 0.01 * 0.5 / (0.5 + 1e-8), -2 + 0.01 * 1 / (1 + 1e-8), 0.5 - 0.01 * 2 / (2 + 1e-8)];
        Assert.Equal(expected, result, Tolerance(1e-15));
    }

    [Fact]
    public void AdamWFirstStepShrinksTheParameterBeforeTheAdamStep()
    {
        var result = Run(p => new AdamW([p], lr: 0.01, weightDecay: 0.5), s_grads[..1]);
        Assert.Equal(1 * (1 - 0.01 * 0.5) - 0.01 * 0.5 / (0.5 + 1e-8), result[0], 1e-15);
    }

    [Fact]
    public void RmsPropFirstStepDividesByTheRootOfTheSquaredGradientAverage()
    {
        // s = (1 - α)·g² = 0.01·0.25, √s = 0.05; p = 1 - 0.01·0.5 / (0.05 + 1e-8).
        var result = Run(p => new RmsProp([p], lr: 0.01), s_grads[..1]);
        Assert.Equal(1 - 0.01 * 0.5 / (0.05 + 1e-8), result[0], 1e-15);
    }

    [Fact]
    public void AdagradFirstStepWithAnInitialAccumulator()
    {
        // s = 0.1 + 0.25; p = 1 - 0.1·0.5 / (√0.35 + 1e-10).
        var result = Run(p => new Adagrad([p], lr: 0.1, initialAccumulatorValue: 0.1), s_grads[..1]);
        Assert.Equal(1 - 0.1 * 0.5 / (Math.Sqrt(0.35) + 1e-10), result[0], 1e-15);
    }

    // ---- five steps of every option, against the documented algorithms --------------------------

    public static TheoryData<string> Cases() => [.. OptimOracles.All.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void FiveStepsMatchTheDocumentedAlgorithm(string name)
    {
        var (make, oracle) = OptimOracles.All[name];
        var expected = s_start.Select((p0, i) => oracle(p0, s_grads.Select(g => g[i]).ToArray())).ToArray();
        Assert.Equal(expected, Run(make, s_grads), Tolerance(1e-12));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32ParametersFollowTheSameAlgorithm(string name)
    {
        var (make, oracle) = OptimOracles.All[name];
        var expected = s_start.Select((p0, i) => oracle(p0, s_grads.Select(g => g[i]).ToArray())).ToArray();
        Assert.Equal(expected, Run(make, s_grads, DType.Float32), Tolerance(2e-6));
    }

    [Fact]
    public void AStridedParameterIsUpdatedInPlace()
    {
        var p = new Parameter(Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [2, 2]).T);   // a transposed view
        p.Grad = Tensor.Ones([2, 2], DType.Float64);
        var version = p.Version;
        new Sgd([p], lr: 0.5).Step();
        Assert.Equal([0.5, 2.5, 1.5, 3.5], p.ToArray<double>());
        Assert.True(p.Version > version);
    }

    internal static Comparer Tolerance(double tolerance) => new(tolerance);

    internal sealed class Comparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));
        public int GetHashCode(double obj) => 0;
    }
}
