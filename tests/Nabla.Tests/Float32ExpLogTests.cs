using Nabla.Kernels;

namespace Nabla.Tests;

/// <summary>
/// expm1, log1p, sinh, cosh and logaddexp in float32 (<see cref="FloatExpLog"/>'s 512-bit kernels for
/// contiguous tensors where AVX-512 runs, the generic forms elsewhere and on strided tensors): within 2 ulp
/// of the double-precision result rounded to float over a sweep of the whole float range on the vector
/// path, 3 on the scalar one (the BCL's exponential with Kahan's correction), and exact at the edges;
/// logaddexp within 3 ulp of its largest term.
/// </summary>
public sealed class Float32ExpLogTests
{
    // Every 1,021st positive float and its negative, from the smallest subnormal to +∞, plus the
    // neighbourhoods of 0 and 1 densely (where log1p and expm1 are hardest).
    private static float[] Sweep()
    {
        var xs = new List<float>();
        for (uint bits = 0x00000001; bits <= 0x7F800000; bits += 1021) xs.Add(BitConverter.UInt32BitsToSingle(bits));
        for (uint bits = 0x3F800000 - 2048; bits < 0x3F800000 + 2048; bits++) xs.Add(BitConverter.UInt32BitsToSingle(bits));
        for (uint bits = 0x33000000; bits < 0x33000000 + 2048; bits++) xs.Add(BitConverter.UInt32BitsToSingle(bits));   // near 2^-25
        return [.. xs.SelectMany(x => new[] { x, -x })];
    }

    public static TheoryData<string> Functions => new() { "expm1", "log1p", "sinh", "cosh" };

