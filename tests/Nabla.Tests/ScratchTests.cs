using Nabla.Kernels;

namespace Nabla.Tests;

/// <summary>Kernels' per-thread scratch arrays: reused on one thread, never shared between slots or threads.</summary>
public sealed class ScratchTests
{
    [Fact]
    public void ASlotHandsOutItsArrayAgainAndClearsWhatItIsAskedTo()
    {
        var first = Scratch<float>.Uninitialized(ScratchSlot.Columns, 1000);
        Array.Fill(first, 7f);
        var again = Scratch<float>.Uninitialized(ScratchSlot.Columns, 500);
        Assert.Same(first, again);
        Assert.Equal(7f, again[499]);   // stale: the caller writes all it reads

        var cleared = Scratch<float>.Cleared(ScratchSlot.Columns, 600);
        Assert.Same(first, cleared);
        Assert.All(cleared[..600], v => Assert.Equal(0f, v));
        Assert.Equal(7f, cleared[600]);   // only the length asked for is cleared
    }

    [Fact]
    public void ALongerRequestGetsALargerArray()
    {
        var small = Scratch<double>.Uninitialized(ScratchSlot.Wide, 10);
        var large = Scratch<double>.Cleared(ScratchSlot.Wide, small.Length + 1);
        Assert.NotSame(small, large);
        Assert.True(large.Length >= small.Length + 1);
        Assert.Same(large, Scratch<double>.Uninitialized(ScratchSlot.Wide, 10));
    }

    [Fact]
    public void ARequestAboveTheLimitGetsAnArrayOfItsOwnAndTheSlotKeepsItsArray()
    {
        var kept = Scratch<float>.Uninitialized(ScratchSlot.TileGradients, 256);
        int huge = Scratch<float>.MaxKeptBytes / sizeof(float) + 1;
        var first = Scratch<float>.Uninitialized(ScratchSlot.TileGradients, huge);
        var second = Scratch<float>.Cleared(ScratchSlot.TileGradients, huge);
        Assert.True(first.Length >= huge);
        Assert.NotSame(first, second);   // not kept: each call allocates, and the GC takes it back
        Assert.Same(kept, Scratch<float>.Uninitialized(ScratchSlot.TileGradients, 256));
    }

    [Fact]
    public void SlotsAndThreadsHaveTheirOwnArrays()
    {
        var columns = Scratch<float>.Uninitialized(ScratchSlot.Columns, 64);
        Assert.NotSame(columns, Scratch<float>.Uninitialized(ScratchSlot.PaddedInput, 64));
        Assert.NotSame(columns, Scratch<float>.Uninitialized(ScratchSlot.Wide, 64));
        float[]? other = null;
        var thread = new Thread(() => other = Scratch<float>.Uninitialized(ScratchSlot.Columns, 64));
        thread.Start();
        thread.Join();
        Assert.NotNull(other);
        Assert.NotSame(columns, other);
    }
}
