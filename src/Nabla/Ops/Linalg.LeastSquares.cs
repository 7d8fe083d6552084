namespace Nabla;

// The pseudo-inverse and least squares, both through the SVD.
public static partial class Linalg
{
    /// <summary>
    /// The Moore-Penrose pseudo-inverse of each matrix, like <c>torch.linalg.pinv</c> (node <c>LinalgPinvBackward0</c>):
    /// V diag(1/σ) Uᵀ over the singular values σ above max(atol, rtol·σ_max), the others treated as zero. Without
    /// tolerances, rtol is eps·max(m, n); with only atol &gt; 0, rtol is 0. With <paramref name="hermitian"/> the
    /// matrices are taken as symmetric (only the lower triangle is read) and decomposed by eigh.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of float matrices.</exception>
    public static Tensor Pinv(Tensor A, double? atol = null, double? rtol = null, bool hermitian = false)
    {
        CheckMatrices(A, "linalg.pinv");
        if (hermitian) CheckSquare(A, "linalg.pinv");
        double absolute = atol ?? 0;
        double relative = rtol ?? (atol > 0 ? 0 : Epsilon(A.DType) * Math.Max(A.Size(-1), A.Size(-2)));
        var a = A.Detach();
        Tensor result;
        if (hermitian)
        {
            var (values, vectors) = Eigh(a);
            var magnitude = values.Abs();
            var inverse = values.Reciprocal().Where(magnitude.Gt(Tolerance(magnitude.Max(-1, keepDim: true).Values, absolute, relative)), 0.0);
            result = (vectors * inverse.Unsqueeze(-2)).MatMul(Derivatives.MT(vectors));
        }
        else
        {
            var (u, s, vh) = Svd(a, fullMatrices: false);
            var inverse = s.Reciprocal().Where(s.Gt(Tolerance(s.Narrow(-1, 0, Math.Min(1, s.Size(-1))), absolute, relative)), 0.0);
            result = (Derivatives.MT(vh) * inverse.Unsqueeze(-2)).MatMul(Derivatives.MT(u));
        }
        return Derivatives.LinalgPinv.Record(Fresh(result), A);
    }

    // max(atol, rtol·σ_max), per matrix.
    private static Tensor Tolerance(Tensor largest, double atol, double rtol) => (largest * rtol).Clamp(min: atol);

    /// <summary>
    /// The least-squares solution of A X ≈ B, like <c>torch.linalg.lstsq</c> (node <c>LinalgLstsqBackward0</c>):
    /// the X of smallest norm that minimises ‖A X - B‖ for each matrix, through the SVD (as LAPACK's gelsd), with
    /// singular values below <paramref name="rcond"/>·σ_max (default eps·max(m, n)) treated as zero. The other
    /// fields follow PyTorch's <paramref name="driver"/> (default "gelsy"): Residuals (the squared residual norms,
    /// when m &gt; n, the driver is not gelsy and every matrix has full rank; else empty), Rank (not for "gels")
    /// and SingularValues (for "gelsd" and "gelss"). Only Solution and Residuals are differentiable.
    /// </summary>
    /// <exception cref="ArgumentException">When the inputs are not float matrices of one dtype with matching rows, or the driver is unknown.</exception>
    public static (Tensor Solution, Tensor Residuals, Tensor Rank, Tensor SingularValues) Lstsq(Tensor A, Tensor B, double? rcond = null, string? driver = null)
    {
        const string op = "torch.linalg.lstsq";
        ArgumentNullException.ThrowIfNull(A);
        ArgumentNullException.ThrowIfNull(B);
        if (!A.DType.IsFloatingPoint() || !B.DType.IsFloatingPoint())
            throw new ArgumentException("This function doesn't handle types other than float and double", nameof(A));
        if (A.Dim < 2) throw new ArgumentException($"{op}: input must have at least 2 dimensions.", nameof(A));
        CheckSameDType(A, B, op);
        driver ??= "gelsy";
        if (driver is not ("gels" or "gelsy" or "gelsd" or "gelss"))
            throw new ArgumentException($"{op}: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)", nameof(driver));
        bool vector = IsVectorRhs(A, B);
        var b = vector ? B.Detach().Unsqueeze(-1) : B.Detach();
        int m = A.Size(-2), n = A.Size(-1);
        if (b.Dim < 2 || b.Size(-2) != m)
            throw new ArgumentException($"{op}: input.size(-2) should match other.size(-2)", nameof(B));
        var (u, s, vh) = Svd(A.Detach(), fullMatrices: false);
        var threshold = s.Narrow(-1, 0, Math.Min(1, s.Size(-1))) * (rcond ?? Epsilon(A.DType) * Math.Max(m, n));
        var kept = s.Gt(threshold);
        var x = Fresh(Derivatives.MT(vh).MatMul(s.Reciprocal().Where(kept, 0.0).Unsqueeze(-1) * Derivatives.MT(u).MatMul(b)));
        var rank = kept.Sum(-1);
        var residuals = Tensor.Zeros([0], A.DType);
        bool fullRank = rank.Eq(n).ToArray<bool>().All(r => r);
        if (m > n && driver != "gelsy" && (driver == "gels" || fullRank))
            residuals = (A.Detach().MatMul(x) - b).Pow(2).Sum(-2);
        var solution = vector ? Reshaped(x, x.ShapeArray[..^1]) : x;
        Derivatives.LinalgLstsq.Record([solution, residuals], [A, B], vector);
        return (solution, residuals,
            driver == "gels" ? Tensor.Zeros([0], DType.Int64) : rank,
            driver is "gelsd" or "gelss" ? s : Tensor.Zeros([0], A.DType));
    }
}
