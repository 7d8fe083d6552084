using System.Runtime.CompilerServices;
using Nabla;

namespace Nabla.Tests;

/// <summary>Large buffers are recycled once unreachable, invisibly: nothing a user holds is ever reused.</summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class BufferPoolTests
{
    private const int Large = 1 << 18;   // 1 MiB of float32: pooled

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MakeGarbage() => _ = Tensor.Ones(Large) * 2;

    // Rounds that end with the finalizers done: a lease's finalizer returns its buffer to the pool on the
    // finalizer thread, and one left running after the pool is cleared would change IdleBytes mid-test.
    private static void Collect()
    {
        for (int round = 0; round < 3; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [Fact]
    public void AnUnreachableLargeBufferReturnsToThePoolAndIsReused()
    {
        Collect();   // earlier tests' garbage first, so that only this test's buffers are counted
        BufferPool.Clear();
        MakeGarbage();
        Collect();
        long idle = BufferPool.IdleBytes;
        Assert.True(idle >= Large * sizeof(float), $"idle bytes after collection: {idle}");
        var reused = Tensor.Zeros(Large);
        Assert.Equal(idle - Large * sizeof(float), BufferPool.IdleBytes);
        Assert.Equal(0f, reused.Sum().Item<float>());   // Zeros clears a recycled buffer
    }

    [Fact]
    public void ArraysHandedToUsersAreNeverRecycled()
    {
        Collect();
        BufferPool.Clear();
        float[] values = ToArrayOfGarbage();
        Collect();
        for (int i = 0; i < 4; i++) _ = Tensor.Full([Large], 7.0);   // would overwrite `values` if it had been pooled
        Assert.All(values, v => Assert.Equal(3f, v));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float[] ToArrayOfGarbage() => (Tensor.Ones(Large) * 3).ToArray<float>();

    [Fact]
    public void SmallBuffersAreNotPooled()
    {
        Collect();
        BufferPool.Clear();
        MakeSmallGarbage();
        Collect();
        Assert.Equal(0, BufferPool.IdleBytes);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MakeSmallGarbage() => _ = Tensor.Ones(1000) * 2;
}
