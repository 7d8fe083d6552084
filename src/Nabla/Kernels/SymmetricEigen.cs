using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations: slower than
/// tridiagonalisation for large n but simple and accurate (small eigenvalues keep their relative
/// accuracy). Each rotation zeroes one off-diagonal pair; sweeps over all pairs repeat until none
/// is left above rounding level, which takes a handful of sweeps (convergence is quadratic).
/// </summary>
internal static class SymmetricEigen
{
    private const int MaxSweeps = 100;

    /// <summary>
    /// Diagonalises <paramref name="a"/> (n×n, symmetric, row-major; destroyed): eigenvalues ascending in
    /// <paramref name="values"/>, eigenvector j in column j of <paramref name="vectors"/> (n×n, row-major).
    /// Returns false when the sweeps did not converge (a NaN or infinite input).
    /// </summary>
    public static bool Decompose<T>(Span<T> a, int n, Span<T> values, Span<T> vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vt = new T[n * n].AsSpan();   // Vᵀ: a rotation then updates two contiguous rows
        for (int i = 0; i < n; i++) vt[i * n + i] = T.One;
        var scratch = new T[n].AsSpan();
        T eps = MatrixBatch.Epsilon<T>();
        bool converged = false;
        for (int sweep = 0; sweep < MaxSweeps && !converged; sweep++)
        {
            converged = true;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    T apq = a[p * n + q];
                    if (apq == T.Zero) continue;
                    T app = a[p * n + p], aqq = a[q * n + q];
                    // Below rounding level relative to the diagonal: setting it to zero changes no eigenvalue's
                    // relative accuracy (Demmel and Veselić's criterion).
                    if (T.Abs(apq) <= eps * T.Sqrt(T.Abs(app)) * T.Sqrt(T.Abs(aqq)))
                    {
                        a[p * n + q] = a[q * n + p] = T.Zero;
                        continue;
                    }
                    converged = false;
                    Rotate(a, vt, scratch, n, p, q, app, aqq, apq);
                }
        }
        for (int i = 0; i < n; i++) values[i] = a[i * n + i];
        SortAscending(values, vt, n, vectors);
        return converged;
    }

    // The rotation J in the (p, q) plane with (JᵀAJ)_pq = 0: t = tan θ is the smaller root of t² + 2τt - 1 = 0.
    private static void Rotate<T>(Span<T> a, Span<T> vt, Span<T> scratch, int n, int p, int q, T app, T aqq, T apq) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T tau = (aqq - app) / (apq + apq);
        T t = tau == T.Zero ? T.One : T.CopySign(T.One, tau) / (T.Abs(tau) + T.Hypot(T.One, tau));
        T c = T.One / T.Hypot(T.One, t), s = t * c;
        RotateRows(a.Slice(p * n, n), a.Slice(q * n, n), c, s, scratch);
        for (int r = 0; r < n; r++)
        {
            a[r * n + p] = a[p * n + r];   // the same rotation of the columns, by symmetry
            a[r * n + q] = a[q * n + r];
        }
        a[p * n + p] = app - t * apq;
        a[q * n + q] = aqq + t * apq;
        a[p * n + q] = a[q * n + p] = T.Zero;
        RotateRows(vt.Slice(p * n, n), vt.Slice(q * n, n), c, s, scratch);
    }

    /// <summary>(x, y) ← (c x - s y, s x + c y), elementwise.</summary>
    internal static void RotateRows<T>(Span<T> x, Span<T> y, T c, T s, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var oldX = scratch[..x.Length];
        x.CopyTo(oldX);
        TensorPrimitives.Multiply(x, c, x);
        TensorPrimitives.MultiplyAdd(y, -s, x, x);
        TensorPrimitives.Multiply(y, c, y);
        TensorPrimitives.MultiplyAdd(oldX, s, y, y);
    }

    private static void SortAscending<T>(Span<T> values, ReadOnlySpan<T> vt, int n, Span<T> vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = values.ToArray();
        Array.Sort(order, (i, j) => keys[i].CompareTo(keys[j]));
        for (int j = 0; j < n; j++)
        {
            values[j] = keys[order[j]];
            for (int r = 0; r < n; r++) vectors[r * n + j] = vt[order[j] * n + r];
        }
    }

    /// <summary>
    /// Eigenvalues (ascending) and eigenvectors (columns) for a batch [..., n, n], reading only the lower
    /// triangle (or the upper one, with <paramref name="upper"/>) as LAPACK's syevd; vectors are null
    /// without <paramref name="computeVectors"/>. <c>Converged[i]</c> is false where matrix i did not converge.
    /// </summary>
    public static (Tensor Values, Tensor? Vectors, bool[] Converged) Decompose(Tensor a, bool upper, bool computeVectors)
    {
        int n = a.ShapeArray[^1];
        var symmetric = MatrixBatch.Copy(upper ? MatrixBatch.Transposed(a) : a, a.DType);   // now the lower triangle holds the data
        var values = Tensor.Uninitialized(a.DType, a.ShapeArray[..^1]);
        var vectors = Tensor.Uninitialized(a.DType, a.ShapeArray);
        var converged = new bool[MatrixBatch.Count(a.ShapeArray)];
        MatrixBatch.Run(a.DType, new DecomposeAction(symmetric, values, vectors, converged));
        return (values, computeVectors ? vectors : null, converged);
    }

    private readonly struct DecomposeAction(Tensor symmetric, Tensor values, Tensor vectors, bool[] converged) : IFloatAction
    {
        public void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = symmetric.ShapeArray[^1];
            var (a, w, v, ok) = (symmetric.Data<T>(), values.Data<T>(), vectors.Data<T>(), converged);
            MatrixBatch.ForEach(ok.Length, 40L * n * n * n, i =>
            {
                var m = a.AsSpan(i * n * n, n * n);
                for (int r = 0; r < n; r++)
                    for (int c = r + 1; c < n; c++) m[r * n + c] = m[c * n + r];   // mirror the lower triangle
                ok[i] = Decompose(m, n, w.AsSpan(i * n, n), v.AsSpan(i * n * n, n * n));
            });
        }
    }
}
