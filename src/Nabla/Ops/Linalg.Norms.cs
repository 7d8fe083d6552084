namespace Nabla;

// Vector and matrix norms, composed as PyTorch composes them (so the graph shows the same nodes).
public static partial class Linalg
{
    /// <summary>
    /// The <paramref name="ord"/>-norm of x over <paramref name="dim"/> (all dims when null or empty), like
    /// <c>torch.linalg.vector_norm</c> (node <c>LinalgVectorNormBackward0</c>): (Σ|x|^ord)^(1/ord), with ±∞ for
    /// the max (min) of |x| and 0 for the number of nonzeros. <paramref name="dtype"/> converts x first.
    /// </summary>
    /// <exception cref="ArgumentException">When x (or <paramref name="dtype"/>) is not floating point.</exception>
    public static Tensor VectorNorm(Tensor x, double ord = 2, int[]? dim = null, bool keepDim = false, DType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        const string op = "linalg.vector_norm";
        CheckFloating(x, op, nameof(x));
        if (dtype is { } target)
        {
            if (!target.IsFloatingPoint()) throw new ArgumentException($"{op}: dtype should be floating point, but got {target.Name()}", nameof(dtype));
            x = x.To(target);
        }
        var mask = dim is null || dim.Length == 0 ? Enumerable.Repeat(true, x.Dim).ToArray() : ShapeMath.DimMask(dim, x.Dim);
        return x.NormCore(ord, mask, keepDim);
    }

    /// <summary>
    /// The Frobenius ("fro") or nuclear ("nuc") norm of each matrix over the dims <paramref name="dim"/> (the last
    /// two by default), like <c>torch.linalg.matrix_norm</c>: "fro" is the vector 2-norm of the entries, "nuc" the
    /// sum of the singular values.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of float matrices, the order is unknown or the two dims are equal.</exception>
    public static Tensor MatrixNorm(Tensor A, string ord = "fro", (int, int)? dim = null, bool keepDim = false, DType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(ord);
        var (a, d0, d1) = MatrixNormInput(A, dim, dtype);
        return ord switch
        {
            "fro" => VectorNorm(a, 2, [d0, d1], keepDim),
            "nuc" => OfSingularValues(a, d0, d1, keepDim, s => s.Sum(-1, keepDim)),
            _ => throw new ArgumentException($"linalg.matrix_norm: Order {ord} not supported.", nameof(ord)),
        };
    }

    /// <summary>
    /// The induced <paramref name="ord"/>-norm of each matrix, like <c>torch.linalg.matrix_norm</c>: 1 the largest
    /// column sum of |A|, ∞ the largest row sum, 2 the largest singular value, and -1, -∞, -2 the smallest of
    /// the same.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of float matrices, the order is not ±1, ±2 or ±∞, or the two dims are equal.</exception>
    public static Tensor MatrixNorm(Tensor A, double ord, (int, int)? dim = null, bool keepDim = false, DType? dtype = null)
    {
        var (a, d0, d1) = MatrixNormInput(A, dim, dtype);
        double size = Math.Abs(ord);
        bool largest = ord > 0;
        if (size == 2) return OfSingularValues(a, d0, d1, keepDim, s => Extreme(s, -1, keepDim, largest));
        if (size != 1 && !double.IsPositiveInfinity(size))
            throw new ArgumentException($"linalg.matrix_norm: Order {ord} not supported.", nameof(ord));
        if (double.IsPositiveInfinity(size)) (d0, d1) = (d1, d0);   // the ∞-norm is the 1-norm of the transpose
        if (!keepDim && d0 < d1) d1--;   // the first reduction removes a dim before d1
        return Extreme(VectorNorm(a, 1, [d0], keepDim), d1, keepDim, largest);
    }

    private static (Tensor A, int Dim0, int Dim1) MatrixNormInput(Tensor a, (int, int)? dim, DType? dtype)
    {
        CheckMatrices(a, "linalg.matrix_norm");
        var (first, second) = dim ?? (-2, -1);
        int d0 = ShapeMath.NormalizeDim(first, a.Dim), d1 = ShapeMath.NormalizeDim(second, a.Dim);
        if (d0 == d1) throw new ArgumentException($"linalg.matrix_norm: dims must be different. Got ({first}, {second})", nameof(dim));
        if (dtype is { } target) a = a.To(target);
        return (a, d0, d1);
    }

    // Moves the two dims to the end, reduces the singular values, and puts kept dims back where they were.
    private static Tensor OfSingularValues(Tensor a, int d0, int d1, bool keepDim, Func<Tensor, Tensor> reduce)
    {
        int[] order = [.. Enumerable.Range(0, a.Dim).Where(d => d != d0 && d != d1), d0, d1];
        var result = reduce(Svdvals(a.Permute(order)));
        if (!keepDim) return result;
        var inverse = new int[order.Length];
        for (int i = 0; i < order.Length; i++) inverse[order[i]] = i;
        return result.Unsqueeze(-1).Permute(inverse);
    }

    // amax / amin as PyTorch reduces here (AmaxBackward0, AminBackward0: tied elements share the gradient).
    private static Tensor Extreme(Tensor t, int dim, bool keepDim, bool largest)
        => largest ? t.Amax(dim, keepDim) : t.Amin(dim, keepDim);
}