    private static Tensor Apply(string name, Tensor x) => name switch
    {
        "expm1" => x.Expm1(),
        "log1p" => x.Log1p(),
        "sinh" => x.Sinh(),
        "cosh" => x.Cosh(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void WithinTwoUlpsOfTheRoundedDoubleResultOnBothPaths(string name)
    {
        float[] x = Sweep();
        double[] exact = Apply(name, Tensor.FromArray(x.Select(v => (double)v).ToArray())).ToArray<double>();
        var contiguous = Apply(name, Tensor.FromArray(x));
        // Every other element of a [n, 2] tensor: the strided path evaluates one element at a time.
        var strided = Apply(name, Tensor.FromArray(x.SelectMany(v => new[] { v, 0f }).ToArray()).View(x.Length, 2)[.., 0]);
        Assert.Equal(DType.Float32, contiguous.DType);
        foreach (var (got, path) in new[] { (contiguous.ToArray<float>(), "vector"), (strided.ToArray<float>(), "scalar") })
            for (int i = 0; i < x.Length; i++)
                AssertWithinUlps(got[i], (float)exact[i], path == "vector" && FloatExpLog.IsAccelerated ? 2 : 3, $"{name}({x[i]:R}) on the {path} path");
    }

    // max(x, y) + ln(1 + e^-|x-y|) cancels where the result is small next to the operands (PyTorch's formula,
    // kept for its behaviour at the infinities), and the correction carries the errors of an exponential and a
    // logarithm: the error is measured in ulps of the largest of max, the correction (times |x - y|) and the result.
    [Fact]
    public void LogAddExpIsWithinThreeUlpsOfItsLargestTerm()
    {
        var random = new Random(12);
        // Operands from tiny to huge, of both signs, near each other and far apart.
        float[] x = Enumerable.Range(0, 200_000).Select(_ => Draw(random)).ToArray();
        float[] y = x.Select((v, i) => i % 3 == 0 ? v + (float)(random.NextDouble() - 0.5) * 1e-3f : Draw(random)).ToArray();
        double[] exact = Tensor.FromArray(x.Select(v => (double)v).ToArray()).LogAddExp(Tensor.FromArray(y.Select(v => (double)v).ToArray())).ToArray<double>();
        float[] got = Tensor.FromArray(x).LogAddExp(Tensor.FromArray(y)).ToArray<float>();
        for (int i = 0; i < x.Length; i++)
        {
            float max = Math.Max(x[i], y[i]), correction = (float)(exact[i] - max);
            // x - y is rounded before the exponential: that alone moves the correction by |x - y|/2 of its ulps.
            float correctionTerm = Math.Abs(correction) * Math.Max(1f, Math.Abs(x[i] - y[i]));
            float scale = Math.Max(Math.Max(Math.Abs(max), correctionTerm), Math.Abs((float)exact[i]));
            double error = Math.Abs(got[i] - exact[i]);
            Assert.True(error <= 3 * (double)(float.BitIncrement(scale) - scale), $"logaddexp({x[i]:R}, {y[i]:R}) = {got[i]:R}, exact {exact[i]:R}");
        }
    }

    private static float Draw(Random random)
        => (float)((random.NextDouble() < 0.5 ? -1 : 1) * Math.Pow(10, random.NextDouble() * 8 - 4) * random.NextDouble());

    private static void AssertWithinUlps(float got, float want, int limit, string what)
    {
        if (float.IsNaN(want))
        {
            Assert.True(float.IsNaN(got), $"{what} = {got:R}, expected NaN");
            return;
        }
        long ulps = Math.Abs((long)BitConverter.SingleToInt32Bits(got) - BitConverter.SingleToInt32Bits(want));
        Assert.True(ulps <= limit, $"{what} = {got:R}, {want:R} rounded from double ({ulps} ulps)");
    }

    public static TheoryData<string, float, float> Edges => new()
    {
        { "expm1", 0f, 0f }, { "expm1", -0f, -0f }, { "expm1", float.PositiveInfinity, float.PositiveInfinity },
        { "expm1", float.NegativeInfinity, -1f }, { "expm1", -200f, -1f }, { "expm1", 89f, float.PositiveInfinity },
        { "expm1", float.NaN, float.NaN },
        { "log1p", 0f, 0f }, { "log1p", -0f, -0f }, { "log1p", -1f, float.NegativeInfinity }, { "log1p", -1.5f, float.NaN },
        { "log1p", float.PositiveInfinity, float.PositiveInfinity }, { "log1p", float.NegativeInfinity, float.NaN },
        { "log1p", float.MaxValue, (float)Math.Log(float.MaxValue) }, { "log1p", float.NaN, float.NaN },
        { "sinh", 0f, 0f }, { "sinh", -0f, -0f }, { "sinh", 89.4f, (float)Math.Sinh(89.4f) }, { "sinh", -90f, float.NegativeInfinity },
        { "sinh", float.PositiveInfinity, float.PositiveInfinity }, { "sinh", float.NaN, float.NaN },
        { "cosh", 0f, 1f }, { "cosh", -90f, float.PositiveInfinity }, { "cosh", float.NegativeInfinity, float.PositiveInfinity },
        { "cosh", float.NaN, float.NaN },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void EdgesAreExactOnTheVectorPath(string name, float x, float want)
    {
        // 17 copies: a whole vector step of 16 lanes and one tail element.
        foreach (float v in Apply(name, Tensor.FromArray(Enumerable.Repeat(x, 17).ToArray())).ToArray<float>())
        {
            bool same = float.IsNaN(want) ? float.IsNaN(v)
                : float.IsInfinity(want) || want == 0 || Math.Abs(want) == 1 ? BitConverter.SingleToInt32Bits(v) == BitConverter.SingleToInt32Bits(want)
                : Math.Abs(v - want) <= 1e-5 * Math.Abs(want);
            Assert.True(same, $"{name}({x:R}) = {v:R}, expected {want:R}");
        }
    }

    [Fact]
    public void LogAddExpOfEqualInfinitiesIsThatInfinity()
    {
        var inf = Tensor.FromArray(Enumerable.Repeat(float.PositiveInfinity, 17).ToArray());
        Assert.All(inf.LogAddExp(inf).ToArray<float>(), v => Assert.Equal(float.PositiveInfinity, v));
        Assert.All((-inf).LogAddExp(-inf).ToArray<float>(), v => Assert.Equal(float.NegativeInfinity, v));
        Assert.All(inf.LogAddExp(-inf).ToArray<float>(), v => Assert.Equal(float.PositiveInfinity, v));
    }
}
