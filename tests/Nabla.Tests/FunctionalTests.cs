using Nabla;

namespace Nabla.Tests;

/// <summary>Autograd.Functional: Jacobian, Hessian and the vector products.</summary>
public sealed class FunctionalTests
{
    private static readonly ToleranceComparer Close = new(1e-10);
    private static readonly Tensor X = Tensor.FromArray([1.0, 2.0, 3.0]);
    private static readonly Tensor V = Tensor.FromArray([0.5, -1.0, 2.0]);

    [Fact]
    public void JacobianOfElementwiseAndReducingFunctions()
    {
        var j = Autograd.Functional.Jacobian(t => t * t, X);   // diag(2x), reverse mode (3 outputs, 3 inputs)
        Assert.Equal([3, 3], j.Shape.ToArray());
        Assert.Equal([2.0, 0, 0, 0, 4.0, 0, 0, 0, 6.0], j.ToArray<double>());
        var g = Autograd.Functional.Jacobian(t => (t * t).Sum(), X);
        Assert.Equal([3], g.Shape.ToArray());
        Assert.Equal([2.0, 4.0, 6.0], g.ToArray<double>());
    }

    [Fact]
    public void JacobianWithManyMoreOutputsThanInputsUsesForwardMode()
    {
        var x = Tensor.FromArray([2.0]);
        int forwardPasses = 0;
        Func<Tensor, Tensor> f = t =>
        {
            forwardPasses++;
            return Tensor.Cat([t, t * t, t.Exp(), t, t, t]);   // 6 outputs, 1 input: more than 5× as many
        };
        var j = Autograd.Functional.Jacobian(f, x);
        Assert.Equal([6, 1], j.Shape.ToArray());
        Assert.Equal(new[] { 1.0, 4.0, Math.Exp(2), 1, 1, 1 }, j.ToArray<double>(), Close);
        Assert.Equal(2, forwardPasses);   // the recorded pass, then one dual pass for the only column
        forwardPasses = 0;
        Autograd.Functional.Jacobian(t => { forwardPasses++; return Tensor.Cat([t, t * t, t.Exp()]); }, x);
        Assert.Equal(1, forwardPasses);   // 3 outputs: reverse rows through the one recorded pass
    }

    [Fact]
    public void JacobianOverSeveralInputs()
    {
        var a = Tensor.FromArray([1.0, 2.0]);
        var b = Tensor.FromArray([3.0, 4.0]);
        var js = Autograd.Functional.Jacobian(xs => xs[0] * xs[1], [a, b]);
        Assert.Equal([3.0, 0, 0, 4.0], js[0].ToArray<double>());
        Assert.Equal([1.0, 0, 0, 2.0], js[1].ToArray<double>());
    }

    [Fact]
    public void HessianOfACubic()
    {
        var h = Autograd.Functional.Hessian(t => (t * t * t).Sum(), X);
        Assert.Equal([3, 3], h.Shape.ToArray());
        Assert.Equal(new[] { 6.0, 0, 0, 0, 12.0, 0, 0, 0, 18.0 }, h.ToArray<double>(), Close);
        var hs = Autograd.Functional.Hessian(xs => (xs[0] * xs[1]).Sum(), [X, V]);
        Assert.Equal(new[] { 1.0, 0, 0, 0, 1.0, 0, 0, 0, 1.0 }, hs[0][1].ToArray<double>(), Close);
        Assert.Equal(new double[9], hs[0][0].ToArray<double>(), Close);
    }

    [Fact]
    public void VectorProducts()
    {
        Func<Tensor, Tensor> f = t => (t * t * t).Sum();   // grad 3x², H = diag(6x)
        var (vjpOut, vjp) = Autograd.Functional.Vjp(t => t * t, X, V);
        Assert.Equal([1.0, 4.0, 9.0], vjpOut.ToArray<double>());
        Assert.Equal([1.0, -4.0, 12.0], vjp.ToArray<double>());
        var (jvpOut, jvp) = Autograd.Functional.Jvp(f, X, V);
        Assert.Equal(36.0, jvpOut.Item<double>());
        Assert.Equal(3 * 0.5 - 12.0 + 54.0, jvp.Item<double>(), 10);
        Assert.Equal(new[] { 3.0, -12.0, 36.0 }, Autograd.Functional.Hvp(f, X, V).Product.ToArray<double>(), Close);
        Assert.Equal(new[] { 3.0, -12.0, 36.0 }, Autograd.Functional.Vhp(f, X, V).Product.ToArray<double>(), Close);
        Assert.False(Autograd.Functional.Vhp(f, X, V).Product.RequiresGrad);
    }

    [Fact]
    public void SeveralInputsVectorProducts()
    {
        var a = Tensor.FromArray([1.0, 2.0]);
        var b = Tensor.FromArray([3.0, 4.0]);
        var va = Tensor.FromArray([1.0, 0.0]);
        var vb = Tensor.FromArray([0.0, 1.0]);
        Func<Tensor[], Tensor> g = xs => (xs[0] * xs[1]).Sum();
        Assert.Equal(1.0 * 3 + 2.0 * 1, Autograd.Functional.Jvp(g, [a, b], [va, vb]).Product.Item<double>(), 12);
        var (_, vjp) = Autograd.Functional.Vjp(g, [a, b], Tensor.Scalar(2.0));
        Assert.Equal([6.0, 8.0], vjp[0].ToArray<double>());
        var hvp = Autograd.Functional.Hvp(g, [a, b], [va, vb]).Product;   // H = [[0, I], [I, 0]]
        Assert.Equal([0.0, 1.0], hvp[0].ToArray<double>());
        Assert.Equal([1.0, 0.0], hvp[1].ToArray<double>());
    }

    [Fact]
    public void StrictRejectsIndependentOutputs()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Autograd.Functional.Jacobian(t => Tensor.Ones(3), X, strict: true));
        Assert.Contains("independent", ex.Message);
        Assert.Equal(new double[9], Autograd.Functional.Jacobian(t => Tensor.Ones(3), X).ToArray<double>());
    }

    [Fact]
    public void CreateGraphKeepsResultsDifferentiable()
    {
        var x = Tensor.FromArray([2.0], requiresGrad: true);
        var j = Autograd.Functional.Jacobian(t => t * t * t, x, createGraph: true);   // 3x²
        var d = Autograd.Grad(j.Sum(), x)!;                                          // 6x
        Assert.Equal(12.0, d.Item<double>(), 12);
    }
}
