using System.Numerics;

namespace Nabla.Kernels;

/// <summary>Matrix products at tensor level (no autograd): float types through the packed GEMM.</summary>
internal static class MatrixProducts
{
    /// <summary>[m,k]·[k,n] → new contiguous [m,n]; operands may be any strided views (transposes cost nothing).</summary>
    public static Tensor Mm(Tensor a, Tensor b)
    {
        int m = a.ShapeArray[0], k = a.ShapeArray[1], n = b.ShapeArray[1];
        var c = Tensor.Uninitialized(a.DType, [m, n]);
        Dispatch.Run(a.DType, new MmAction(a, b, c, 0, 0, 0));
        return c;
    }

    /// <summary>[B,m,k]·[B,k,n] → new contiguous [B,m,n].</summary>
    public static Tensor Bmm(Tensor a, Tensor b)
    {
        int batch = a.ShapeArray[0], m = a.ShapeArray[1], n = b.ShapeArray[2];
        var c = Tensor.Uninitialized(a.DType, [batch, m, n]);
        for (int i = 0; i < batch; i++)
            Dispatch.Run(a.DType, new MmAction(a, b, c, i * a.StrideArray[0], i * b.StrideArray[0], i * m * n));
        return c;
    }

    // Runs one product; the batch offsets are added to the operands' own offsets, and the
    // matrix dims are always the last two.
    private readonly struct MmAction(Tensor a, Tensor b, Tensor c, int aShift, int bShift, int cOffset) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            int ra = a.Dim, rb = b.Dim;
            int m = a.ShapeArray[ra - 2], k = a.ShapeArray[ra - 1], n = b.ShapeArray[rb - 1];
            int aO = a.Offset + aShift, aR = a.StrideArray[ra - 2], aC = a.StrideArray[ra - 1];
            int bO = b.Offset + bShift, bR = b.StrideArray[rb - 2], bC = b.StrideArray[rb - 1];
            if (typeof(T) == typeof(float))
                Gemm.Multiply(m, n, k, a.Data<float>(), aO, aR, aC, b.Data<float>(), bO, bR, bC, c.Data<float>(), cOffset, n, accumulate: false);
            else if (typeof(T) == typeof(double))
                Gemm.Multiply(m, n, k, a.Data<double>(), aO, aR, aC, b.Data<double>(), bO, bR, bC, c.Data<double>(), cOffset, n, accumulate: false);
            else
                Naive(m, n, k, a.Data<T>(), aO, aR, aC, b.Data<T>(), bO, bR, bC, c.Data<T>(), cOffset);
        }
    }

    // Integer products are rare (indices, counts): a plain loop is enough.
    private static void Naive<T>(int m, int n, int k, T[] a, int aO, int aR, int aC, T[] b, int bO, int bR, int bC, T[] c, int cO)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s += a[aO + i * aR + p * aC] * b[bO + p * bR + j * bC];
                c[cO + i * n + j] = s;
            }
    }
}
