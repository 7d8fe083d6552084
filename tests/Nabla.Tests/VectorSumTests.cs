using Nabla.Kernels;

namespace Nabla.Tests;

/// <summary>The eight-chain sum behind whole-tensor and row sums: every element counted once, at every length.</summary>
public sealed class VectorSumTests
{
    // Around the vector loop's edges (one block of eight vectors is 64 floats or 32 doubles with
    // 256-bit vectors, 128/64 with 512-bit) and long runs with a ragged tail.
    public static TheoryData<int> Lengths => [0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 65_537];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void IntegersSumExactly(int length)
    {
        var ints = new int[length];
        var longs = new long[length];
        for (int i = 0; i < length; i++) longs[i] = ints[i] = (i * 7919 % 201) - 100;
        long expected = longs.Sum();
        Assert.Equal(expected, VectorSum.Sum<int>(ints));
        Assert.Equal(expected, VectorSum.Sum<long>(longs));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FloatsMatchADoublePrecisionSum(int length)
    {
        var rng = new Random(length);
        var floats = new float[length];
        var doubles = new double[length];
        for (int i = 0; i < length; i++) doubles[i] = floats[i] = rng.NextSingle() * 2 - 1;
        double expected = doubles.Sum();
        Assert.Equal(expected, VectorSum.Sum<double>(doubles), 1e-9);
        Assert.Equal(expected, VectorSum.Sum<float>(floats), 1e-3);
    }

    [Fact]
    public void EachElementCountsOnceWhereverItSits()
    {
        // A single one at every position of a length with a tail: the sum is 1 exactly.
        var x = new float[3 * 64 + 5];
        for (int at = 0; at < x.Length; at++)
        {
            Array.Clear(x);
            x[at] = 1;
            Assert.Equal(1f, VectorSum.Sum<float>(x));
        }
    }

    [Fact]
    public void WholeTensorSumOfALargeTensorIsExact()
    {
        // 2^20 ones in 1024×1024 (the chunked whole-tensor path): exactly representable at every partial.
        var x = Tensor.Ones(1024, 1024);
        Assert.Equal(1024f * 1024f, x.Sum().Item<float>());
        Assert.Equal(1024f, x.Sum(1)[5].Item<float>());
    }
}
