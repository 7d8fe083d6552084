using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Eigenvalues and eigenvectors of a symmetric matrix in the two steps LAPACK's syev takes: Householder
/// reflections reduce A to a tridiagonal T = Qᵀ A Q, then implicit QL sweeps diagonalise T, each a chase
/// of Givens rotations up the tridiagonal with a shift from its leading 2×2 block. The rotations, applied
/// to the rows of Qᵀ, turn them into the eigenvectors. O(n³), with contiguous row operations throughout.
/// </summary>
internal static class SymmetricEigen
{
    private const int MaxSweepsPerEigenvalue = 30;

    /// <summary>
    /// Diagonalises <paramref name="a"/> (n×n, symmetric, row-major; destroyed): eigenvalues ascending in
    /// <paramref name="values"/>, eigenvector j in column j of <paramref name="vectors"/> (n×n, row-major; empty:
    /// values only, which skips all the work on vectors). Returns false when the sweeps did not converge.
    /// </summary>
    public static bool Decompose<T>(Span<T> a, int n, Span<T> values, Span<T> vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var zt = vectors.IsEmpty ? [] : new T[n * n].AsSpan();   // Zᵀ: Qᵀ at first, then row j is eigenvector j
        var offDiagonal = new T[n].AsSpan();   // e[i] couples i and i + 1; e[n - 1] stays 0
        Tridiagonalise(a, n, values, offDiagonal, zt);
        bool converged = DiagonaliseTridiagonal(values, offDiagonal, zt, n);
        SortAscending(values, zt, n, vectors);
        return converged;
    }

    // Reflector k = I - τ v vᵀ acts on rows and columns k+1.. and zeroes row (and column) k past k+1, so that
    // A ← H A H keeps it symmetric; the update is the rank-2 A ← A - v wᵀ - w vᵀ with p = τ A v and
    // w = p - (τ/2)(pᵀv) v. Row k's tail is the reflected vector x (by symmetry, column k's), and afterwards
    // holds v (past v₀ = 1) for building Qᵀ = H_{n-3}⋯H₀.
    private static void Tridiagonalise<T>(Span<T> a, int n, Span<T> d, Span<T> e, Span<T> qt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var taus = new T[Math.Max(n - 2, 0)];
        var v = new T[n].AsSpan();
        var p = new T[n].AsSpan();
        for (int k = 0; k + 2 < n; k++)
        {
            int m = n - k - 1;
            var x = a.Slice(k * n + k + 1, m);
            var (tau, beta, scale) = QrDecomposition.Reflector(x[0], TensorPrimitives.Norm<T>(x[1..]));
            (taus[k], e[k]) = (tau, beta);
            if (tau == T.Zero) continue;
            TensorPrimitives.Multiply(x[1..], scale, x[1..]);
            var vk = v[..m];
            vk[0] = T.One;
            x[1..].CopyTo(vk[1..]);
            var pk = p[..m];
            for (int i = 0; i < m; i++) pk[i] = tau * TensorPrimitives.Dot<T>(a.Slice((k + 1 + i) * n + k + 1, m), vk);
            TensorPrimitives.MultiplyAdd(vk, -(tau / (T.One + T.One)) * TensorPrimitives.Dot<T>(pk, vk), pk, pk);   // now w
            for (int i = 0; i < m; i++)
            {
                var row = a.Slice((k + 1 + i) * n + k + 1, m);
                TensorPrimitives.MultiplyAdd(pk, -vk[i], row, row);
                TensorPrimitives.MultiplyAdd(vk, -pk[i], row, row);
            }
        }
        for (int i = 0; i < n; i++) d[i] = a[i * n + i];
        if (n >= 2) e[n - 2] = a[(n - 2) * n + n - 1];
        if (qt.IsEmpty) return;   // eigenvalues only
        for (int i = 0; i < n; i++) qt[i * n + i] = T.One;
        var w = p;
        for (int k = 0; k + 2 < n; k++)   // Qᵀ = H_{n-3}⋯H₀ I: H₀ first
        {
            if (taus[k] == T.Zero) continue;
            int m = n - k - 1;
            var tail = a.Slice(k * n + k + 2, m - 1);   // v₁… (v₀ = 1)
            qt.Slice((k + 1) * n, n).CopyTo(w);
            for (int i = 1; i < m; i++) TensorPrimitives.MultiplyAdd(qt.Slice((k + 1 + i) * n, n), tail[i - 1], w, w);
            TensorPrimitives.MultiplyAdd(w, -taus[k], qt.Slice((k + 1) * n, n), qt.Slice((k + 1) * n, n));
            for (int i = 1; i < m; i++) TensorPrimitives.MultiplyAdd(w, -taus[k] * tail[i - 1], qt.Slice((k + 1 + i) * n, n), qt.Slice((k + 1 + i) * n, n));
        }
    }

