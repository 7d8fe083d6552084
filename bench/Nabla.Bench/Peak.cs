using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Bench;

/// <summary>
/// The machine's float32 FMA peak, the yardstick for the GEMM rows: 12 independent chains of fused
/// multiply-adds (enough to cover the FMA latency on both pipes), on one thread and on every thread, for
/// each vector width the hardware accelerates. The widths can differ by 2x (a core with full-width 512-bit
/// FMA units) or not at all (Zen 4 runs a 512-bit FMA as two 256-bit halves), so a GEMM row is stated
/// against the peak of the width its micro-kernel uses.
/// </summary>
internal static class Peak
{
    /// <summary>The widest vector Nabla's GEMM micro-kernel uses on this machine (512 with AVX-512, else 256).</summary>
    public static int GemmWidth => Vector512.IsHardwareAccelerated ? 512 : 256;

    /// <summary>The vector widths this machine accelerates, widest last.</summary>
    public static int[] Widths => Vector512.IsHardwareAccelerated ? [256, 512] : [256];

    /// <summary><c>--peak</c>: three rounds of every width on 1 thread and on every thread.</summary>
    public static int Run()
    {
        for (int round = 0; round < 3; round++)
            foreach (int width in Widths)
                Console.WriteLine($"FMA peak, float32, Vector{width}: {Measure(width, 1, 0.5):F1} GFLOP/s on 1 thread, " +
                    $"{Measure(width, Environment.ProcessorCount, 0.5):F1} GFLOP/s on {Environment.ProcessorCount} threads");
        return 0;
    }

    /// <summary>GFLOP/s of <paramref name="threads"/> threads running FMA chains of <paramref name="width"/>-bit vectors for about <paramref name="seconds"/>; the best of three tries.</summary>
    public static double Measure(int width, int threads, double seconds)
    {
        Chains(width, 100_000);   // JIT and warm-up
        var clock = Stopwatch.StartNew();
        Chains(width, 1_000_000);
        long iterations = Math.Max(1_000_000, (long)(1_000_000 * seconds / 3 / clock.Elapsed.TotalSeconds));
        double best = 0;
        for (int i = 0; i < 3; i++) best = Math.Max(best, Rate(width, iterations, threads));
        return best;
    }

    private static double Rate(int width, long iterations, int threads)
    {
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Chains(width, iterations));
        return threads * iterations * 12.0 * (width / 32) * 2 / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static float Chains(int width, long iterations) => width == 512 ? Chains512(iterations) : Chains256(iterations);

    // No calls inside: a call would make the JIT spill the accumulators (no vector register survives a call).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(long iterations)
    {
        var m = Vector256.Create(0.9999f);
        var c = Vector256.Create(1e-4f);
        Vector256<float> a0 = Vector256<float>.One, a1 = a0 + a0, a2 = a1 + a0, a3 = a2 + a0, a4 = a3 + a0, a5 = a4 + a0,
            a6 = a5 + a0, a7 = a6 + a0, a8 = a7 + a0, a9 = a8 + a0, a10 = a9 + a0, a11 = a10 + a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c); a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c); a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(long iterations)
    {
        var m = Vector512.Create(0.9999f);
        var c = Vector512.Create(1e-4f);
        Vector512<float> a0 = Vector512<float>.One, a1 = a0 + a0, a2 = a1 + a0, a3 = a2 + a0, a4 = a3 + a0, a5 = a4 + a0,
            a6 = a5 + a0, a7 = a6 + a0, a8 = a7 + a0, a9 = a8 + a0, a10 = a9 + a0, a11 = a10 + a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
