using Nabla;

namespace Nabla.Tests;

/// <summary>Forward-mode AD with nested levels.</summary>
public sealed class ForwardADTests
{
    private static readonly ToleranceComparer Close = new(1e-10);

    [Fact]
    public void TangentsFlowThroughOps()
    {
        var x = Tensor.FromArray([0.5, 1.0, 2.0]);
        var v = Tensor.FromArray([1.0, 2.0, 3.0]);
        using (Autograd.ForwardAD.DualLevel())
        {
            var dual = Autograd.ForwardAD.MakeDual(x, v);
            var (y, dy) = Autograd.ForwardAD.UnpackDual((dual.Sin() * dual).Sum());
            double expected = 0;
            for (int i = 0; i < 3; i++)
            {
                double xi = x.ToArray<double>()[i];
                expected += (Math.Cos(xi) * xi + Math.Sin(xi)) * v.ToArray<double>()[i];   // d/dx (x sin x)
            }
            Assert.Equal(expected, dy!.Item<double>(), 10);
            Assert.Null(Autograd.ForwardAD.UnpackDual(y).Tangent);
        }
    }

    [Fact]
    public void MatMulAndBroadcastingTangents()
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [2, 2]);
        var b = Tensor.FromArray(new double[] { 5, 6 }, [2]);
        var ta = Tensor.FromArray(new double[] { 1, 0, 0, 1 }, [2, 2]);
        using (Autograd.ForwardAD.DualLevel())
        {
            var dual = Autograd.ForwardAD.MakeDual(a, ta);
            var tangent = Autograd.ForwardAD.UnpackDual(dual.MatMul(b) + 1.0).Tangent!;
            Assert.Equal([5.0, 6.0], tangent.ToArray<double>());   // d(Ab) = dA·b
        }
    }

    [Fact]
    public void TangentsVanishWhenTheLevelCloses()
    {
        Tensor y;
        using (Autograd.ForwardAD.DualLevel())
        {
            y = Autograd.ForwardAD.MakeDual(Tensor.FromArray([1.0]), Tensor.FromArray([1.0])) * 2;
            Assert.NotNull(Autograd.ForwardAD.UnpackDual(y).Tangent);
        }
        using (Autograd.ForwardAD.DualLevel()) Assert.Null(Autograd.ForwardAD.UnpackDual(y).Tangent);
        Assert.Throws<InvalidOperationException>(() => Autograd.ForwardAD.MakeDual(Tensor.Zeros(1), Tensor.Zeros(1)));
    }

    [Fact]
    public void ForwardOverForwardGivesSecondDerivatives()
    {
        var x = Tensor.Scalar(2.0);
        var one = Tensor.Scalar(1.0);
        using (Autograd.ForwardAD.DualLevel())
        {
            var outer = Autograd.ForwardAD.MakeDual(x, one);
            Tensor innerTangent;
            using (Autograd.ForwardAD.DualLevel())
            {
                var inner = Autograd.ForwardAD.MakeDual(outer, one);
                var y = inner * inner * inner;                                   // x³
                innerTangent = Autograd.ForwardAD.UnpackDual(y).Tangent!;        // 3x² = 12
                Assert.Equal(12.0, innerTangent.Item<double>(), 12);
            }
            var (first, second) = Autograd.ForwardAD.UnpackDual(innerTangent);   // outer tangent of 3x²: 6x = 12
            Assert.Equal(12.0, first.Item<double>(), 12);
            Assert.Equal(12.0, second!.Item<double>(), 12);
        }
    }

    [Fact]
    public void LevelsDoNotMix()
    {
        var x = Tensor.Scalar(3.0);
        using (Autograd.ForwardAD.DualLevel())
        {
            var a = Autograd.ForwardAD.MakeDual(x, Tensor.Scalar(1.0));
            using (Autograd.ForwardAD.DualLevel())
            {
                var b = Autograd.ForwardAD.MakeDual(Tensor.Scalar(5.0), Tensor.Scalar(1.0));
                var y = a * b;
                Assert.Equal(3.0, Autograd.ForwardAD.UnpackDual(y).Tangent!.Item<double>(), 12);   // only b is perturbed here
                var outerTangent = Autograd.ForwardAD.UnpackDual(Autograd.ForwardAD.UnpackDual(y).Primal);
                Assert.Equal(15.0, outerTangent.Primal.Item<double>());
            }
            var z = a * 5.0;
            Assert.Equal(5.0, Autograd.ForwardAD.UnpackDual(z).Tangent!.Item<double>(), 12);
        }
    }

    [Fact]
    public void ForwardOverReverseGivesHessianVectorProducts()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var v = Tensor.FromArray([1.0, -1.0]);
        using (Autograd.ForwardAD.DualLevel())
        {
            var dual = Autograd.ForwardAD.MakeDual(x, v);
            var f = (dual * dual * dual).Sum();                                     // Σ x³: H = diag(6x)
            var g = Autograd.Grad(f, dual, createGraph: true)!;
            Assert.Equal(new[] { 6.0, -12.0 }, Autograd.ForwardAD.UnpackDual(g).Tangent!.ToArray<double>(), Close);
        }
    }

    [Fact]
    public void ReverseOverForwardDifferentiatesTheTangent()
    {
        var x = Tensor.FromArray([1.5], requiresGrad: true);
        Tensor tangent;
        using (Autograd.ForwardAD.DualLevel())
        {
            var dual = Autograd.ForwardAD.MakeDual(x, Tensor.FromArray([1.0]));
            tangent = Autograd.ForwardAD.UnpackDual(dual.Exp()).Tangent!;   // e^x
        }
        var d = Autograd.Grad(tangent.Sum(), x)!;                           // d/dx e^x = e^x
        Assert.Equal(Math.Exp(1.5), d.Item<double>(), 12);
    }

    [Fact]
    public void InPlaceUpdatesCarryTangents()
    {
        using (Autograd.ForwardAD.DualLevel())
        {
            var dual = Autograd.ForwardAD.MakeDual(Tensor.FromArray([2.0]), Tensor.FromArray([1.0]));
            var y = dual * 1;
            y.MulInPlace(3.0);
            Assert.Equal(3.0, Autograd.ForwardAD.UnpackDual(y).Tangent!.Item<double>(), 12);
        }
    }
}
