using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>The loop orders of the direct path, named by the dimension they vectorise over.</summary>
    private enum DirectForm { Naive, Rows, Columns, Dots }

    /// <summary>
    /// Small or skinny products, without packing. Three loop orders each vectorise over one dimension and
    /// need one operand contiguous along it: rows of C as axpys over rows of B (n), columns of C as axpys
    /// over columns of A (m), or dot products of rows of A with columns of B (k).
    /// </summary>
    private static unsafe void Direct<T>(in View<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        (DirectForm form, bool copyA, bool copyB) = ChooseForm(v);
        if (!copyA && !copyB) { RunForm(form, v); return; }
        int aLength = copyA ? v.M * v.K : 0, bLength = copyB ? v.K * v.N : 0;
        T[] scratch = ArrayPool<T>.Shared.Rent(aLength + bLength);
        try
        {
            fixed (T* s = scratch) RunForm(form, MakeContiguous(v, form, copyA ? s : null, copyB ? s + aLength : null));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// The form whose operands are already contiguous with the longest vector dimension, if that fills
    /// four vectors. Otherwise dot products if k does (they stream both operands in memory order, whatever
    /// their strides), else the longest dimension; either one only if copying its operands contiguous costs
    /// at most a quarter of the product.
    /// </summary>
    private static (DirectForm Form, bool CopyA, bool CopyB) ChooseForm<T>(in View<T> v) where T : unmanaged
    {
        int full = 4 * Vector<T>.Count;
        DirectForm ready = DirectForm.Naive;
        int readyLength = 0;
        if (v.Bcs == 1 && v.N > readyLength) (ready, readyLength) = (DirectForm.Rows, v.N);
        if (v.Acs == 1 && v.Brs == 1 && v.K > readyLength) (ready, readyLength) = (DirectForm.Dots, v.K);
        if (v.Ars == 1 && v.M > readyLength) (ready, readyLength) = (DirectForm.Columns, v.M);
        if (readyLength >= full) return (ready, false, false);

        bool copyA = false, copyB = false;
        DirectForm want;
        int length;
        if (v.K >= full || (v.K >= v.N && v.K >= v.M)) (want, length, copyA, copyB) = (DirectForm.Dots, v.K, v.Acs != 1, v.Brs != 1);
        else if (v.N >= v.M) (want, length, copyB) = (DirectForm.Rows, v.N, v.Bcs != 1);
        else (want, length, copyA) = (DirectForm.Columns, v.M, v.Ars != 1);
        long copied = (copyA ? (long)v.M * v.K : 0) + (copyB ? (long)v.K * v.N : 0);
        // (Stride-0 operands can make a contiguous copy far larger than the array; those stay uncopied.)
        if (length > readyLength && copied * 4 <= (long)v.M * v.N * v.K && copied <= Array.MaxLength / 2)
            return (want, copyA, copyB);
        return (ready, false, false);
    }

    /// <summary>Copies contiguous the operands given a destination; returns the product over the copies.</summary>
    private static unsafe View<T> MakeContiguous<T>(in View<T> v, DirectForm form, T* aCopy, T* bCopy)
        where T : unmanaged
    {
        T* a = v.A, b = v.B;
        nint ars = v.Ars, acs = v.Acs, brs = v.Brs, bcs = v.Bcs;
        if (aCopy != null && form == DirectForm.Columns)
        {
            Copy(a, acs, ars, v.K, v.M, aCopy); // column-major
            a = aCopy; ars = 1; acs = v.M;
        }
        else if (aCopy != null)
        {
            Copy(a, ars, acs, v.M, v.K, aCopy); // row-major
            a = aCopy; ars = v.K; acs = 1;
        }
        if (bCopy != null && form == DirectForm.Rows)
        {
            Copy(b, brs, bcs, v.K, v.N, bCopy); // row-major
            b = bCopy; brs = v.N; bcs = 1;
        }
        else if (bCopy != null)
        {
            Copy(b, bcs, brs, v.N, v.K, bCopy); // column-major
            b = bCopy; brs = 1; bcs = v.K;
        }
        return new View<T>(v.M, v.N, v.K, a, ars, acs, b, brs, bcs, v.C, v.Ldc, v.Accumulate);
    }

    /// <summary>dst[r·cols + q] = src[r·rs + q·cs]: a rows×cols matrix made row-major.</summary>
    private static unsafe void Copy<T>(T* src, nint rs, nint cs, int rows, int cols, T* dst) where T : unmanaged
    {
        for (int r = 0; r < rows; r++, dst += cols)
        {
            T* s = src + r * rs;
            for (int q = 0; q < cols; q++) dst[q] = s[q * cs];
        }
    }

    private static unsafe void RunForm<T>(DirectForm form, in View<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (form)
        {
            case DirectForm.Rows:
                Axpys(v.M, v.N, v.K, v.A, v.Ars, v.Acs, v.B, v.Brs, v.C, v.Ldc, 1, v.Accumulate);
                break;
            case DirectForm.Columns: // Cᵀ = Bᵀ·Aᵀ, whose "rows of B" are the contiguous columns of A
                Axpys(v.N, v.M, v.K, v.B, v.Bcs, v.Brs, v.A, v.Acs, v.C, 1, v.Ldc, v.Accumulate);
                break;
            case DirectForm.Dots:
                Dots(v);
                break;
            default:
                Naive(v);
                break;
        }
    }

    /// <summary>Every C(i, j) as a contiguous dot product of row i of A with column j of B.</summary>
    private static unsafe void Dots<T>(in View<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < v.M; i++)
        {
            T* a = v.A + i * v.Ars;
            T* c = v.C + i * v.Ldc;
            for (int j = 0; j < v.N; j++)
            {
                T s = Dot(a, v.B + j * v.Bcs, v.K);
                c[j] = v.Accumulate ? c[j] + s : s;
            }
        }
    }

    /// <summary>Σ x[p]·y[p] with four vector accumulators, enough to hide the FMA latency.</summary>
    private static unsafe T Dot<T>(T* x, T* y, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, p = 0;
        Vector<T> s0 = default, s1 = default, s2 = default, s3 = default;
        for (; p + 4 * w <= k; p += 4 * w)
        {
            s0 = Fma(Vector.Load(x + p), Vector.Load(y + p), s0);
            s1 = Fma(Vector.Load(x + p + w), Vector.Load(y + p + w), s1);
            s2 = Fma(Vector.Load(x + p + 2 * w), Vector.Load(y + p + 2 * w), s2);
            s3 = Fma(Vector.Load(x + p + 3 * w), Vector.Load(y + p + 3 * w), s3);
        }
        for (; p + w <= k; p += w) s0 = Fma(Vector.Load(x + p), Vector.Load(y + p), s0);
        if (p < k && MaskedTails<T>())
        {
            Vector256<T> mask = TailMask<T>(k - p);
            s1 = Fma(MaskLoad(x + p, mask), MaskLoad(y + p, mask), s1.AsVector256()).AsVector();
            p = k;
        }
        T s = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; p < k; p++) s = T.FusedMultiplyAdd(x[p], y[p], s);
        return s;
    }

    /// <summary>Any strides, scalar: only for products too small for any vector form.</summary>
    private static unsafe void Naive<T>(in View<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < v.M; i++)
        {
            for (int j = 0; j < v.N; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < v.K; p++) s = T.FusedMultiplyAdd(v.A[i * v.Ars + p * v.Acs], v.B[p * v.Brs + j * v.Bcs], s);
                T* c = v.C + i * v.Ldc + j;
                *c = v.Accumulate ? *c + s : s;
            }
        }
    }
}
