using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Substitution with a triangular matrix (LAPACK's trsm): X with A X = B, or X A = B. As LAPACK, a
/// zero on the diagonal is not checked: it gives infinities or NaN.
/// </summary>
internal static class TriangularSolve
{
    /// <summary>Solves A X = B in place in <paramref name="b"/> (n×k, row-major), A upper or lower triangular (n×n, row-major).</summary>
    public static void Solve<T>(ReadOnlySpan<T> a, int n, Span<T> b, int k, bool upper, bool unitriangular) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int step = 0; step < n; step++)
        {
            int i = upper ? n - 1 - step : step;   // back substitution from the bottom, forward from the top
            var row = b.Slice(i * k, k);
            int from = upper ? i + 1 : 0, to = upper ? n : i;
            for (int j = from; j < to; j++)
                if (a[i * n + j] != T.Zero) TensorPrimitives.MultiplyAdd(b.Slice(j * k, k), -a[i * n + j], row, row);
            if (!unitriangular) TensorPrimitives.Divide(row, a[i * n + i], row);
        }
    }

    /// <summary>
    /// X for a batch: <paramref name="a"/> [batch, n, n] and <paramref name="b"/> [batch, n, k] (or
    /// [batch, k, n] when not <paramref name="left"/>), broadcast to one batch. X A = B is solved as
    /// Aᵀ Xᵀ = Bᵀ, where Aᵀ has the other triangle.
    /// </summary>
    public static Tensor Solve(Tensor a, Tensor b, bool upper, bool left, bool unitriangular)
    {
        var factor = MatrixBatch.Copy(left ? a : MatrixBatch.Transposed(a), a.DType);
        var x = MatrixBatch.Copy(left ? b : MatrixBatch.Transposed(b), a.DType);
        Dispatch.RunFloat(a.DType, new SolveAction(factor, x, left ? upper : !upper, unitriangular));
        return left ? x : Compute.Clone(MatrixBatch.Transposed(x));
    }

    private readonly struct SolveAction(Tensor a, Tensor x, bool upper, bool unitriangular) : IFloatAction
    {
        public void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = a.ShapeArray[^1], k = x.ShapeArray[^1];
            var (factors, rhs, isUpper, unit) = (a.Data<T>(), x.Data<T>(), upper, unitriangular);
            MatrixBatch.ForEach(MatrixBatch.Count(a.ShapeArray), (long)n * n * k,
                i => Solve<T>(factors.AsSpan(i * n * n, n * n), n, rhs.AsSpan(i * n * k, n * k), k, isUpper, unit));
        }
    }
}