    // Implicit QL on the tridiagonal (d, e): for each l, sweep the unreduced block l..m until e[l] is below
    // rounding level relative to its neighbours, which makes d[l] an eigenvalue.
    private static bool DiagonaliseTridiagonal<T>(Span<T> d, Span<T> e, Span<T> zt, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T eps = MatrixBatch.Epsilon<T>();
        var scratch = new T[n].AsSpan();
        for (int l = 0; l < n; l++)
            for (int sweep = 0; ; sweep++)
            {
                int m = l;
                while (m < n - 1 && T.Abs(e[m]) > eps * (T.Abs(d[m]) + T.Abs(d[m + 1]))) m++;
                if (m == l) break;
                if (sweep == MaxSweepsPerEigenvalue) return false;
                QlSweep(d, e, zt, n, l, m, scratch);
            }
        return true;
    }

    // One implicit QL sweep over rows l..m with the shift σ = the eigenvalue of [[d_l, e_l], [e_l, d_l+1]]
    // nearest d_l: rotations from the bottom (m) up chase the bulge that starting with d_m - σ creates, each
    // rotation also applied to rows i, i+1 of Zᵀ.
    private static void QlSweep<T>(Span<T> d, Span<T> e, Span<T> zt, int n, int l, int m, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T two = T.One + T.One;
        T g = (d[l + 1] - d[l]) / (two * e[l]);
        T r = T.Hypot(g, T.One);
        g = d[m] - d[l] + e[l] / (g + T.CopySign(r, g));
        T sin = T.One, cos = T.One, shift = T.Zero;
        for (int i = m - 1; i >= l; i--)
        {
            T f = sin * e[i], b = cos * e[i];
            r = T.Hypot(f, g);
            e[i + 1] = r;
            if (r == T.Zero)   // the bulge vanished (underflow): the block splits here, and the next sweep goes on
            {
                d[i + 1] -= shift;
                e[m] = T.Zero;
                return;
            }
            (sin, cos) = (f / r, g / r);
            g = d[i + 1] - shift;
            r = (d[i] - g) * sin + two * cos * b;
            shift = sin * r;
            d[i + 1] = g + shift;
            g = cos * r - b;
            if (!zt.IsEmpty) RotateRows(zt.Slice(i * n, n), zt.Slice((i + 1) * n, n), cos, sin, scratch);
        }
        d[l] -= shift;
        e[l] = g;
        e[m] = T.Zero;
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
            if (!vectors.IsEmpty)
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
        var vectors = computeVectors ? Tensor.Uninitialized(a.DType, a.ShapeArray) : null;
        var converged = new bool[MatrixBatch.Count(a.ShapeArray)];
        Dispatch.RunFloat(a.DType, new DecomposeAction(symmetric, values, vectors, converged));
        return (values, vectors, converged);
    }

    private readonly struct DecomposeAction(Tensor symmetric, Tensor values, Tensor? vectors, bool[] converged) : IFloatAction
    {
        public void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = symmetric.ShapeArray[^1];
            var (a, w, v, ok) = (symmetric.Data<T>(), values.Data<T>(), vectors?.Data<T>(), converged);
            MatrixBatch.ForEach(ok.Length, 10L * n * n * n, i =>
            {
                var m = a.AsSpan(i * n * n, n * n);
                for (int r = 0; r < n; r++)
                    for (int c = r + 1; c < n; c++) m[r * n + c] = m[c * n + r];   // mirror the lower triangle
                ok[i] = Decompose(m, n, w.AsSpan(i * n, n), v is null ? [] : v.AsSpan(i * n * n, n * n));
            });
        }
    }
}
