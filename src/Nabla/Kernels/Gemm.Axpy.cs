using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// out(r, q) = (accumulate ? out(r, q) : 0) + Σ_p x(r, p)·y(p, q), where the rows of y are contiguous:
    /// vectorised over q, with the accumulators kept in registers across the whole p loop so each output is
    /// written once (few long rows stream instead, see <see cref="AxpyStream"/>). The output may be strided
    /// along q (the transposed "columns" form scatters).
    /// </summary>
    private static unsafe void Axpys<T>(int rows, int cols, int k, T* x, nint xrs, nint xcs,
        T* y, nint yrs, T* o, nint ors, nint ocs, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count;
        bool stream = rows <= 4 && ocs == 1 && cols >= 4 * w && k >= 4;
        for (int r = 0; r < rows; r++)
        {
            T* xr = x + r * xrs;
            T* orow = o + r * ors;
            if (stream) { AxpyStream(cols, k, xr, xcs, y, yrs, orow, accumulate); continue; }
            int q = 0;
            for (; q + 4 * w <= cols; q += 4 * w) AxpyBlock4(k, xr, xcs, y + q, yrs, orow + q * ocs, ocs, accumulate);
            for (; q + w <= cols; q += w) AxpyBlock1(k, xr, xcs, y + q, yrs, orow + q * ocs, ocs, accumulate);
            if (q < cols && MaskedTails<T>())
            {
                AxpyBlockMasked(k, xr, xcs, y + q, yrs, orow + q * ocs, ocs, cols - q, accumulate);
                continue;
            }
            for (; q < cols; q++)
            {
                T s = T.Zero;
                T* yq = y + q;
                for (int p = 0; p < k; p++) s = T.FusedMultiplyAdd(xr[p * xcs], yq[p * yrs], s);
                T* out1 = orow + q * ocs;
                *out1 = accumulate ? *out1 + s : s;
            }
        }
    }

    /// <summary>
    /// One long output row, for few rows: y is read row after row in memory order (four rows per pass over
    /// the output, which stays in L1) instead of in column strips, so that prefetching keeps up when y is
    /// large. Register accumulation would walk y in 4-vector-wide strips down all k rows.
    /// </summary>
    private static unsafe void AxpyStream<T>(int cols, int k, T* x, nint xcs, T* y, nint yrs, T* o, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count;
        if (!accumulate) new Span<T>(o, cols).Clear();
        int p = 0;
        for (; p + 4 <= k; p += 4, x += 4 * xcs, y += 4 * yrs)
        {
            Vector<T> x0 = new(*x), x1 = new(x[xcs]), x2 = new(x[2 * xcs]), x3 = new(x[3 * xcs]);
            T* y1 = y + yrs, y2 = y1 + yrs, y3 = y2 + yrs;
            int q = 0;
            for (; q + w <= cols; q += w)
            {
                var s = Fma(x0, Vector.Load(y + q), Vector.Load(o + q));
                s = Fma(x1, Vector.Load(y1 + q), s);
                s = Fma(x2, Vector.Load(y2 + q), s);
                Fma(x3, Vector.Load(y3 + q), s).Store(o + q);
            }
            for (; q < cols; q++)
                o[q] += x[0] * y[q] + x[xcs] * y1[q] + x[2 * xcs] * y2[q] + x[3 * xcs] * y3[q];
        }
        for (; p < k; p++, x += xcs, y += yrs)
        {
            var xp = new Vector<T>(*x);
            int q = 0;
            for (; q + w <= cols; q += w) Fma(xp, Vector.Load(y + q), Vector.Load(o + q)).Store(o + q);
            for (; q < cols; q++) o[q] += *x * y[q];
        }
    }

    /// <summary>Four vectors of outputs: four independent FMA chains hide the FMA latency.</summary>
    private static unsafe void AxpyBlock4<T>(int k, T* x, nint xcs, T* y, nint yrs, T* o, nint ocs, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint w = Vector<T>.Count;
        Vector<T> s0 = default, s1 = default, s2 = default, s3 = default;
        for (int p = 0; p < k; p++, x += xcs, y += yrs)
        {
            var xp = new Vector<T>(*x);
            s0 = Fma(xp, Vector.Load(y), s0);
            s1 = Fma(xp, Vector.Load(y + w), s1);
            s2 = Fma(xp, Vector.Load(y + 2 * w), s2);
            s3 = Fma(xp, Vector.Load(y + 3 * w), s3);
        }
        Put(o, ocs, s0, accumulate);
        Put(o + w * ocs, ocs, s1, accumulate);
        Put(o + 2 * w * ocs, ocs, s2, accumulate);
        Put(o + 3 * w * ocs, ocs, s3, accumulate);
    }

    /// <summary>One vector of outputs; four partial sums over interleaved p keep four FMA chains in flight.</summary>
    private static unsafe void AxpyBlock1<T>(int k, T* x, nint xcs, T* y, nint yrs, T* o, nint ocs, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<T> s0 = default, s1 = default, s2 = default, s3 = default;
        int p = 0;
        for (; p + 4 <= k; p += 4, x += 4 * xcs, y += 4 * yrs)
        {
            s0 = Fma(new Vector<T>(*x), Vector.Load(y), s0);
            s1 = Fma(new Vector<T>(x[xcs]), Vector.Load(y + yrs), s1);
            s2 = Fma(new Vector<T>(x[2 * xcs]), Vector.Load(y + 2 * yrs), s2);
            s3 = Fma(new Vector<T>(x[3 * xcs]), Vector.Load(y + 3 * yrs), s3);
        }
        for (; p < k; p++, x += xcs, y += yrs) s0 = Fma(new Vector<T>(*x), Vector.Load(y), s0);
        Put(o, ocs, (s0 + s1) + (s2 + s3), accumulate);
    }

    /// <summary>The last count (&lt; one vector) outputs of a row, with masked loads that never touch what lies past them.</summary>
    private static unsafe void AxpyBlockMasked<T>(int k, T* x, nint xcs, T* y, nint yrs, T* o, nint ocs, int count, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<T> mask = TailMask<T>(count), s0 = default, s1 = default, s2 = default, s3 = default;
        int p = 0;
        for (; p + 4 <= k; p += 4, x += 4 * xcs, y += 4 * yrs)
        {
            s0 = Fma(Vector256.Create(*x), MaskLoad(y, mask), s0);
            s1 = Fma(Vector256.Create(x[xcs]), MaskLoad(y + yrs, mask), s1);
            s2 = Fma(Vector256.Create(x[2 * xcs]), MaskLoad(y + 2 * yrs, mask), s2);
            s3 = Fma(Vector256.Create(x[3 * xcs]), MaskLoad(y + 3 * yrs, mask), s3);
        }
        for (; p < k; p++, x += xcs, y += yrs) s0 = Fma(Vector256.Create(*x), MaskLoad(y, mask), s0);
        Vector256<T> s = (s0 + s1) + (s2 + s3);
        if (ocs == 1)
        {
            if (accumulate) s += MaskLoad(o, mask);
            MaskStore(o, mask, s);
            return;
        }
        for (int l = 0; l < count; l++, o += ocs) *o = accumulate ? *o + s[l] : s[l];
    }

    /// <summary>Stores (or adds) one vector of outputs, scattering when they are not contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Put<T>(T* o, nint stride, Vector<T> s, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (stride == 1)
        {
            if (accumulate) s += Vector.Load(o);
            s.Store(o);
            return;
        }
        for (int l = 0; l < Vector<T>.Count; l++, o += stride) *o = accumulate ? *o + s[l] : s[l];
    }
}
