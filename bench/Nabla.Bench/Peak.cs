using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Bench;

/// <summary>
/// The machine's float32 FMA peak, the yardstick for the GEMM rows: 12 independent chains of fused
/// multiply-adds (enough to cover the FMA latency on both pipes), on one thread and on every thread.
/// Over <see cref="Vector{T}"/> (256-bit on x64): on AMD's Zen 4, which runs a 512-bit FMA as two 256-bit
/// halves, 512-bit vectors measured the same peak.
/// </summary>
internal static class Peak
{
    public static int Run()
    {
        const long iterations = 100_000_000;
        Chains(1_000_000);   // JIT and warm-up
        for (int round = 0; round < 3; round++)
        {
            double one = Rate(iterations, 1), all = Rate(iterations, Environment.ProcessorCount);
            Console.WriteLine($"FMA peak, float32, {Vector<float>.Count * 32}-bit vectors: " +
                $"{one:F1} GFLOP/s on 1 thread, {all:F1} GFLOP/s on {Environment.ProcessorCount} threads");
        }
        return 0;
    }

    private static double Rate(long iterations, int threads)
    {
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, _ => Chains(iterations));
        return threads * iterations * 12.0 * Vector<float>.Count * 2 / clock.Elapsed.TotalSeconds / 1e9;
    }

    // No calls inside: a call would make the JIT spill the accumulators (no vector register survives a call).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains(long iterations)
    {
        var m = new Vector<float>(0.9999f);
        var c = new Vector<float>(1e-4f);
        Vector<float> a0 = Vector<float>.One, a1 = a0 + a0, a2 = a1 + a0, a3 = a2 + a0, a4 = a3 + a0, a5 = a4 + a0,
            a6 = a5 + a0, a7 = a6 + a0, a8 = a7 + a0, a9 = a8 + a0, a10 = a9 + a0, a11 = a10 + a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, m, c); a1 = Vector.FusedMultiplyAdd(a1, m, c);
            a2 = Vector.FusedMultiplyAdd(a2, m, c); a3 = Vector.FusedMultiplyAdd(a3, m, c);
            a4 = Vector.FusedMultiplyAdd(a4, m, c); a5 = Vector.FusedMultiplyAdd(a5, m, c);
            a6 = Vector.FusedMultiplyAdd(a6, m, c); a7 = Vector.FusedMultiplyAdd(a7, m, c);
            a8 = Vector.FusedMultiplyAdd(a8, m, c); a9 = Vector.FusedMultiplyAdd(a9, m, c);
            a10 = Vector.FusedMultiplyAdd(a10, m, c); a11 = Vector.FusedMultiplyAdd(a11, m, c);
        }
        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
