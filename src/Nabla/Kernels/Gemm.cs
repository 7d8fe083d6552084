using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>Which register-tiled micro-kernel the packed path uses. Naming one forces the packed path (tests, benchmarks).</summary>
internal enum GemmKernel
{
    /// <summary>The widest one the hardware accelerates; small and skinny products skip packing.</summary>
    Auto,
    /// <summary>Always the direct (unpacked) path; for tests.</summary>
    Direct,
    /// <summary>12 rows × 2 Vector512 columns (AVX-512).</summary>
    Vector512,
    /// <summary>6 rows × 2 Vector256 columns (AVX2 + FMA).</summary>
    Vector256,
    /// <summary>4 rows × 2 Vector&lt;T&gt; columns, for any hardware.</summary>
    Portable,
}

/// <summary>
/// General matrix multiply C = A·B or C += A·B for float and double, with arbitrary (non-negative)
/// strides on A and B and a row-major C. Large products go through a packed, cache-blocked,
/// register-tiled path in the GotoBLAS/BLIS style; small and skinny ones through a direct path.
/// C must not overlap A or B.
/// </summary>
internal static partial class Gemm
{
    /// <summary>Most threads one call may use; 1 turns parallelism off (benchmarks, nested callers).</summary>
    internal static int MaxThreads { get; set; } = Workers.Count;

    /// <summary>
    /// m·n·k at or above which a packed product is split across threads. Below it, waking a pool thread
    /// (tens of µs on a small VM) and a second vCPU that may be busy or share the core cost more than they
    /// save; measured on a 2-vCPU Zen 4.
    /// </summary>
    internal static long ParallelThreshold { get; set; } = 160L * 160 * 160;

    /// <summary>m·n·k below which packing does not pay and the direct path runs.</summary>
    internal static long DirectThreshold { get; set; } = 32L * 32 * 32;

    /// <summary>C = A·B (accumulate: false) or C += A·B (accumulate: true).</summary>
    internal static void Multiply<T>(int m, int n, int k,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
        => Multiply(m, n, k, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride,
            c, cOffset, ldc, accumulate, GemmKernel.Auto, MaxThreads);

    /// <summary>As above, with the micro-kernel and thread count chosen by the caller (tests, benchmarks).</summary>
    internal static void Multiply<T>(int m, int n, int k,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc, bool accumulate, GemmKernel kernel, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Gemm supports float and double, not {typeof(T).Name}.");
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(a, aOffset, m, k, aRowStride, aColStride, nameof(a));
        CheckOperand(b, bOffset, k, n, bRowStride, bColStride, nameof(b));
        CheckOperand(c, cOffset, m, n, ldc, 1, nameof(c));
        if (m > 1 && ldc < n) throw new ArgumentOutOfRangeException(nameof(ldc), "ldc must be at least n.");
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) for (int i = 0; i < m; i++) c.AsSpan(cOffset + i * ldc, n).Clear();
            return;
        }

        var p = new Problem<T>(m, n, k, a, aOffset, aRowStride, aColStride,
            b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate, kernel);
        // Only the packed path is split: the direct path's big cases (matrix-vector and the like) are bound
        // by memory bandwidth, which a second thread does not add to.
        int threads = Math.Min(maxThreads, Workers.Count);
        if (threads > 1 && (long)m * n * k >= ParallelThreshold && !p.UseDirect()) RunParallel(p, threads);
        else p.Run();
    }

    /// <summary>Every element an operand's strides can reach must lie inside its array (the kernels use pointers).</summary>
    private static void CheckOperand<T>(T[] x, int offset, int rows, int cols, int rowStride, int colStride, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (offset < 0 || rowStride < 0 || colStride < 0)
            throw new ArgumentOutOfRangeException(name, "Offsets and strides must be non-negative.");
        if (rows == 0 || cols == 0) return;
        long last = offset + (long)(rows - 1) * rowStride + (long)(cols - 1) * colStride;
        if (last >= x.Length)
            throw new ArgumentOutOfRangeException(name, $"A {rows}×{cols} operand at offset {offset} with strides ({rowStride}, {colStride}) overruns an array of {x.Length}.");
    }

    /// <summary>The micro-kernel that <see cref="GemmKernel.Auto"/> stands for on this hardware.</summary>
    private static GemmKernel Resolve(GemmKernel kernel)
    {
        if (kernel is not (GemmKernel.Auto or GemmKernel.Direct)) return kernel;
        if (Vector512.IsHardwareAccelerated) return GemmKernel.Vector512;
        if (Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported) return GemmKernel.Vector256;
        return GemmKernel.Portable;
    }

    /// <summary>
    /// Tall or square C: threads take row slices, each against its own packed copy of the B block (<see cref="PackedRowSlices"/>).
    /// Wide and short C: disjoint column bands, each run as an independent single-threaded problem that
    /// packs its own copy of A (m×k, small next to B when m &lt; n). A few more bands than threads let a
    /// thread whose core is busy (two vCPUs often share one core) hand work to the other.
    /// </summary>
    private static void RunParallel<T>(Problem<T> p, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool byRows = p.M >= p.N;
        if (byRows) { PackedRowSlices(p, threads); return; }
        int extent = byRows ? p.M : p.N;
        int unit = byRows ? 12 : 32; // multiples of every micro-tile height / width keep bands tile-aligned
        int bands = threads * 2;
        int band = (extent + bands - 1) / bands;
        band = Math.Max(unit, (band + unit - 1) / unit * unit);
        int count = (extent + band - 1) / band;
        if (count <= 1) { p.Run(); return; }
        Workers.For(count, t =>
        {
            int start = t * band, size = Math.Min(band, extent - start);
            (byRows ? p.RowBand(start, size) : p.ColumnBand(start, size)).Run();
        });
    }
}
