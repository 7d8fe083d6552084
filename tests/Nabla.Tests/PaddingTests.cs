using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// F.Pad's four modes against what PyTorch 1.13 prints for the same calls (committed as numbers), the
/// gradients of a padding (each input element collects the gradients of its copies), and the errors.
/// </summary>
public class PaddingTests
{
    private static Tensor Grid(params int[] shape) => Tensor.Arange(0.0, shape.Aggregate(1, (p, s) => p * s)).Reshape(shape);

    private static void Values(double[] expected, Tensor actual) => Assert.Equal(expected, actual.To(DType.Float64).ToArray<double>());

    [Fact]
    public void ConstantPadsWithAValueAndCropsWithNegativePads()
    {
        var padded = F.Pad(Grid(3, 4), [1, -2, 0, 1], value: 7);
        Assert.Equal([4, 3], padded.Shape.ToArray());
        Values([7, 0, 1, 7, 4, 5, 7, 8, 9, 7, 7, 7], padded);
        var ints = F.Pad(Tensor.FromArray(new long[] { 1, 2 }), [2, 0], value: 9);
        Assert.Equal(DType.Int64, ints.DType);
        Assert.Equal([9L, 9, 1, 2], ints.ToArray<long>());
        Values([5, 5, 5], F.Pad(Grid(2), [-2, 3], value: 5));   // the input cropped away entirely
    }

    [Fact]
    public void ReflectMirrorsWithoutRepeatingTheEdge()
    {
        Values([2, 1, 0, 1, 2, 1, 5, 4, 3, 4, 5, 4], F.Pad(Grid(1, 2, 3), [2, 1], PaddingMode.Reflect));
        var twoD = F.Pad(Grid(1, 1, 3, 4), [1, 2, 2, 1], PaddingMode.Reflect);
        Assert.Equal([1, 1, 6, 7], twoD.Shape.ToArray());
        Values([9, 8, 9, 10, 11, 10, 9, 5, 4, 5, 6, 7, 6, 5, 1, 0, 1, 2, 3, 2, 1, 5, 4, 5, 6, 7, 6, 5, 9, 8, 9, 10, 11, 10, 9, 5, 4, 5, 6, 7, 6, 5], twoD);
    }

    [Fact]
    public void ReplicateRepeatsTheEdge()
    {
        Values([0, 0, 0, 0, 1, 2, 2, 3, 3, 3, 3, 4, 5, 5], F.Pad(Grid(1, 2, 3), [3, 1], PaddingMode.Replicate));
        Values([0, 0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 8, 9, 10, 11, 8, 8, 9, 10, 11, 8, 8, 9, 10, 11],
            F.Pad(Grid(1, 1, 3, 4), [1, 0, 0, 2], PaddingMode.Replicate));
    }

    [Fact]
    public void CircularWrapsAround()
    {
        Values([1, 2, 0, 1, 2, 0, 4, 5, 3, 4, 5, 3], F.Pad(Grid(1, 2, 3), [2, 1], PaddingMode.Circular));
        Values([6, 4, 5, 6, 10, 8, 9, 10, 2, 0, 1, 2, 6, 4, 5, 6, 10, 8, 9, 10, 2, 0, 1, 2],
            F.Pad(Grid(1, 1, 3, 4), [1, -1, 2, 1], PaddingMode.Circular));
    }

    [Fact]
    public void EachInputElementCollectsTheGradientsOfItsCopies()
    {
        var x = Tensor.FromArray([1.0, 2, 3], [1, 3], requiresGrad: true);
        F.Pad(x, [2, 2], PaddingMode.Reflect).Sum().Backward();   // [3, 2, 1, 2, 3, 2, 1]
        Values([2, 3, 2], x.Grad!);
        x.Grad = null;
        F.Pad(x, [2, 1], PaddingMode.Replicate).Sum().Backward(); // [1, 1, 1, 2, 3, 3]
        Values([3, 1, 2], x.Grad!);
        x.Grad = null;
        F.Pad(x, [1, 2], PaddingMode.Circular).Sum().Backward();  // [3, 1, 2, 3, 1, 2]
        Values([2, 2, 2], x.Grad!);
        x.Grad = null;
        F.Pad(x, [1, -1], value: 4).Sum().Backward();              // [4, 1, 2]
        Values([1, 1, 0], x.Grad!);
    }

    [Fact]
    public void TheBackwardOfAPaddingIsAnOpWhoseBackwardPadsAgain()
    {
        var x = Tensor.FromArray([1.0, 2, 3], [1, 3], requiresGrad: true);
        var y = F.Pad(x, [1, 1], PaddingMode.Reflect);
        var seed = Tensor.FromArray([1.0, 10, 100, 1000, 10000], [1, 5], requiresGrad: true);
        var g = Autograd.Grad([y], [x], [seed], createGraph: true)[0]!;
        Assert.Equal("ReflectionPad1DBackwardBackward0", g.GradFn!.Name);
        Values([10, 10101, 1000], g);
        var again = Autograd.Grad([g], [seed], [Tensor.FromArray([1.0, 2, 3], [1, 3])])[0]!;   // the pad of [1, 2, 3] again
        Values([2, 1, 2, 3, 2], again);
    }

    [Fact]
    public void PadErrors()
    {
        var x = Grid(1, 2, 3);
        Assert.Contains("divisible by 2", Assert.Throws<ArgumentException>(() => F.Pad(x, [1])).Message);
        Assert.Contains("two times the input dimension", Assert.Throws<ArgumentException>(() => F.Pad(x, [1, 1, 1, 1, 1, 1, 1, 1])).Message);
        Assert.Contains("doesn't take in value argument", Assert.Throws<ArgumentException>(() => F.Pad(x, [1, 1], PaddingMode.Reflect, value: 1)).Message);
        Assert.Contains("Padding size should be less than the corresponding input dimension",
            Assert.Throws<ArgumentException>(() => F.Pad(x, [3, 0], PaddingMode.Reflect)).Message);
        Assert.Throws<NotSupportedException>(() => F.Pad(Grid(3), [1, 1], PaddingMode.Replicate));
        Assert.Contains("wrapping around more than once", Assert.Throws<ArgumentException>(() => F.Pad(x, [4, 0], PaddingMode.Circular)).Message);
        Assert.Contains("negative output size", Assert.Throws<ArgumentException>(() => F.Pad(x, [-2, -2])).Message);
    }
}
