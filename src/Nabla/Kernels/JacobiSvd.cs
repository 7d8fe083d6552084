using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// The singular value decomposition A = U diag(S) Vᵀ by one-sided Jacobi (Hestenes): rotations of
/// pairs of A's columns until all are orthogonal; the column norms are then the singular values, the
/// normalised columns U, and the accumulated rotations V. Accurate to the relative precision of the
/// data, including small singular values. The work is on a tall matrix (m ≥ n); a wide one is
/// decomposed through its transpose.
/// </summary>
internal static class JacobiSvd
{
    private const int MaxSweeps = 100;

    /// <summary>
    /// Decomposes the tall matrix whose <paramref name="count"/> columns are the rows of <paramref name="w"/>
    /// (each of <paramref name="length"/> ≥ count elements; destroyed). Writes the singular values in
    /// descending order to <paramref name="s"/>; with <paramref name="vectors"/>, the right singular
    /// vectors as its rows (count×count) and the left ones as the first rows of <paramref name="ut"/>
    /// (<paramref name="want"/>×length, completed to an orthonormal set where singular values are zero or
    /// want exceeds count). Returns false if the sweeps did not converge (a NaN or infinite input).
    /// </summary>
    public static bool Decompose<T>(Span<T> w, int count, int length, Span<T> s, bool vectors, Span<T> ut, int want, Span<T> vt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (vectors)
        {
            vt.Clear();
            for (int i = 0; i < count; i++) vt[i * count + i] = T.One;
        }
        if (!AllFinite<T>(w[..(count * length)])) return false;   // rotations would never converge; the caller reports it
        var scratch = new T[length].AsSpan();
        bool converged = Orthogonalise(w, count, length, vectors ? vt : [], scratch);
        var norms = new T[count];
        for (int i = 0; i < count; i++) norms[i] = TensorPrimitives.Norm<T>(w.Slice(i * length, length));
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Array.Sort(order, (i, j) => norms[j].CompareTo(norms[i]));
        for (int j = 0; j < count; j++) s[j] = norms[order[j]];
        if (!vectors) return converged;

        var sortedVt = new T[count * count];
        for (int j = 0; j < count; j++) vt.Slice(order[j] * count, count).CopyTo(sortedVt.AsSpan(j * count));
        sortedVt.CopyTo(vt);
        var valid = new bool[want];
        for (int j = 0; j < count; j++)
        {
            T sigma = norms[order[j]];
            // Converged columns are orthogonal relative to their own norms, so any nonzero one normalises
            // into an orthonormal set; only exact zeros (and subnormals) need a replacement.
            valid[j] = T.IsNormal(sigma);
            if (valid[j]) TensorPrimitives.Divide(w.Slice(order[j] * length, length), sigma, ut.Slice(j * length, length));
        }
        CompleteOrthonormal(ut, want, length, valid);
        return converged;
    }

