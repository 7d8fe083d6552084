using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// LU decomposition with partial pivoting, PA = LU (LAPACK's getrf), and what it gives: solves,
/// inverses and determinants. Matrices are row-major n×n blocks; row operations are contiguous
/// spans, so the inner loops are TensorPrimitives calls.
/// </summary>
internal static class LuDecomposition
{
    /// <summary>
    /// Factors <paramref name="a"/> in place: the unit lower factor L below the diagonal, U on and above
    /// it; <c>pivots[k]</c> is the row swapped with row k at step k. Returns 0, or as LAPACK the 1-based
    /// index of the first exactly zero pivot (the factorisation still completes, so the determinant is 0).
    /// </summary>
    public static int Factor<T>(Span<T> a, int n, Span<int> pivots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int info = 0;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            T largest = T.Abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++)
            {
                T v = T.Abs(a[i * n + k]);
                if (v > largest) (largest, p) = (v, i);
            }
            pivots[k] = p;
            if (p != k) MatrixBatch.Swap(a.Slice(k * n, n), a.Slice(p * n, n));
            T pivot = a[k * n + k];
            if (pivot == T.Zero)
            {
                if (info == 0) info = k + 1;
                continue;
            }
            T reciprocal = T.One / pivot;   // as LAPACK: one division, then products
            var pivotRow = a.Slice(k * n + k + 1, n - k - 1);
            for (int i = k + 1; i < n; i++)
            {
                T l = a[i * n + k] * reciprocal;
                a[i * n + k] = l;
                if (l != T.Zero)
                {
                    var row = a.Slice(i * n + k + 1, n - k - 1);
                    TensorPrimitives.MultiplyAdd(pivotRow, -l, row, row);   // row -= l·pivot row
                }
            }
        }
        return info;
    }

    /// <summary>Solves A X = B in place in <paramref name="b"/> (n×k, row-major) from A's factors.</summary>
    public static void Solve<T>(ReadOnlySpan<T> lu, int n, ReadOnlySpan<int> pivots, Span<T> b, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < n; i++)
            if (pivots[i] != i) MatrixBatch.Swap(b.Slice(i * k, k), b.Slice(pivots[i] * k, k));
        for (int i = 1; i < n; i++)   // L y = P b, L unit lower
        {
            var row = b.Slice(i * k, k);
            for (int j = 0; j < i; j++)
                if (lu[i * n + j] != T.Zero) TensorPrimitives.MultiplyAdd(b.Slice(j * k, k), -lu[i * n + j], row, row);
        }
        for (int i = n - 1; i >= 0; i--)   // U x = y
        {
            var row = b.Slice(i * k, k);
            for (int j = i + 1; j < n; j++)
                if (lu[i * n + j] != T.Zero) TensorPrimitives.MultiplyAdd(b.Slice(j * k, k), -lu[i * n + j], row, row);
            TensorPrimitives.Divide(row, lu[i * n + i], row);
        }
    }

    /// <summary>
    /// Solves A X = B in place in <paramref name="b"/> from the factors of Aᵀ (P Aᵀ = L U, so A = Uᵀ Lᵀ P):
    /// Uᵀ y = B forward, Lᵀ z = y backward, then X = Pᵀ z.
    /// </summary>
    public static void SolveTransposed<T>(ReadOnlySpan<T> lu, int n, ReadOnlySpan<int> pivots, Span<T> b, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < n; i++)   // Uᵀ, lower triangular: row i of Uᵀ is column i of U
        {
            var row = b.Slice(i * k, k);
            for (int j = 0; j < i; j++)
                if (lu[j * n + i] != T.Zero) TensorPrimitives.MultiplyAdd(b.Slice(j * k, k), -lu[j * n + i], row, row);
            TensorPrimitives.Divide(row, lu[i * n + i], row);
        }
        for (int i = n - 2; i >= 0; i--)   // Lᵀ, unit upper triangular
        {
            var row = b.Slice(i * k, k);
            for (int j = i + 1; j < n; j++)
                if (lu[j * n + i] != T.Zero) TensorPrimitives.MultiplyAdd(b.Slice(j * k, k), -lu[j * n + i], row, row);
        }
        for (int i = n - 1; i >= 0; i--)
            if (pivots[i] != i) MatrixBatch.Swap(b.Slice(i * k, k), b.Slice(pivots[i] * k, k));
    }

    /// <summary>det A from its factors: the product of U's diagonal times det P (±1), as PyTorch forms it (so a singular A with an odd permutation gives -0).</summary>
    public static T Determinant<T>(ReadOnlySpan<T> lu, int n, ReadOnlySpan<int> pivots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T product = T.One;
        for (int i = 0; i < n; i++) product *= lu[i * n + i];
        return product * PermutationSign<T>(pivots);
    }

    /// <summary>(sign det A, log |det A|) from its factors: the log of a product is a sum, so it neither overflows nor underflows; a singular A has sign ±0 and log -∞.</summary>
    public static (T Sign, T LogAbs) LogDeterminant<T>(ReadOnlySpan<T> lu, int n, ReadOnlySpan<int> pivots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sign = T.One, logAbs = T.Zero;
        for (int i = 0; i < n; i++)
        {
            T u = lu[i * n + i];
            sign *= u == T.Zero ? T.Zero : T.IsNegative(u) ? -T.One : T.One;
            logAbs += T.Log(T.Abs(u));
        }
        return (sign * PermutationSign<T>(pivots), logAbs);
    }

    private static T PermutationSign<T>(ReadOnlySpan<int> pivots) where T : IFloatingPointIeee754<T>
    {
        int swaps = 0;
        for (int i = 0; i < pivots.Length; i++) if (pivots[i] != i) swaps++;
        return swaps % 2 == 0 ? T.One : -T.One;
    }

    // ---- at tensor level ----------------------------------------------------------------------

    // PyTorch factors Aᵀ rather than A when A is contiguous (LAPACK is column-major, so that saves a copy).
    // The ops pass the same choice, so that which exactly singular matrices stop at which pivot (the info
    // in the error message) is PyTorch's, and det's rounding too.

    /// <summary>
    /// X with A X = B for a batch: <paramref name="a"/> [batch, n, n] and <paramref name="b"/> [batch, n, k],
    /// both already broadcast to one batch, factoring Aᵀ when <paramref name="factorTranspose"/>. Returns X and,
    /// per matrix, LAPACK's info (0: solved).
    /// </summary>
    public static (Tensor X, int[] Info) Solve(Tensor a, Tensor b, bool factorTranspose)
    {
        var info = new int[MatrixBatch.Count(a.ShapeArray)];
        var x = MatrixBatch.Copy(b, a.DType);
        Dispatch.RunFloat(a.DType, new SolveAction(Factorable(a, factorTranspose), x, info, identity: false, factorTranspose));
        return (x, info);
    }

    /// <summary>A⁻¹ for a batch [..., n, n] (A X = I), and per matrix LAPACK's info (the 1-based index of a zero pivot, or 0).</summary>
    public static (Tensor Inverse, int[] Info) Inverse(Tensor a, bool factorTranspose)
    {
        var info = new int[MatrixBatch.Count(a.ShapeArray)];
        var x = MatrixBatch.Zeros(a.DType, a.ShapeArray);
        Dispatch.RunFloat(a.DType, new SolveAction(Factorable(a, factorTranspose), x, info, identity: true, factorTranspose));
        return (x, info);
    }

    private static Tensor Factorable(Tensor a, bool transpose) => MatrixBatch.Copy(transpose ? MatrixBatch.Transposed(a) : a, a.DType);

    // With identity, x holds zeros and each right-hand side becomes I first; with transposed, lu holds Aᵀ's factors.
    private readonly struct SolveAction(Tensor lu, Tensor x, int[] info, bool identity, bool transposed) : IFloatAction
    {
        public void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = lu.ShapeArray[^1], k = x.ShapeArray[^1];
            var (a, b, result, identityRhs, ofTranspose) = (lu.Data<T>(), x.Data<T>(), info, identity, transposed);
            MatrixBatch.ForEach(info.Length, (long)n * n * (n + k), i =>
            {
                var m = a.AsSpan(i * n * n, n * n);
                var rhs = b.AsSpan(i * n * k, n * k);
                Span<int> pivots = n <= 256 ? stackalloc int[n] : new int[n];
                result[i] = Factor(m, n, pivots);
                if (result[i] != 0) return;
                if (identityRhs) for (int j = 0; j < n; j++) rhs[j * k + j] = T.One;
                if (ofTranspose) SolveTransposed<T>(m, n, pivots, rhs, k);
                else Solve<T>(m, n, pivots, rhs, k);
            });
        }
    }

    /// <summary>det A (or, with <paramref name="logarithmic"/>, sign and log |det A|) for a batch [..., n, n], from the factors of A or Aᵀ.</summary>
    public static (Tensor Value, Tensor? LogAbs) Determinant(Tensor a, bool logarithmic, bool factorTranspose)
    {
        int[] batch = a.ShapeArray[..^2];
        var value = Tensor.Uninitialized(a.DType, batch);
        var logAbs = logarithmic ? Tensor.Uninitialized(a.DType, batch) : null;
        Dispatch.RunFloat(a.DType, new DeterminantAction(Factorable(a, factorTranspose), value, logAbs));
        return (value, logAbs);
    }

    private readonly struct DeterminantAction(Tensor lu, Tensor value, Tensor? logAbs) : IFloatAction
    {
        public void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = lu.ShapeArray[^1];
            var (a, values, logs) = (lu.Data<T>(), value.Data<T>(), logAbs?.Data<T>());
            MatrixBatch.ForEach(MatrixBatch.Count(lu.ShapeArray), (long)n * n * n, i =>
            {
                var m = a.AsSpan(i * n * n, n * n);
                Span<int> pivots = n <= 256 ? stackalloc int[n] : new int[n];
                Factor(m, n, pivots);
                if (logs is null) values[i] = Determinant<T>(m, n, pivots);
                else (values[i], logs[i]) = LogDeterminant<T>(m, n, pivots);
            });
        }
    }
}
