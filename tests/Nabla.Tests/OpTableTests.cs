namespace Nabla.Tests;

/// <summary>
/// The op table (<see cref="OpCases"/>) through finite differences in float64: every case with
/// <see cref="Autograd.GradCheck"/>, and with <see cref="Autograd.GradGradCheck"/> where the rule
/// is twice differentiable (PyTorch's gradcheck / gradgradcheck over OpInfo).
/// </summary>
public class OpTableTests
{
    // Case names, not the cases: names serialise, so each case is its own test in the runner.
    public static TheoryData<string> GradCases => [.. OpCases.All.Select(c => c.Name)];

    public static TheoryData<string> GradGradCases => [.. OpCases.All.Where(c => c.GradGrad).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(GradCases))]
    public void GradCheck(string name)
    {
        var c = OpCases.ByName[name];
        var inputs = c.Inputs();
        Assert.NotNull(c.F(inputs).GradFn);   // the case records a node, so there is a rule to check
        Assert.True(Autograd.GradCheck(c.F, inputs));
    }

    [Theory]
    [MemberData(nameof(GradGradCases))]
    public void GradGradCheck(string name)
    {
        var c = OpCases.ByName[name];
        Assert.True(Autograd.GradGradCheck(c.F, c.Inputs()));
    }

    [Fact]
    public void CaseNamesAreUnique() =>
        Assert.Equal(OpCases.All.Length, OpCases.All.Select(c => c.Name).Distinct().Count());

    [Fact]
    public void InputsAreDeterministicFloat64LeavesInTheirDomain()
    {
        foreach (var c in OpCases.All)
        {
            var a = c.Inputs();
            var b = c.Inputs();
            for (int i = 0; i < a.Length; i++)
            {
                Assert.True(a[i].IsLeaf && a[i].RequiresGrad && a[i].DType == DType.Float64, c.Name);
                Assert.Equal(a[i].ToArray<double>(), b[i].ToArray<double>());
                var values = a[i].ToArray<double>();
                switch (c.Args[i].Domain)
                {
                    case Domain.Positive:
                        Assert.All(values, v => Assert.InRange(v, 0.5, 2.0));
                        break;
                    case Domain.AwayFromIntegers:
                        Assert.All(values, v => Assert.InRange(Math.Abs(v - Math.Round(v)), 0.2 - 1e-12, 0.5));
                        break;
                }
            }
        }
    }

    // The checks themselves must be able to fail: a wrong first-order rule, a rule that is right
    // once but not differentiable (its second order is wrong).
    [Fact]
    public void GradCheckCatchesAWrongRule()
    {
        var x = Tensor.Randn([2, 3], DType.Float64, requiresGrad: true, generator: new Generator(7));
        static Tensor BadExp(Tensor[] xs)
            => xs[0].Detach().Exp().Record("BadExpBackward", static (n, g) => [g * n.Saved(0).Exp() * 1.01], [xs[0]], [xs[0]]);
        var error = Assert.Throws<InvalidOperationException>(() => Autograd.GradCheck(BadExp, [x]));
        Assert.Contains("Jacobian mismatch", error.Message);
    }

    [Fact]
    public void GradCheckCatchesAWrongBroadcastReduction()
    {
        var a = Tensor.Randn([2, 3], DType.Float64, requiresGrad: true, generator: new Generator(8));
        var b = Tensor.Randn([3], DType.Float64, requiresGrad: true, generator: new Generator(9));
        // The rule forgets that b was broadcast over two rows: it returns only the first row.
        static Tensor BadAdd(Tensor[] xs)
            => (xs[0].Detach() + xs[1].Detach()).Record("BadAddBackward", static (n, g) => [g, g[0]], [xs[0], xs[1]]);
        Assert.Throws<InvalidOperationException>(() => Autograd.GradCheck(BadAdd, [a, b]));
    }

    [Fact]
    public void GradGradCheckCatchesARuleThatIsNotDifferentiable()
    {
        var x = Tensor.Randn([2, 3], DType.Float64, requiresGrad: true, generator: new Generator(10));
        // d/dx x² = 2x is right, but written with a detached x its own derivative is lost.
        static Tensor BadSquare(Tensor[] xs)
        {
            var d = xs[0].Detach();
            return (d * d).Record("BadSquareBackward", static (n, g) => [g * n.Saved(0).Detach() * 2.0], [xs[0]], [xs[0]]);
        }
        Assert.True(Autograd.GradCheck(BadSquare, [x]));
        var error = Assert.Throws<InvalidOperationException>(() => Autograd.GradGradCheck(BadSquare, [x]));
        Assert.Contains("Jacobian mismatch", error.Message);
    }

    /// <summary>
    /// Regression: GradGradCheck's numerical pass used to run f under NoGrad on copies that did not
    /// require grad, so the vector-Jacobian product inside it could not differentiate.
    /// </summary>
    [Fact]
    public void GradGradCheckWorksOnPlainFunction()
    {
        var x = Tensor.Randn([2, 3], DType.Float64, requiresGrad: true, generator: new Generator(11));
        Assert.True(Autograd.GradGradCheck(xs => xs[0].Exp() * xs[0], [x]));
    }
}