    private static bool AllFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var v in values) if (!T.IsFinite(v)) return false;
        return true;
    }

    // Cyclic sweeps over all column pairs; each rotation makes one pair orthogonal (the Jacobi rotation of
    // their 2×2 Gram matrix [α γ; γ β]).
    private static bool Orthogonalise<T>(Span<T> w, int count, int length, Span<T> vt, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T eps = MatrixBatch.Epsilon<T>();
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < count - 1; p++)
                for (int q = p + 1; q < count; q++)
                {
                    var wp = w.Slice(p * length, length);
                    var wq = w.Slice(q * length, length);
                    T gamma = TensorPrimitives.Dot<T>(wp, wq);
                    if (gamma == T.Zero) continue;
                    T alpha = TensorPrimitives.Dot<T>(wp, wp), beta = TensorPrimitives.Dot<T>(wq, wq);
                    if (T.Abs(gamma) <= eps * T.Sqrt(alpha) * T.Sqrt(beta)) continue;   // orthogonal to rounding level
                    rotated = true;
                    T zeta = (beta - alpha) / (gamma + gamma);
                    T t = zeta == T.Zero ? T.One : T.CopySign(T.One, zeta) / (T.Abs(zeta) + T.Hypot(T.One, zeta));
                    T c = T.One / T.Hypot(T.One, t), sn = t * c;
                    SymmetricEigen.RotateRows(wp, wq, c, sn, scratch);
                    if (!vt.IsEmpty) SymmetricEigen.RotateRows(vt.Slice(p * count, count), vt.Slice(q * count, count), c, sn, scratch);
                }
            if (!rotated) return true;
        }
        return false;
    }

    /// <summary>
    /// Fills the rows of <paramref name="basis"/> (rows×length) not marked <paramref name="valid"/> so that
    /// all rows are orthonormal: each new row is the unit vector e_c that sticks out furthest from the rows
    /// so far (the smallest Σᵢ rowᵢ[c]²), made orthogonal to them by Gram-Schmidt applied twice.
    /// </summary>
    internal static void CompleteOrthonormal<T>(Span<T> basis, int rows, int length, ReadOnlySpan<bool> valid) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var done = valid.ToArray();
        var covered = new T[length];   // Σ over finished rows of row[c]²: how much of e_c they already span
        for (int i = 0; i < rows; i++)
            if (done[i]) AddSquares(basis.Slice(i * length, length), covered);
        for (int j = 0; j < rows; j++)
        {
            if (done[j]) continue;
            int c = TensorPrimitives.IndexOfMin<T>(covered);
            var row = basis.Slice(j * length, length);
            row.Clear();
            row[c] = T.One;
            for (int pass = 0; pass < 2; pass++)
                for (int i = 0; i < rows; i++)
                    if (done[i])
                    {
                        var other = basis.Slice(i * length, length);
                        TensorPrimitives.MultiplyAdd(other, -TensorPrimitives.Dot<T>(other, row), row, row);
                    }
            TensorPrimitives.Divide(row, TensorPrimitives.Norm<T>(row), row);
            done[j] = true;
            AddSquares(row, covered);
        }
    }

    private static void AddSquares<T>(ReadOnlySpan<T> row, Span<T> sums) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.MultiplyAdd(row, row, sums, sums);

    /// <summary>
    /// U, S and Vh for a batch [..., m, n] with k = min(m, n): S [..., k]; with <paramref name="computeUV"/>,
    /// U [..., m, k] and Vh [..., k, n], or with <paramref name="fullMatrices"/> U [..., m, m] and Vh [..., n, n].
    /// <c>Converged[i]</c> is false where matrix i did not converge.
    /// </summary>
    public static (Tensor? U, Tensor S, Tensor? Vh, bool[] Converged) Decompose(Tensor a, bool fullMatrices, bool computeUV)
    {
        int m = a.ShapeArray[^2], n = a.ShapeArray[^1], k = Math.Min(m, n), length = Math.Max(m, n);
        int[] batch = a.ShapeArray[..^2];
        int want = fullMatrices ? length : k;
        bool tall = m >= n;
        // The rows of w are the columns of the tall matrix: A's columns (Aᵀ's rows) when tall, else A's rows.
        var w = MatrixBatch.Copy(tall ? MatrixBatch.Transposed(a) : a, a.DType);
        var s = Tensor.Uninitialized(a.DType, [.. batch, k]);
        var ut = computeUV ? MatrixBatch.Zeros(a.DType, [.. batch, want, length]) : null;
        var vt = computeUV ? Tensor.Uninitialized(a.DType, [.. batch, k, k]) : null;
        var converged = new bool[MatrixBatch.Count(a.ShapeArray)];
        Dispatch.RunFloat(a.DType, new DecomposeAction(w, s, ut, vt, converged));
        if (!computeUV) return (null, s, null, converged);
        // Tall: A = Ut' S Vt, so U = Utᵀ and Vh = Vt. Wide: Aᵀ = Ut' S Vt, so U = Vtᵀ and Vh = Ut.
        var u = Compute.Clone(MatrixBatch.Transposed(tall ? ut! : vt!));
        return (u, s, tall ? vt : ut, converged);
    }

    private readonly struct DecomposeAction(Tensor w, Tensor s, Tensor? ut, Tensor? vt, bool[] converged) : IFloatAction
    {
        public void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int count = w.ShapeArray[^2], length = w.ShapeArray[^1], want = ut?.ShapeArray[^2] ?? 0;
            var (cols, values, us, vs, ok) = (w.Data<T>(), s.Data<T>(), ut?.Data<T>(), vt?.Data<T>(), converged);
            MatrixBatch.ForEach(ok.Length, 20L * count * count * length, i => ok[i] = Decompose(
                cols.AsSpan(i * count * length, count * length), count, length, values.AsSpan(i * count, count), us is not null,
                us is null ? [] : us.AsSpan(i * want * length, want * length), want,
                vs is null ? [] : vs.AsSpan(i * count * count, count * count)));
        }
    }
}
