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
    /// panels. Lanes past extent in the last panel are zeroed. Panels narrower than a whole number of
    /// 512-bit vectors go through <see cref="PackPanelsOverlapped"/> first, where it can.
    /// </summary>
    private static unsafe void PackStepsContiguous<T>(T* src, nint stepStride, int extent, int kc, int width, T* dst)
        where T : unmanaged
    {
        if (Vector512.IsHardwareAccelerated && width % Vector512<T>.Count != 0)
        {
            int done = PackPanelsOverlapped(src, stepStride, extent, kc, width, dst);
            src += done;
            dst += (nint)done * kc;
            extent -= done;
            if (extent == 0) return;
        }
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

    /// <summary>
    /// The leading panels of <see cref="PackStepsContiguous"/> when its width is not a whole number of
    /// 512-bit vectors (A's 12-row panels): each step is copied as whole vectors that run past it into
    /// the next steps, whose own copies overwrite that later (a panel's steps go in order); a panel's last
    /// steps, whose vectors would run past its end, are copied exactly. Steps go in blocks of 16 across
    /// all panels, so that the 16 source rows stay in L1 (a column-major A's row stride is often a
    /// multiple of 4 KiB). Step by step, 12 floats took a 256-bit and a 128-bit copy into 22 panels in
    /// turn, and packing A was 17% of a 256² aᵀ·b. Only panels whose vectors stay inside the source row
    /// (below extent) are done here; returns how many lanes were packed.
    /// </summary>
    private static unsafe int PackPanelsOverlapped<T>(T* src, nint stepStride, int extent, int kc, int width, T* dst)
        where T : unmanaged
    {
        const int StepBlock = 16;
        int count = Vector512<T>.Count;
        int span = (width + count - 1) / count * count;   // elements each step's vector copy writes
        int lanes = extent < span ? 0 : (extent - span) / width * width + width;   // panels with l + span <= extent
        // Steps whose vectors would run past the panel's end (into the next panel, already written by an
        // earlier block) are copied exactly: those with p·width + span > kc·width.
        int lastOverlapped = kc * width < span ? 0 : (kc * width - span) / width + 1;
        for (int p0 = 0; p0 < kc; p0 += StepBlock)
        {
            int p1 = Math.Min(kc, p0 + StepBlock);
            for (int l = 0; l < lanes; l += width)
            {
                T* s = src + p0 * stepStride + l, d = dst + (nint)l * kc + p0 * width;
                for (int p = p0; p < p1; p++, s += stepStride, d += width)
                {
                    if (p >= lastOverlapped) CopyShort(s, d, width);
                    else for (int v = 0; v < span; v += count) Vector512.Load(s + v).Store(d + v);
                }
            }
        }
        return lanes;
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
