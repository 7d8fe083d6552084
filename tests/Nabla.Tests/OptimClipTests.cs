using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>ClipGrad.Norm and ClipGrad.Value (PyTorch's clip_grad_norm_ and clip_grad_value_).</summary>
public sealed class OptimClipTests
{
    private static Parameter WithGrad(params float[] grad)
        => new(Tensor.Zeros(grad.Length)) { Grad = Tensor.FromArray(grad) };

    [Fact]
    public void NormScalesAllGradientsByTheSameFactor()
    {
        Parameter a = WithGrad(3, 4), b = WithGrad(12);   // total 2-norm √(25 + 144) = 13
        var total = ClipGrad.Norm([a, b], maxNorm: 6.5);
        Assert.Equal(13f, total.Item<float>());
        float coefficient = (float)(6.5 / (13 + 1e-6));
        Assert.Equal([3 * coefficient, 4 * coefficient], a.Grad!.ToArray<float>(), OptimFloat.Tolerance);
        Assert.Equal([12 * coefficient], b.Grad!.ToArray<float>(), OptimFloat.Tolerance);
    }

    [Fact]
    public void NormLeavesSmallGradientsAloneAndSkipsMissingOnes()
    {
        var a = WithGrad(0.3f, -0.4f);
        var none = new Parameter(Tensor.Zeros(2));
        Assert.Equal(0.5f, ClipGrad.Norm([a, none], maxNorm: 1).Item<float>(), 1e-6f);
        Assert.Equal([0.3f, -0.4f], a.Grad!.ToArray<float>());
        Assert.Null(none.Grad);
        Assert.Equal(0f, ClipGrad.Norm([none], maxNorm: 1).Item<float>());
    }

    [Fact]
    public void InfinityNormIsTheLargestMagnitude()
    {
        Parameter a = WithGrad(1, -8), b = WithGrad(2);
        Assert.Equal(8f, ClipGrad.Norm([a, b], maxNorm: 4, normType: double.PositiveInfinity).Item<float>());
        Assert.Equal(-4f, a.Grad!.ToArray<float>()[1], 1e-5f);
    }

    [Fact]
    public void NonFiniteNormThrowsOnlyWhenAsked()
    {
        var a = WithGrad(float.NaN, 1);
        Assert.Contains("non-finite", Assert.Throws<InvalidOperationException>(() => ClipGrad.Norm([a], 1, errorIfNonfinite: true)).Message);
        Assert.Equal(1f, a.Grad!.ToArray<float>()[1]);   // nothing was scaled
        Assert.True(float.IsNaN(ClipGrad.Norm([a], 1).Item<float>()));
    }

    [Fact]
    public void ValueClampsEachElement()
    {
        var a = WithGrad(-3, 0.5f, 2);
        ClipGrad.Value([a], 1);
        Assert.Equal([-1f, 0.5f, 1f], a.Grad!.ToArray<float>());
    }
}

internal static class OptimFloat
{
    public static readonly IEqualityComparer<float> Tolerance = EqualityComparer<float>.Create((x, y) => Math.Abs(x - y) <= 1e-6f * Math.Max(1, Math.Abs(x)), _ => 0);
}
