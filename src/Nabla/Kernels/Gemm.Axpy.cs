using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// out(r, q) = (accumulate ? out(r, q) : 0) + Σ_p x(r, p)·y(p, q), where the rows of y are contiguous:
    /// vectorised over q, with the accumulators kept in registers across the whole p loop so each output is
    /// written once. The output may be strided along q (the transposed "columns" form scatters).
    /// </summary>
    private static unsafe void Axpys<T>(int rows, int cols, int k, T* x, nint xrs, nint xcs,
        T* y, nint yrs, T* o, nint ors, nint ocs, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count;
        for (int r = 0; r < rows; r++)
        {
            T* xr = x + r * xrs;
            T* orow = o + r * ors;
            int q = 0;
            for (; q + 4 * w <= cols; q += 4 * w) AxpyBlock4(k, xr, xcs, y + q, yrs, orow + q * ocs, ocs, accumulate);
            for (; q + w <= cols; q += w) AxpyBlock1(k, xr, xcs, y + q, yrs, orow + q * ocs, ocs, accumulate);
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

    /// <summary>Four vectors of outputs: four independent FMA chains hide the FMA latency.</summary>
    private static unsafe void AxpyBlock4<T>(int k, T* x, nint xcs, T* y, nint yrs, T* o, nint ocs, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint w = Vector<T>.Count;
        Vector<T> s0 = default, s1 = default, s2 = default, s3 = default;
        for (int p = 0; p < k; p++, x += xcs, y += yrs)
        {
            var xp = new Vector<T>(*x);
            s0 = KernelPortable.Fma(xp, Vector.Load(y), s0);
            s1 = KernelPortable.Fma(xp, Vector.Load(y + w), s1);
            s2 = KernelPortable.Fma(xp, Vector.Load(y + 2 * w), s2);
            s3 = KernelPortable.Fma(xp, Vector.Load(y + 3 * w), s3);
        }
        Put(o, ocs, s0, accumulate);
        Put(o + w * ocs, ocs, s1, accumulate);
        Put(o + 2 * w * ocs, ocs, s2, accumulate);
        Put(o + 3 * w * ocs, ocs, s3, accumulate);
    }

    private static unsafe void AxpyBlock1<T>(int k, T* x, nint xcs, T* y, nint yrs, T* o, nint ocs, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<T> s = default;
        for (int p = 0; p < k; p++, x += xcs, y += yrs) s = KernelPortable.Fma(new Vector<T>(*x), Vector.Load(y), s);
        Put(o, ocs, s, accumulate);
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
