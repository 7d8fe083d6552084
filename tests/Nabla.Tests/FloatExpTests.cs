using Nabla.Kernels;

namespace Nabla.Tests;

/// <summary>The single-precision exponent behind float32 exp, sigmoid and softmax: accuracy in ulps, edges, tails.</summary>
public sealed class FloatExpTests
{
    private static int Ulps(float actual, double exact)
    {
        float rounded = (float)exact;
        if (float.IsInfinity(rounded) || rounded == 0) return actual == rounded ? 0 : int.MaxValue;
        return Math.Abs(BitConverter.SingleToInt32Bits(actual) - BitConverter.SingleToInt32Bits(rounded));
    }

    /// <summary>Every <paramref name="step"/>-th float bit pattern in [from, to), and its negation where that is ≥ <paramref name="lowest"/>; then <paramref name="extra"/>.</summary>
    private static float[] Sweep(float from, float to, int step, float lowest = float.NegativeInfinity, params float[] extra)
    {
        var xs = new List<float>(extra);
        for (int bits = BitConverter.SingleToInt32Bits(from); bits < BitConverter.SingleToInt32Bits(to); bits += step)
        {
            float v = BitConverter.Int32BitsToSingle(bits);
            xs.Add(v);
            if (-v >= lowest) xs.Add(-v);
        }
        return [.. xs];
    }

    /// <summary>The kernel's worst error over x, in ulps of the exact value; exact values below <paramref name="floor"/> are left to absolute checks.</summary>
    private static void AssertWithinUlps(Action<float[], float[]> kernel, float[] x, Func<double, double> exact, int maxUlps, double floor = 0)
    {
        var y = new float[x.Length];
        kernel(x, y);
        int worst = 0;
        float worstAt = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = exact(x[i]);
            if (e < floor) continue;
            int u = Ulps(y[i], e);
            if (u > worst) (worst, worstAt) = (u, x[i]);
        }
        Assert.True(worst <= maxUlps, $"{worst} ulps at x = {worstAt:R}");
    }

    [Fact]
    public void ExpIsWithinTwoUlpsAcrossTheWholeFloatRange()
    {
        // Every 3589th float bit pattern between -104 and 89: all exponents. Subnormal results are checked
        // in absolute terms below.
        AssertWithinUlps((x, y) => FloatExp.Exp(x, y), Sweep(0f, 89f, 97 * 37, lowest: -104f), Math.Exp, 2, floor: float.Epsilon * 1e6);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(0f)]
    [InlineData(89f)]
    [InlineData(88.72f)]
    [InlineData(88.7f)]
    [InlineData(-87.3f)]
    [InlineData(-110f)]
    public void EdgesMatchTheCorrectlyRoundedValue(float x)
    {
        var y = new float[1];
        FloatExp.Exp([x], y);
        float expected = (float)Math.Exp(x);
        if (float.IsNaN(expected)) Assert.True(float.IsNaN(y[0]));
        else Assert.True(Ulps(y[0], Math.Exp(x)) <= 2, $"exp({x}) = {y[0]:R}, expected {expected:R}");
    }

    [Fact]
    public void SubnormalResultsAreRightInAbsoluteTerms()
    {
        float[] x = [-87.5f, -90f, -95f, -100f, -103f];
        var y = new float[x.Length];
        FloatExp.Exp(x, y);
        for (int i = 0; i < x.Length; i++) Assert.Equal(Math.Exp(x[i]), y[i], 3e-45);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(100)]
    public void EveryLengthIsCoveredAndTheSumIsTheSumOfTheOutputs(int n)
    {
        if (!FloatExp.IsAccelerated) return;   // the fused forms exist for AVX-512 only (softmax falls back)
        var x = Enumerable.Range(0, n).Select(i => (float)Math.Sin(i) * 3).ToArray();
        var y = new float[n];
        float sum = FloatExp.ExpShifted(x, 0.5f, y);
        for (int i = 0; i < n; i++) Assert.Equal(Math.Exp(x[i] - 0.5), y[i], 1e-6 * Math.Exp(x[i] - 0.5));
        Assert.Equal(y.Sum(), sum, 1e-5f * Math.Max(1, sum));
        Assert.Equal(sum, FloatExp.SumExpShifted(x, 0.5f), 1e-5f * Math.Max(1, sum));
    }

    [Fact]
    public void SigmoidSaturatesCleanly()
    {
        float[] x = [-200f, -20f, 0f, 20f, 200f, float.NaN];
        var y = new float[x.Length];
        FloatExp.Sigmoid(x, y);
        Assert.Equal(0f, y[0]);
        Assert.Equal(1 / (1 + Math.Exp(20)), y[1], 1e-15);
        Assert.Equal(0.5f, y[2]);
        Assert.Equal(1f, y[3]);
        Assert.Equal(1f, y[4]);
        Assert.True(float.IsNaN(y[5]));
    }

    [Fact]
    public void TanhIsWithinFewUlpsFromTinyToSaturated()
    {
        float[] edges = [0f, -0f, 1e-30f, -1e-20f, 1e-7f, 0.624f, 0.625f, 0.626f, 5f, 9f, 9.1f, 20f, 89f, 100f, -100f];
        AssertWithinUlps((x, y) => FloatExp.Tanh(x, y), Sweep(1e-6f, 12f, 1009, extra: edges), Math.Tanh, 3);
        var y = new float[3];
        FloatExp.Tanh([float.NaN, float.PositiveInfinity, float.NegativeInfinity], y);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(1f, y[1]);
        Assert.Equal(-1f, y[2]);
    }

    [Fact]
    public void SigmoidIsWithinFewUlpsEverywhere()
    {
        float[] edges = [0f, -0f, 1e-30f, -1e-30f, 20f, -20f, -87f, -88f, -90f, -100f, 88f, 100f];
        // Below float's normal range (x < -87.3) the kernel's 1/(1 + e^-x) reaches 0 once e^-x overflows
        // (x < -88.7): an absolute error under 1.2e-38, checked below.
        AssertWithinUlps((x, y) => FloatExp.Sigmoid(x, y), Sweep(1e-6f, 100f, 1009, extra: edges), v => 1 / (1 + Math.Exp(-v)), 3, floor: 1.1754944e-38);
        var y = new float[3];
        FloatExp.Sigmoid([-87f, -88f, -100f], y);
        Assert.Equal(Math.Exp(-87), y[0], 1e-44);
        Assert.Equal(Math.Exp(-88), y[1], 1.2e-38);
        Assert.Equal(0f, y[2]);
    }
}
