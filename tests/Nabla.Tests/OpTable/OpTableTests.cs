namespace Nabla.Tests;

/// <summary>
/// The op table (<see cref="OpCases"/>) drives every generic check of an op: finite-difference
/// <see cref="Autograd.GradCheck"/> and <see cref="Autograd.GradGradCheck"/> in float64, forward mode
/// (a dual number's tangent against the reverse-mode Jacobian), the node name PyTorch shows, and the
/// same function in float32 against its float64 values and gradients.
/// </summary>
public class OpTableTests
{
    // Case names, not the cases: names serialise, so each case is its own test in the runner.
    public static TheoryData<string> Cases => [.. OpCases.All.Select(c => c.Name)];

    public static TheoryData<string> GradGradCases => [.. OpCases.All.Where(c => c.GradGrad).Select(c => c.Name)];

    public static TheoryData<string> ForwardModeCases => [.. OpCases.All.Where(c => c.ForwardMode).Select(c => c.Name)];

    public static TheoryData<string> Float32Cases => [.. OpCases.All.Where(c => c.Float32).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradCheck(string name)
    {
        var c = OpCases.ByName[name];
        Assert.True(Autograd.GradCheck(c.F, c.Inputs()));
    }

    [Theory]
    [MemberData(nameof(GradGradCases))]
    public void GradGradCheck(string name)
    {
        var c = OpCases.ByName[name];
        Assert.True(Autograd.GradGradCheck(c.F, c.Inputs()));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NodeName(string name)
    {
        var c = OpCases.ByName[name];
        Assert.Equal(c.Node, c.F(c.Inputs()).GradFn?.Name);
    }

    /// <summary>
    /// Forward mode against reverse mode by the dot-product identity ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩ for random
    /// u and v: the tangent comes from dual numbers, Jᵀ·u from a backward pass.
    /// </summary>
    [Theory]
    [MemberData(nameof(ForwardModeCases))]
    public void ForwardModeMatchesReverseMode(string name)
    {
        var c = OpCases.ByName[name];
        var inputs = c.Inputs();
        var g = new Generator(12345);
        var tangents = inputs.Select(x => Tensor.Randn(x.ShapeArray, DType.Float64, generator: g)).ToArray();
        Tensor? jvp;
        using (Autograd.ForwardAD.DualLevel())
        {
            var duals = inputs.Select((x, i) => Autograd.ForwardAD.MakeDual(x.Detach(), tangents[i])).ToArray();
            (_, jvp) = Autograd.ForwardAD.UnpackDual(c.F(duals));
        }
        var y = c.F(inputs);
        var u = Tensor.Randn(y.ShapeArray, DType.Float64, generator: g);
        var vjps = Autograd.Grad([y], inputs, [u], allowUnused: true);
        double forward = jvp is null ? 0 : (u * jvp).Sum().Item<double>();
        double reverse = vjps.Select((v, i) => v is null ? 0 : (v * tangents[i]).Sum().Item<double>()).Sum();
        Assert.True(Math.Abs(forward - reverse) <= 1e-9 * (1 + Math.Abs(reverse)), $"⟨u, J·v⟩ = {forward} by forward mode, ⟨Jᵀ·u, v⟩ = {reverse} by reverse mode");
    }

    /// <summary>The function on float32 inputs: a float32 result and gradients within float32 accuracy of the float64 ones.</summary>
    [Theory]
    [MemberData(nameof(Float32Cases))]
    public void Float32MatchesFloat64(string name)
    {
        var c = OpCases.ByName[name];
        var (x64, x32) = (c.Inputs(), c.Inputs(DType.Float32));
        var (y64, y32) = (c.F(x64), c.F(x32));
        Assert.Equal(DType.Float32, y32.DType);
        AssertClose(y64, y32, "value");
        var seed = Tensor.Randn(y64.ShapeArray, DType.Float64, generator: new Generator(54321));
        var g64 = Autograd.Grad([y64], x64, [seed], allowUnused: true);
        var g32 = Autograd.Grad([y32], x32, [seed.To(DType.Float32)], allowUnused: true);
        for (int i = 0; i < g64.Length; i++)
        {
            Assert.Equal(g64[i] is null, g32[i] is null);
            if (g64[i] is null) continue;
            Assert.Equal(DType.Float32, g32[i]!.DType);
            AssertClose(g64[i]!, g32[i]!, $"gradient of input {i}");
        }
    }

    // Float32 keeps about 7 digits; a few ops in a chain lose some of them.
    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var (e, a) = (expected.ToArray<double>(), actual.To(DType.Float64).ToArray<double>());
        double scale = e.Length == 0 ? 1 : Math.Max(1, e.Max(Math.Abs));
        for (int k = 0; k < e.Length; k++)
            Assert.True(Math.Abs(e[k] - a[k]) <= 2e-4 * scale || double.IsNaN(e[k]) && double.IsNaN(a[k]),
                $"{what}, element {k}: float64 gives {e[k]}, float32 {a[k]}");
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
        var badExp = new Derivative<NoArgs>("BadExpBackward").Grad(Slot.Self, reads: Slot.Self, (n, g) => g * n.Self.Exp() * 1.01);
        Tensor BadExp(Tensor[] xs) => badExp.Record(xs[0].Detach().Exp(), xs[0]);
        var error = Assert.Throws<InvalidOperationException>(() => Autograd.GradCheck(BadExp, [x]));
        Assert.Contains("Jacobian mismatch", error.Message);
    }

    [Fact]
    public void GradCheckCatchesAWrongBroadcastReduction()
    {
        var a = Tensor.Randn([2, 3], DType.Float64, requiresGrad: true, generator: new Generator(8));
        var b = Tensor.Randn([3], DType.Float64, requiresGrad: true, generator: new Generator(9));
        // The rule forgets that b was broadcast over two rows: it returns only the first row.
        var badAdd = new Derivative<NoArgs>("BadAddBackward").Grad(Slot.Self, (n, g) => g).Grad(Slot.Other, (n, g) => g[0]);
        Tensor BadAdd(Tensor[] xs) => badAdd.Record(xs[0].Detach() + xs[1].Detach(), xs[0], xs[1]);
        Assert.Throws<InvalidOperationException>(() => Autograd.GradCheck(BadAdd, [a, b]));
    }

    [Fact]
    public void GradGradCheckCatchesARuleThatIsNotDifferentiable()
    {
        var x = Tensor.Randn([2, 3], DType.Float64, requiresGrad: true, generator: new Generator(10));
        // d/dx x² = 2x is right, but written with a detached x its own derivative is lost.
        var badSquare = new Derivative<NoArgs>("BadSquareBackward").Grad(Slot.Self, reads: Slot.Self, (n, g) => g * n.Self.Detach() * 2.0);
        Tensor BadSquare(Tensor[] xs)
        {
            var d = xs[0].Detach();
            return badSquare.Record(d * d, xs[0]);
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
