using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// GELU and its gradient in float32 (computed in single precision where AVX-512 runs it): values against
/// x·Φ(x) and Φ(x) + x·φ(x) taken to 10 digits with mpmath, over the body and the far negative tail, where
/// 1 + erf(x/√2) would have lost every digit (and so did the double-precision formula: GELU(-9) gave -0).
/// </summary>
public sealed class FloatGeluTests
{
    // x, x·Φ(x), Φ(x) + x·φ(x) (mpmath, 50 digits, rounded to 10)
    private static readonly (float X, double Gelu, double Grad)[] Reference =
    [
        (-12f, -2.131778534e-32, -2.557895662e-31),
        (-10f, -7.619853024e-23, -7.618400096e-22),
        (-9f, -1.015729565e-18, -9.138937374e-18),
        (-8f, -4.976768459e-15, -3.979607261e-14),
        (-6f, -5.91952587e-9, -3.546870945e-8),
        (-4f, -0.0001266849673, -0.0005036496612),
        (-2f, -0.04550026390, -0.08523180404),
        (-1f, -0.1586552539, -0.08331547058),
        (0f, 0, 0.5),
        (1f, 0.8413447461, 1.083315471),
        (3f, 2.995950306, 1.011945562),
    ];

    [Fact]
    public void Float32GeluAndGradientHoldSixDigitsIncludingTheTail()
    {
        // 17 copies of each value: a whole vector of 16 lanes and one scalar tail element.
        foreach (var (x, gelu, grad) in Reference)
        {
            var input = Tensor.FromArray(Enumerable.Repeat(x, 17).ToArray()).RequiresGradInPlace();
            var y = F.Gelu(input);
            y.Sum().Backward();
            Assert.Equal(DType.Float32, y.DType);
            foreach (var (got, want, what) in new[] { (y.ToArray<float>(), gelu, "gelu"), (input.Grad!.ToArray<float>(), grad, "grad") })
                foreach (float v in got)
                    Assert.True(Math.Abs(v - want) <= 1e-6 * Math.Abs(want), $"{what}({x}) = {v}, expected {want}");
        }
    }

    [Fact]
    public void Float32GeluKeepsNaNAndInfinities()
    {
        var y = F.Gelu(Tensor.FromArray([float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f])).ToArray<float>();
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(float.PositiveInfinity, y[1]);
        Assert.True(float.IsNaN(y[2]));   // -∞·Φ(-∞) = -∞·0, as PyTorch's formula gives
        Assert.Equal(0f, y[3]);
    }
}
