using Nabla.Kernels;

namespace Nabla.Tests;

/// <summary>The kernels' thread team: every item once, errors surface, nested and concurrent loops do not deadlock.</summary>
public sealed class WorkersTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    public void EveryItemRunsExactlyOnce(int count)
    {
        var hits = new int[count];
        for (int round = 0; round < 50; round++)
            Workers.For(count, i => Interlocked.Increment(ref hits[i]));
        Assert.All(hits, h => Assert.Equal(50, h));
    }

    [Fact]
    public void AnExceptionInABodyReachesTheCallerAfterTheOtherItemsFinish()
    {
        int done = 0;
        var e = Assert.Throws<InvalidOperationException>(() => Workers.For(16, i =>
        {
            if (i == 5) throw new InvalidOperationException("item 5 failed");
            Interlocked.Increment(ref done);
        }));
        Assert.Equal("item 5 failed", e.Message);
        Assert.Equal(15, done);
        // The team is still usable afterwards.
        int after = 0;
        Workers.For(8, _ => Interlocked.Increment(ref after));
        Assert.Equal(8, after);
    }

    [Fact]
    public void ALoopInsideALoopRunsInlineOnItsCaller()
    {
        var hits = new int[4 * 6];
        Workers.For(4, outer => Workers.For(6, inner => Interlocked.Increment(ref hits[outer * 6 + inner])));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void AnInlineLoopAlsoFinishesEveryItemBeforeThrowing()
    {
        int done = 0;
        // The inner loops run inline on whichever thread runs the outer item.
        var e = Assert.Throws<InvalidOperationException>(() => Workers.For(2, outer => Workers.For(6, inner =>
        {
            if (inner == 1) throw new InvalidOperationException($"inner 1 of outer {outer}");
            Interlocked.Increment(ref done);
        })));
        Assert.StartsWith("inner 1 of outer", e.Message);
        Assert.Equal(2 * 5, done);
    }

    [Fact]
    public void LoopsFromSeveralThreadsAtOnceAllComplete()
    {
        var sums = new long[4];
        Parallel.For(0, 4, t =>
        {
            for (int round = 0; round < 200; round++)
                Workers.For(32, i => Interlocked.Add(ref sums[t], i));
        });
        Assert.All(sums, s => Assert.Equal(200L * (31 * 32 / 2), s));
    }
}
