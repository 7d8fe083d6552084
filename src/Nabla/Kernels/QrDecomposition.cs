using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Householder QR, A = Q R (LAPACK's geqrf then orgqr, with LAPACK's sign convention, so Q and R
/// match PyTorch's up to rounding). Reflector j is H = I - τ v vᵀ with v₀ = 1, chosen so that
/// H x = β e₁ with β = -sign(x₀)·‖x‖; a column already zero below the diagonal gets τ = 0 (H = I).
/// </summary>
internal static class QrDecomposition
{
    /// <summary>
    /// Factors <paramref name="a"/> (m×n, row-major) in place: R on and above the diagonal, the
    /// reflectors' vectors below it, their τ in <paramref name="tau"/> (min(m, n) of them).
    /// </summary>
    public static void Factor<T>(Span<T> a, int m, int n, Span<T> tau) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = Math.Min(m, n);
        Span<T> w = n <= 512 ? stackalloc T[n] : new T[n];
        for (int j = 0; j < k; j++)
        {
            T alpha = a[j * n + j], below = T.Zero;
            for (int i = j + 1; i < m; i++) below = T.Hypot(below, a[i * n + j]);
            (tau[j], T beta, T scale) = Reflector(alpha, below);
            if (tau[j] == T.Zero) continue;
            for (int i = j + 1; i < m; i++) a[i * n + j] *= scale;
            a[j * n + j] = beta;
            ApplyReflector(a, m, n, j, j + 1, tau[j], w[(j + 1)..]);
        }
    }

    /// <summary>
    /// The reflector H = I - τ v vᵀ that maps x = (α, x₁…) to β e₁, from α and ‖x₁…‖: τ, β = -sign(α)‖x‖,
    /// and the factor that turns x₁… into v₁… (v₀ = 1). τ = 0 (H = I) when x₁… is already zero.
    /// </summary>
    internal static (T Tau, T Beta, T Scale) Reflector<T>(T alpha, T belowNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (belowNorm == T.Zero) return (T.Zero, alpha, T.One);
        T beta = T.Hypot(alpha, belowNorm);
        if (!T.IsNegative(alpha)) beta = -beta;
        return ((beta - alpha) / beta, beta, T.One / (alpha - beta));
    }

    /// <summary>
    /// Q's first <paramref name="columns"/> columns (m×columns, row-major) from the reflectors that
    /// <see cref="Factor{T}"/> left in <paramref name="factored"/>: H₀ H₁ … applied to those columns of I.
    /// </summary>
    public static void FormQ<T>(ReadOnlySpan<T> factored, int m, int n, ReadOnlySpan<T> tau, Span<T> q, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        q.Slice(0, m * columns).Clear();
        for (int i = 0; i < Math.Min(m, columns); i++) q[i * columns + i] = T.One;
        Span<T> w = columns <= 512 ? stackalloc T[columns] : new T[columns];
        Span<T> v = m <= 512 ? stackalloc T[m] : new T[m];
        for (int j = tau.Length - 1; j >= 0; j--)
        {
            if (tau[j] == T.Zero) continue;
            v[j] = T.One;
            for (int i = j + 1; i < m; i++) v[i] = factored[i * n + j];
            // q[j:, j:] -= τ v (vᵀ q[j:, j:]); the columns before j are still those of I there.
            var wj = w[j..];
            wj.Clear();
            for (int i = j; i < m; i++) TensorPrimitives.MultiplyAdd(q.Slice(i * columns + j, columns - j), v[i], wj, wj);
            for (int i = j; i < m; i++) TensorPrimitives.MultiplyAdd(wj, -tau[j] * v[i], q.Slice(i * columns + j, columns - j), q.Slice(i * columns + j, columns - j));
        }
    }

    // Applies H = I - τ v vᵀ (v in column j of a, from row j, with v_j = 1) to columns from..n-1, rows j..m-1.
    private static void ApplyReflector<T>(Span<T> a, int m, int n, int j, int from, T tau, Span<T> w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = n - from;
        if (width == 0) return;
        w = w[..width];
        a.Slice(j * n + from, width).CopyTo(w);   // v_j = 1
        for (int i = j + 1; i < m; i++) TensorPrimitives.MultiplyAdd(a.Slice(i * n + from, width), a[i * n + j], w, w);
        TensorPrimitives.MultiplyAdd(w, -tau, a.Slice(j * n + from, width), a.Slice(j * n + from, width));
        for (int i = j + 1; i < m; i++) TensorPrimitives.MultiplyAdd(w, -tau * a[i * n + j], a.Slice(i * n + from, width), a.Slice(i * n + from, width));
    }

    /// <summary>
    /// Q and R for a batch [..., m, n]: with <paramref name="complete"/> Q is m×m and R m×n, else Q is
    /// m×k and R k×n (k = min(m, n)); without <paramref name="computeQ"/> Q is null.
    /// </summary>
    public static (Tensor? Q, Tensor R) Factor(Tensor a, bool complete, bool computeQ)
    {
        int m = a.ShapeArray[^2], n = a.ShapeArray[^1], k = Math.Min(m, n);
        int[] batch = a.ShapeArray[..^2];
        int qColumns = complete ? m : k, rRows = complete ? m : k;
        var factored = MatrixBatch.Copy(a, a.DType);
        var q = computeQ ? Tensor.Uninitialized(a.DType, [.. batch, m, qColumns]) : null;
        var r = MatrixBatch.Zeros(a.DType, [.. batch, rRows, n]);
        Dispatch.RunFloat(a.DType, new FactorAction(factored, q, r));
        return (q, r);
    }

    private readonly struct FactorAction(Tensor factored, Tensor? q, Tensor r) : IFloatAction
    {
        public void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int m = factored.ShapeArray[^2], n = factored.ShapeArray[^1], k = Math.Min(m, n);
            int qColumns = q?.ShapeArray[^1] ?? 0, rRows = r.ShapeArray[^2];
            var (a, qs, rs) = (factored.Data<T>(), q?.Data<T>(), r.Data<T>());
            MatrixBatch.ForEach(MatrixBatch.Count(factored.ShapeArray), 2L * m * n * k, i =>
            {
                var matrix = a.AsSpan(i * m * n, m * n);
                Span<T> tau = k <= 512 ? stackalloc T[k] : new T[k];
                Factor(matrix, m, n, tau);
                var rOut = rs.AsSpan(i * rRows * n, rRows * n);
                for (int row = 0; row < k; row++)   // rows from k on (complete mode, m > n) stay zero
                    matrix.Slice(row * n + row, n - row).CopyTo(rOut.Slice(row * n + row));
                if (qs is not null) FormQ<T>(matrix, m, n, tau, qs.AsSpan(i * m * qColumns, m * qColumns), qColumns);
            });
        }
    }
}
