using Nabla.Kernels;

namespace Nabla;

// Matrix decompositions: Cholesky, QR, the symmetric eigendecomposition and the SVD.
public static partial class Linalg
{
    /// <summary>
    /// The Cholesky factor of each symmetric positive-definite matrix, like <c>torch.linalg.cholesky</c>
    /// (node <c>LinalgCholeskyExBackward0</c>): lower triangular L with A = L Lᵀ, read from A's lower
    /// triangle; with <paramref name="upper"/>, upper triangular U = Lᵀ with A = Uᵀ U, read from the upper one.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of square float matrices, or one is not positive definite.</exception>
    public static Tensor Cholesky(Tensor A, bool upper = false)
    {
        const string op = "linalg.cholesky";
        CheckSquare(A, op);
        var (factor, info) = CholeskyDecomposition.Factor(A.Detach(), upper);
        ThrowIfFailed(info, A.Dim > 2, op, k => $"The factorization could not be completed because the input is not positive-definite (the leading minor of order {k} is not positive-definite).");
        return Derivatives.LinalgCholesky.Record(factor, [A], upper);
    }

    /// <summary>
    /// The QR decomposition A = Q R of each matrix, like <c>torch.linalg.qr</c> (node <c>LinalgQrBackward0</c>),
    /// by Householder reflections with LAPACK's signs. <paramref name="mode"/> "reduced" gives Q [..., m, k] and
    /// R [..., k, n] (k = min(m, n)); "complete" gives Q [..., m, m] and R [..., m, n]; "r" gives R only, with an
    /// empty Q (and no gradient, as in PyTorch).
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of float matrices or the mode is unknown.</exception>
    public static (Tensor Q, Tensor R) Qr(Tensor A, string mode = "reduced")
    {
        ArgumentNullException.ThrowIfNull(mode);
        CheckMatrices(A, "linalg.qr");
        if (mode is not ("reduced" or "complete" or "r"))
            throw new ArgumentException($"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', or 'complete'", nameof(mode));
        var (q, r) = QrDecomposition.Factor(A.Detach(), complete: mode == "complete", computeQ: mode != "r");
        q ??= Tensor.Zeros([0], A.DType);
        Derivatives.LinalgQr.Record([q, r], [A], mode);
        return (q, r);
    }

    /// <summary>
    /// The eigenvalues (ascending) and orthonormal eigenvectors (columns) of each symmetric matrix, like
    /// <c>torch.linalg.eigh</c> (node <c>LinalgEighBackward0</c>), reading only the lower triangle (UPLO "L")
    /// or the upper one ("U"). Eigenvectors are defined up to sign: a loss that depends on their sign has no
    /// meaningful gradient, and with repeated eigenvalues the gradient through the eigenvectors is infinite or
    /// NaN, as PyTorch documents.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of square float matrices or UPLO is neither "L" nor "U".</exception>
    public static (Tensor Eigenvalues, Tensor Eigenvectors) Eigh(Tensor A, string UPLO = "L")
    {
        ArgumentNullException.ThrowIfNull(UPLO);
        CheckSquare(A, "linalg.eigh");
        bool upper = ParseUplo(UPLO);
        var (values, vectors, _) = SymmetricEigen.Decompose(A.Detach(), upper, computeVectors: true);
        Derivatives.LinalgEigh.Record([values, vectors!], [A], default);
        return (values, vectors!);
    }

    /// <summary>The eigenvalues (ascending) of each symmetric matrix, like <c>torch.linalg.eigvalsh</c> (node <c>LinalgEighBackward0</c>).</summary>
    /// <exception cref="ArgumentException">When A is not a batch of square float matrices or UPLO is neither "L" nor "U".</exception>
    public static Tensor Eigvalsh(Tensor A, string UPLO = "L")
    {
        ArgumentNullException.ThrowIfNull(UPLO);
        CheckSquare(A, "linalg.eigvalsh");
        bool upper = ParseUplo(UPLO);
        // As PyTorch: the eigenvectors only when a gradient will need them.
        var (values, vectors, _) = SymmetricEigen.Decompose(A.Detach(), upper, computeVectors: NeedsGradient(A));
        if (vectors is not null) Derivatives.LinalgEigh.Record([values, vectors], [A], default);
        return values;
    }

    private static bool ParseUplo(string uplo) => uplo switch
    {
        "L" or "l" => false,
        "U" or "u" => true,
        _ => throw new ArgumentException($"Expected UPLO argument to be 'L' or 'U', but got {uplo}", "UPLO"),
    };

    /// <summary>
    /// The singular value decomposition A = U diag(S) Vh of each matrix, like <c>torch.linalg.svd</c> (node
    /// <c>LinalgSvdBackward0</c>), by one-sided Jacobi rotations. S [..., k] is descending (k = min(m, n));
    /// U is [..., m, m] and Vh [..., n, n], or with <paramref name="fullMatrices"/> false U [..., m, k] and
    /// Vh [..., k, n]. Singular vectors are defined up to sign (pairs of them together), and the gradient
    /// through them is infinite where singular values repeat, as in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of float matrices, or contains NaN or infinities.</exception>
    public static (Tensor U, Tensor S, Tensor Vh) Svd(Tensor A, bool fullMatrices = true)
    {
        var (u, s, vh) = SvdCore(A, "linalg.svd", fullMatrices, computeUV: true);
        Derivatives.LinalgSvd.Record([u!, s, vh!], [A], fullMatrices);
        return (u!, s, vh!);
    }

    /// <summary>The singular values (descending) of each matrix, like <c>torch.linalg.svdvals</c> (node <c>LinalgSvdBackward0</c>).</summary>
    /// <exception cref="ArgumentException">When A is not a batch of float matrices, or contains NaN or infinities.</exception>
    public static Tensor Svdvals(Tensor A)
    {
        ArgumentNullException.ThrowIfNull(A);
        // As PyTorch: the singular vectors only when a gradient will need them.
        var (u, s, vh) = SvdCore(A, "linalg.svdvals", fullMatrices: false, computeUV: NeedsGradient(A));
        if (u is not null) Derivatives.LinalgSvd.Record([u, s, vh!], [A], false);
        return s;
    }

    private static (Tensor? U, Tensor S, Tensor? Vh) SvdCore(Tensor a, string op, bool fullMatrices, bool computeUV)
    {
        CheckMatrices(a, op);
        var (u, s, vh, converged) = JacobiSvd.Decompose(a.Detach(), fullMatrices, computeUV);
        // NaN and infinities stop the rotations from converging: PyTorch (LAPACK) reports the same as an error.
        ThrowIfFailed([.. converged.Select(ok => ok ? 0 : 1)], a.Dim > 2, "linalg.svd", _ => "The algorithm failed to converge because the input matrix contained non-finite values.");
        return (u, s, vh);
    }
}
