namespace Nabla.Tests;

/// <summary>
/// erfinv in float32 (Giles' approximation evaluated in double, on vectors for contiguous tensors): within
/// 2 ulp of the double-precision erfinv rounded to float, over a sweep of every float in (0, 1) and all of
/// the last 4,096 below 1, on both the vector and the scalar (strided) path, and exact at the edges.
/// </summary>
public sealed class Float32ErfInvTests
{
    private static float[] Sweep()
    {
        var xs = new List<float>();
        for (uint bits = 0x00000001; bits < 0x3F800000; bits += 997) xs.Add(BitConverter.UInt32BitsToSingle(bits));
        for (uint bits = 0x3F800000 - 4096; bits < 0x3F800000; bits++) xs.Add(BitConverter.UInt32BitsToSingle(bits));
        return [.. xs.SelectMany(x => new[] { x, -x })];
    }

    [Fact]
    public void WithinTwoUlpsOfTheRoundedDoubleResultOnBothPaths()
    {
        float[] x = Sweep();
        double[] exact = Tensor.FromArray(x.Select(v => (double)v).ToArray()).ErfInv().ToArray<double>();
        var contiguous = Tensor.FromArray(x).ErfInv();
        // Every other element of a [n, 2] tensor: the strided path evaluates one element at a time.
        var strided = Tensor.FromArray(x.SelectMany(v => new[] { v, 0f }).ToArray()).View(x.Length, 2)[.., 0].ErfInv();
        Assert.Equal(DType.Float32, contiguous.DType);
        foreach (var (got, path) in new[] { (contiguous.ToArray<float>(), "vector"), (strided.ToArray<float>(), "scalar") })
            for (int i = 0; i < x.Length; i++)
            {
                float want = (float)exact[i];
                long ulps = Math.Abs((long)BitConverter.SingleToInt32Bits(got[i]) - BitConverter.SingleToInt32Bits(want));
                Assert.True(ulps <= 2, $"erfinv({x[i]:R}) = {got[i]:R} on the {path} path, {want:R} rounded from double ({ulps} ulps)");
            }
    }

    [Fact]
    public void EdgesAreExact()
    {
        // 17 copies: a whole vector step of 16 lanes and one scalar tail element.
        foreach (var (x, want) in new[] { (1f, float.PositiveInfinity), (-1f, float.NegativeInfinity), (1.5f, float.NaN), (-2f, float.NaN),
                     (float.NaN, float.NaN), (float.PositiveInfinity, float.NaN), (0f, 0f), (-0f, -0f) })
        {
            float[] got = Tensor.FromArray(Enumerable.Repeat(x, 17).ToArray()).ErfInv().ToArray<float>();
            foreach (float v in got)
                Assert.True(BitConverter.SingleToInt32Bits(v) == BitConverter.SingleToInt32Bits(want) || (float.IsNaN(v) && float.IsNaN(want)),
                    $"erfinv({x}) = {v}, expected {want}");
        }
    }
}
