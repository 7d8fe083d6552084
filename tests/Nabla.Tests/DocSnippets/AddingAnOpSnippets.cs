using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Kernels;

namespace Nabla.Tests.DocSnippets;

// docs/adding-an-op.md adds torch.atan step by step. The library's ops
// are methods of the partial class Tensor; a test project cannot add to that class, so the same
// method is written here as a C# 14 extension member (`x` where the library writes `this`). The
// kernel, the rule and the table rows are exactly what a library op has, and the tests below run
// the op table's checks on them.

/// <summary>y = atan x</summary>
internal readonly struct AtanOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? Fp.T<T>(MathF.Atan(Fp.F(x))) : Fp.T<T>(Math.Atan(Fp.D(x)));
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) TensorPrimitives.Atan(Fp.F(x), Fp.F(y));
        else TensorPrimitives.Atan(Fp.D(x), Fp.D(y));
    }
}

internal static class AtanExtension
{
    extension(Tensor x)
    {
        /// <summary>The arctangent elementwise, like <c>torch.atan</c>.</summary>
        public Tensor Atan()
            => Compute.Unary<AtanOp>(x.AsFloat()).Record("AtanBackward0", static (n, g) => [g / (1 + n.Saved(0) * n.Saved(0))], [x], [x]);   // d/dx atan x = 1/(1+x²)
    }
}

[Collection(nameof(DocSnippets))]
public sealed class AddingAnOpSnippets
{
    // The rows an op adds to OpCases.Unary(): each is expanded to a contiguous and a transposed case.
    private static IEnumerable<OpCase> Cases()
    {
        (string Name, Func<Tensor, Tensor> F, Domain Domain)[] ops =
        [
            ("atan", x => x.Atan(), Domain.Any),
        ];
        foreach (var (name, f, domain) in ops)
        {
            yield return new OpCase($"{name} [2,3]", x => f(x[0]), [new Arg([2, 3], domain)]);
            yield return new OpCase($"{name} transposed", x => f(x[0].T), [new Arg([3, 2], domain)]);
        }
    }

    [Fact]
    public void TheOpTableChecksTheRuleTwice()
    {
        foreach (var c in Cases())
        {
            Assert.True(Autograd.GradCheck(c.F, c.Inputs()), c.Name);
            Assert.True(Autograd.GradGradCheck(c.F, c.Inputs()), c.Name);
        }
    }

    [Fact]
    public void ForwardAndNodeName()
    {
        var lines = Snippet.Lines(() =>
        {
            var x = Tensor.FromArray([0f, 1f, -1f], requiresGrad: true);
            var y = x.Atan();
            Console.WriteLine(y);               // tensor([ 0.0000,  0.7854, -0.7854], grad_fn=<AtanBackward0>)
            y.Sum().Backward();
            Console.WriteLine(x.Grad);          // tensor([1.0000, 0.5000, 0.5000])
        });
        Assert.Equal(["tensor([ 0.0000,  0.7854, -0.7854], grad_fn=<AtanBackward0>)", "tensor([1.0000, 0.5000, 0.5000])"], lines);
    }

    [Fact]
    public void ForwardModeComesFromTheRule()
    {
        var x = Tensor.FromArray([0.0, 1.0, 2.0]);
        var v = Tensor.FromArray([1.0, 1.0, 0.5]);
        using (Autograd.ForwardAD.DualLevel())
        {
            var dual = Autograd.ForwardAD.MakeDual(x, v);
            var (y, jvp) = Autograd.ForwardAD.UnpackDual(dual.Atan());   // jvp = v/(1+x²), from the reverse rule
            Assert.Equal([1.0, 0.5, 0.1], jvp!.ToArray<double>());
            Assert.Equal([0, Math.PI / 4, Math.Atan(2)], y.ToArray<double>());
        }
    }

    [Fact]
    public void SimdMatchesScalar()
    {
        // The span path (TensorPrimitives, vectorised) against the scalar path, over lengths that
        // cover the vector widths and their tails, with special values.
        double[] special = [0, -0.0, 1e-300, -1e-10, 1, -1, 1e300, -1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN];
        foreach (int length in new[] { 0, 1, 3, 7, 8, 15, 16, 17, 33, 49 })
        {
            var x = Enumerable.Range(0, length).Select(i => i < special.Length ? special[i] : Math.Sin(i) * 5).ToArray();
            var simd = new double[length];
            AtanOp.Apply<double>(x, simd);
            for (int i = 0; i < length; i++) Close(AtanOp.Apply(x[i]), simd[i], 1e-15);
            var xf = Array.ConvertAll(x, d => (float)d);
            var simdF = new float[length];
            AtanOp.Apply<float>(xf, simdF);
            for (int i = 0; i < length; i++) Close(AtanOp.Apply(xf[i]), simdF[i], 1e-6);
        }
    }

    // Equal within a relative tolerance (a few ulps), NaN equal to NaN and infinities exactly.
    private static void Close(double expected, double actual, double rtol)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected)) Assert.Equal(expected, actual);
        else Assert.True(Math.Abs(expected - actual) <= rtol * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
    }
}
