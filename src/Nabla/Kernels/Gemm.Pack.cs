using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// Packs an mc×kc block of A into micro-panels of mr rows: panel q holds, for each p, the mr values
    /// A(q·mr + r, p) contiguously, which is the order the micro-kernel broadcasts them in. Rows past mc
    /// are zero so that edge tiles need no special case in the kernel.
    /// </summary>
    private static unsafe void PackA<T>(T* a, nint ars, nint acs, int mc, int kc, int mr, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ars == 1 && acs != 1) { PackStepsContiguous(a, acs, mc, kc, mr, dst); return; }
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* src = a + ir * ars;
            T* d = dst + ir * kc;
            if (acs == 1) PackRowsContiguous(src, ars, rows, kc, mr, d);
            else
            {
                for (int p = 0; p < kc; p++)
                    for (int r = 0; r < rows; r++) d[p * mr + r] = src[r * ars + p * acs];
            }
            if (rows < mr) ZeroLanes(d, kc, mr, rows);
        }
    }

    /// <summary>
    /// Packs a kc×nc block of B into micro-panels of nr columns: panel q holds, for each p, the nr values
    /// B(p, q·nr + j) contiguously (the kernel loads them as whole vectors). Columns past nc are zero.
    /// </summary>
    private static unsafe void PackB<T>(T* b, nint brs, nint bcs, int kc, int nc, int nr, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bcs == 1) { PackStepsContiguous(b, brs, nc, kc, nr, dst); return; }
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* src = b + jr * bcs;
            T* d = dst + jr * kc;
            if (brs == 1) PackRowsContiguous(src, bcs, cols, kc, nr, d);
            else
            {
                for (int p = 0; p < kc; p++)
                    for (int j = 0; j < cols; j++) d[p * nr + j] = src[p * brs + j * bcs];
            }
            if (cols < nr) ZeroLanes(d, kc, nr, cols);
        }
    }

    /// <summary>
    /// d[p·width + l] = src[l·laneStride + p] for l &lt; lanes: each lane is contiguous along p (rows of a
    /// row-major A, columns of a transposed B). Four lanes at a time, transposed in registers where possible.
    /// </summary>
    private static unsafe void PackRowsContiguous<T>(T* src, nint laneStride, int lanes, int kc, int width, T* d)
        where T : unmanaged
    {
        int l = 0;
        for (; l + 4 <= lanes; l += 4)
        {
            T* s0 = src + l * laneStride, s1 = s0 + laneStride, s2 = s1 + laneStride, s3 = s2 + laneStride;
            int p = Transpose4Lanes(s0, laneStride, kc, width, d + l);
            T* o = d + l + p * width;
            for (; p < kc; p++, o += width)
            {
                o[0] = s0[p];
                o[1] = s1[p];
                o[2] = s2[p];
                o[3] = s3[p];
            }
        }
        for (; l < lanes; l++)
        {
            T* s = src + l * laneStride;
            T* o = d + l;
            for (int p = 0; p < kc; p++, o += width) *o = s[p];
        }
    }

    /// <summary>
    /// The whole block when the lanes of each step are contiguous (columns of a column-major A, rows of a
    /// row-major B): step by step, so that the source is read in order, each step's run cut into the
    /// panels. Lanes past extent in the last panel are zeroed.
    /// </summary>
    private static unsafe void PackStepsContiguous<T>(T* src, nint stepStride, int extent, int kc, int width, T* dst)
        where T : unmanaged
    {
        int full = extent / width * width, rest = extent - full;
        nint panel = (nint)width * kc;
        for (int p = 0; p < kc; p++, src += stepStride)
        {
            T* d = dst + p * width;
            for (int l = 0; l < full; l += width, d += panel) CopyShort(src + l, d, width);
            if (rest == 0) continue;
            CopyShort(src + full, d, rest);
            for (int l = rest; l < width; l++) d[l] = default;
        }
    }

    /// <summary>Copies a few (≤ 32-ish) elements with the widest vectors that fit, then single elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CopyShort<T>(T* src, T* dst, int count) where T : unmanaged
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + Vector512<T>.Count <= count; i += Vector512<T>.Count) Vector512.Load(src + i).Store(dst + i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + Vector256<T>.Count <= count; i += Vector256<T>.Count) Vector256.Load(src + i).Store(dst + i);
        if (Vector128.IsHardwareAccelerated)
            for (; i + Vector128<T>.Count <= count; i += Vector128<T>.Count) Vector128.Load(src + i).Store(dst + i);
        for (; i < count; i++) dst[i] = src[i];
    }

    /// <summary>Zeros lanes [from, width) of every step of a packed panel.</summary>
    private static unsafe void ZeroLanes<T>(T* d, int kc, int width, int from) where T : unmanaged
    {
        for (int p = 0; p < kc; p++, d += width)
            for (int l = from; l < width; l++) d[l] = default;
    }
}
