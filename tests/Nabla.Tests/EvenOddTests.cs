using Nabla.Kernels;

namespace Nabla.Tests;

/// <summary>Splitting runs by parity and merging them back, across the vector widths and tails.</summary>
public sealed class EvenOddTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]    // one float vector of pairs
    [InlineData(21)]   // float and double vectors, then single pairs
    public void SplitThenMergeGivesTheRunBack(int pairs)
    {
        Check(pairs, i => (float)(i * 1.5 - 7));
        Check(pairs, i => i * -0.25 + 3);
    }

    private static void Check<T>(int pairs, Func<int, T> value) where T : unmanaged
    {
        var source = Enumerable.Range(0, 2 * pairs + 1).Select(value).ToArray();   // one element more, left alone
        var (evens, odds) = (new T[pairs], new T[pairs]);
        EvenOdd.Split<T>(source.AsSpan(0, 2 * pairs), evens, odds);
        Assert.Equal(source.Where((_, i) => i % 2 == 0 && i < 2 * pairs), evens);
        Assert.Equal(source.Where((_, i) => i % 2 == 1), odds);

        var target = Enumerable.Repeat(value(-1), 2 * pairs + 1).ToArray();
        EvenOdd.Merge<T>(evens, odds, target);
        Assert.Equal(source[..(2 * pairs)], target[..(2 * pairs)]);
        Assert.Equal(value(-1), target[2 * pairs]);   // nothing written past the pairs
    }

    [Fact]
    public void RunsTooShortForTheirPartnersAreRefused()
    {
        Assert.Throws<ArgumentException>(() => EvenOdd.Split<float>(new float[5], new float[3], new float[3]));
        Assert.Throws<ArgumentException>(() => EvenOdd.Merge<float>(new float[3], new float[2], new float[6]));
    }
}
