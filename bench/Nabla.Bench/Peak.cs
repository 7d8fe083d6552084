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

    private static float Chains(int width, long iterations) =>
        width == 512 ? Chains<Vector512<float>, Lanes512>(iterations) : Chains<Vector256<float>, Lanes256>(iterations);

    /// <summary>The few vector operations the chains need, for one width (a struct, so that the JIT specialises and inlines them).</summary>
    private interface ILanes<TV>
    {
        static abstract TV Create(float value);
        static abstract TV Fma(TV a, TV b, TV c);
        static abstract TV Add(TV a, TV b);
        static abstract float Sum(TV a);
    }

    private readonly struct Lanes256 : ILanes<Vector256<float>>
    {
        public static Vector256<float> Create(float value) => Vector256.Create(value);
        public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
        public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
        public static float Sum(Vector256<float> a) => Vector256.Sum(a);
    }

    private readonly struct Lanes512 : ILanes<Vector512<float>>
    {
        public static Vector512<float> Create(float value) => Vector512.Create(value);
        public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
        public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
        public static float Sum(Vector512<float> a) => Vector512.Sum(a);
    }

    // No calls left inside once the ILanes members inline: a call would make the JIT spill the accumulators.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains<TV, TL>(long iterations) where TV : struct where TL : struct, ILanes<TV>
    {
        TV m = TL.Create(0.9999f), c = TL.Create(1e-4f), one = TL.Create(1);
        TV a0 = one, a1 = TL.Add(a0, one), a2 = TL.Add(a1, one), a3 = TL.Add(a2, one), a4 = TL.Add(a3, one), a5 = TL.Add(a4, one),
            a6 = TL.Add(a5, one), a7 = TL.Add(a6, one), a8 = TL.Add(a7, one), a9 = TL.Add(a8, one), a10 = TL.Add(a9, one), a11 = TL.Add(a10, one);
        for (long i = 0; i < iterations; i++)
        {
            a0 = TL.Fma(a0, m, c); a1 = TL.Fma(a1, m, c); a2 = TL.Fma(a2, m, c); a3 = TL.Fma(a3, m, c);
            a4 = TL.Fma(a4, m, c); a5 = TL.Fma(a5, m, c); a6 = TL.Fma(a6, m, c); a7 = TL.Fma(a7, m, c);
            a8 = TL.Fma(a8, m, c); a9 = TL.Fma(a9, m, c); a10 = TL.Fma(a10, m, c); a11 = TL.Fma(a11, m, c);
        }
        TV total = TL.Add(TL.Add(TL.Add(a0, a1), TL.Add(a2, a3)), TL.Add(TL.Add(a4, a5), TL.Add(a6, a7)));
        return TL.Sum(TL.Add(total, TL.Add(TL.Add(a8, a9), TL.Add(a10, a11))));
    }
}
