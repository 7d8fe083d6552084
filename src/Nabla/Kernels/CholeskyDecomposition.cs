using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// The Cholesky factor A = L Lᵀ of a symmetric positive-definite matrix (LAPACK's potrf), reading
/// only A's lower triangle. Row-major: entry (i, j) is a dot product of rows i and j of L, both
/// contiguous.
/// </summary>
internal static class CholeskyDecomposition
{
    /// <summary>
    /// Overwrites the lower triangle of <paramref name="a"/> (n×n, row-major) with L and zeroes the
    /// strict upper triangle. Returns 0, or the order of the first leading minor that is not positive
    /// definite (LAPACK's info), leaving the factor unfinished.
    /// </summary>
    public static int Factor<T>(Span<T> a, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < n; j++)
        {
            var rowJ = a.Slice(j * n, j);
            T d = a[j * n + j] - TensorPrimitives.Dot<T>(rowJ, rowJ);
            if (!(d > T.Zero)) return j + 1;   // also NaN
            T ljj = T.Sqrt(d);
            a[j * n + j] = ljj;
            a.Slice(j * n + j + 1, n - j - 1).Clear();
            for (int i = j + 1; i < n; i++)
                a[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot<T>(a.Slice(i * n, j), rowJ)) / ljj;
        }
        return 0;
    }

    /// <summary>
    /// L for a batch [..., n, n], read from the lower triangle (or, with <paramref name="upper"/>, the
    /// upper one, giving U = Lᵀ with A = Uᵀ U), and per matrix LAPACK's info.
    /// </summary>
    public static (Tensor Factor, int[] Info) Factor(Tensor a, bool upper)
    {
        var l = MatrixBatch.Copy(upper ? MatrixBatch.Transposed(a) : a, a.DType);
        var info = new int[MatrixBatch.Count(a.ShapeArray)];
        Dispatch.RunFloat(a.DType, new FactorAction(l, info));
        return (upper ? Compute.Clone(MatrixBatch.Transposed(l)) : l, info);
    }

    private readonly struct FactorAction(Tensor l, int[] info) : IFloatAction
    {
        public void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = l.ShapeArray[^1];
            var (data, result) = (l.Data<T>(), info);
            MatrixBatch.ForEach(result.Length, (long)n * n * n / 3, i => result[i] = Factor(data.AsSpan(i * n * n, n * n), n));
        }
    }
}
