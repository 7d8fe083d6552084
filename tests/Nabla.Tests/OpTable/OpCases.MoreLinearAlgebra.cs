namespace Nabla.Tests;

public static partial class OpCases
{
    // Inputs where finite differences stay valid: matrices shifted by n·I (well conditioned), symmetric ones
    // made from a leaf (eigh reads one triangle, so the leaf's other triangle must not be free), SPD ones
    // X·Xᵀ + n·I, and gauge-invariant functions of eigenvectors and singular vectors (their signs are arbitrary).
    private static Tensor Shifted(Tensor x) => x + Tensor.Eye(x.Size(-1), dtype: x.DType) * x.Size(-1);

    private static Tensor Symmetric(Tensor x) => x + x.Transpose(-2, -1);

    private static Tensor Spd(Tensor x) => Shifted(x.MatMul(x.Transpose(-2, -1)));

    // linalg: solves, inverses, determinants, decompositions, least squares, norms, matrix_exp, cross;
    // and einsum, outer, trace, kron, baddbmm, addbmm, addmv, cdist, tensordot.
    private static IEnumerable<OpCase> MoreLinearAlgebra()
    {
        yield return Case("linalg.solve", "LinalgSolveExBackward0", x => Linalg.Solve(Shifted(x[0]), x[1]), A(3, 3), A(3, 2));
        yield return Case("linalg.solve vector", "LinalgSolveExBackward0", x => Linalg.Solve(Shifted(x[0]), x[1]), A(3, 3), A(3));
        yield return Case("linalg.solve batch broadcast", "LinalgSolveExBackward0", x => Linalg.Solve(Shifted(x[0]), x[1]), A(2, 3, 3), A(3, 2));
        yield return Case("linalg.solve batched vectors", "LinalgSolveExBackward0", x => Linalg.Solve(Shifted(x[0]), x[1]), A(2, 3, 3), A(2, 3));
        yield return Case("linalg.solve left=false", "LinalgSolveExBackward0", x => Linalg.Solve(Shifted(x[0]), x[1], left: false), A(3, 3), A(2, 3));
        yield return Case("linalg.solve_triangular upper", "LinalgSolveTriangularBackward0", x => Linalg.SolveTriangular(Shifted(x[0]), x[1], upper: true), A(3, 3), A(3, 2));
        yield return Case("linalg.solve_triangular lower right unit", "LinalgSolveTriangularBackward0",
            x => Linalg.SolveTriangular(x[0], x[1], upper: false, left: false, unitriangular: true), A(3, 3), A(2, 3));
        yield return Case("linalg.inv", "LinalgInvExBackward0", x => Linalg.Inv(Shifted(x[0])), A(3, 3));
        yield return Case("linalg.inv batched", "LinalgInvExBackward0", x => Linalg.Inv(Shifted(x[0])), A(2, 2, 2));
        yield return Case("linalg.det", "LinalgDetBackward0", x => Linalg.Det(x[0]), A(3, 3));
        yield return Case("linalg.det batched", "LinalgDetBackward0", x => Linalg.Det(x[0]), A(2, 2, 2));
        yield return Case("linalg.slogdet", "LinalgSlogdetBackward0", x => Linalg.Slogdet(x[0]).LogAbsDet, A(3, 3));
        yield return Case("linalg.cholesky", "LinalgCholeskyExBackward0", x => Linalg.Cholesky(Spd(x[0])), A(3, 3));
        yield return Case("linalg.cholesky upper batched", "LinalgCholeskyExBackward0", x => Linalg.Cholesky(Spd(x[0]), upper: true), A(2, 3, 3));
        yield return Case("linalg.qr Q tall", "LinalgQrBackward0", x => Linalg.Qr(x[0]).Q, A(4, 3));
        yield return Case("linalg.qr R tall", "LinalgQrBackward0", x => Linalg.Qr(x[0]).R, A(4, 3));
        yield return Case("linalg.qr Q wide", "LinalgQrBackward0", x => Linalg.Qr(x[0]).Q, A(2, 4));
        yield return Case("linalg.qr R wide", "LinalgQrBackward0", x => Linalg.Qr(x[0]).R, A(2, 4));
        yield return Case("linalg.qr complete square Q+R", "AddBackward0", x => Linalg.Qr(x[0], mode: "complete") is var (q, r) ? q + r : null!, A(2, 3, 3));
        yield return Case("linalg.eigh eigenvalues", "LinalgEighBackward0", x => Linalg.Eigh(Symmetric(x[0])).Eigenvalues, A(3, 3));
        yield return Case("linalg.eigh eigenvectors squared", "MulBackward0", x => Linalg.Eigh(Symmetric(x[0])).Eigenvectors is var v ? v * v : null!, A(3, 3));
        yield return Case("linalg.eigh upper batched", "LinalgEighBackward0", x => Linalg.Eigh(Symmetric(x[0]), UPLO: "U").Eigenvalues, A(2, 3, 3));
        yield return Case("linalg.eigvalsh", "LinalgEighBackward0", x => Linalg.Eigvalsh(Symmetric(x[0])), A(3, 3));
        yield return Case("linalg.svd S", "LinalgSvdBackward0", x => Linalg.Svd(x[0]).S, A(3, 2));
        yield return Case("linalg.svd polar tall", "MmBackward0", x => Linalg.Svd(x[0], fullMatrices: false) is var (u, _, vh) ? u.MatMul(vh) : null!, A(3, 2));
        yield return Case("linalg.svd polar wide", "MmBackward0", x => Linalg.Svd(x[0], fullMatrices: false) is var (u, _, vh) ? u.MatMul(vh) : null!, A(2, 3));
        yield return Case("linalg.svd U squared full", "MulBackward0", x => Linalg.Svd(x[0]) is var (u, _, _) ? u.Narrow(-1, 0, 2) * u.Narrow(-1, 0, 2) : null!, A(3, 2));
        yield return Case("linalg.svd Vh squared", "MulBackward0", x => Linalg.Svd(x[0], fullMatrices: false) is var (_, _, vh) ? vh * vh : null!, A(2, 3));
        yield return Case("linalg.svdvals batched", "LinalgSvdBackward0", x => Linalg.Svdvals(x[0]), A(2, 2, 3));
        yield return Case("linalg.pinv tall", "LinalgPinvBackward0", x => Linalg.Pinv(x[0]), A(3, 2));
        yield return Case("linalg.pinv wide", "LinalgPinvBackward0", x => Linalg.Pinv(x[0]), A(2, 3));
        yield return Case("linalg.pinv hermitian", "LinalgPinvBackward0", x => Linalg.Pinv(Spd(x[0]), hermitian: true), A(3, 3));
        yield return Case("linalg.lstsq solution", "LinalgLstsqBackward0", x => Linalg.Lstsq(x[0], x[1]).Solution, A(4, 2), A(4, 2));
        yield return Case("linalg.lstsq vector", "LinalgLstsqBackward0", x => Linalg.Lstsq(x[0], x[1]).Solution, A(4, 2), A(4));
        yield return Case("linalg.lstsq residuals gelsd", "LinalgLstsqBackward0", x => Linalg.Lstsq(x[0], x[1], driver: "gelsd").Residuals, A(4, 2), A(4, 2));
        yield return Case("linalg.matrix_norm fro", "LinalgVectorNormBackward0", x => Linalg.MatrixNorm(x[0]), A(2, 3));
        yield return Case("linalg.matrix_norm nuc", "SumBackward1", x => Linalg.MatrixNorm(x[0], "nuc"), A(2, 3, 2));
        // PyTorch reduces ±1, ±2 and ±∞ with amax / amin (AmaxBackward0, AminBackward0).
        yield return Case("linalg.matrix_norm 2", "AmaxBackward0", x => Linalg.MatrixNorm(x[0], 2), A(3, 2));
        yield return Case("linalg.matrix_norm -2 keepdim", "PermuteBackward0", x => Linalg.MatrixNorm(x[0], -2, keepDim: true), A(2, 2, 3));
        yield return Case("linalg.matrix_norm 1", "AmaxBackward0", x => Linalg.MatrixNorm(x[0], 1), A(3, 3));
        yield return Case("linalg.matrix_norm -inf dims", "AminBackward0", x => Linalg.MatrixNorm(x[0], double.NegativeInfinity, dim: (0, 2)), A(3, 2, 4));
        yield return Case("linalg.vector_norm dims", "LinalgVectorNormBackward0", x => Linalg.VectorNorm(x[0], 3, [0, 2], keepDim: true), Z(2, 3, 2));
        yield return Case("linalg.matrix_exp", "LinalgMatrixExpBackward0", x => Linalg.MatrixExp(x[0]), A(3, 3));
        yield return Case("linalg.matrix_exp batched scaled", "LinalgMatrixExpBackward0", x => Linalg.MatrixExp(x[0] * 4), A(2, 2, 2));
        yield return Case("linalg.cross", "LinalgCrossBackward0", x => Linalg.Cross(x[0], x[1]), A(2, 3), A(2, 3));
        yield return Case("linalg.cross broadcast dim 0", "LinalgCrossBackward0", x => Linalg.Cross(x[0], x[1], dim: 0), A(3, 1), A(3, 4));

        yield return Case("einsum bij,bjk->bik", "ViewBackward0", x => Tensor.Einsum("bij,bjk->bik", x[0], x[1]), A(2, 2, 3), A(2, 3, 2));
        yield return Case("einsum ii (trace)", "SumBackward1", x => Tensor.Einsum("ii", x[0]), A(3, 3));
        yield return Case("einsum ii->i (diagonal)", "PermuteBackward0", x => Tensor.Einsum("ii->i", x[0]), A(3, 3));
        yield return Case("einsum i,j->ij (outer)", "MulBackward0", x => Tensor.Einsum("i,j->ij", x[0], x[1]), A(3), A(2));
        yield return Case("einsum ...ij,...jk implicit", "ViewBackward0", x => Tensor.Einsum("...ij,...jk", x[0], x[1]), A(2, 2, 3), A(3, 2));
        yield return Case("einsum bii,ij->bj", "ViewBackward0", x => Tensor.Einsum("bii,ij->bj", x[0], x[1]), A(2, 3, 3), A(3, 2));
        yield return Case("einsum ij,jk,kl->il", "ViewBackward0", x => Tensor.Einsum("ij,jk,kl->il", x[0], x[1], x[2]), A(2, 3), A(3, 2), A(2, 2));
        yield return Case("einsum ij->", "SumBackward1", x => Tensor.Einsum("ij->", x[0]), A(2, 3));
        yield return Case("outer", "MulBackward0", x => x[0].Outer(x[1]), A(3), A(2));
        yield return Case("trace", "TraceBackward0", x => x[0].Trace(), A(3, 3));
        yield return Case("trace wide", "TraceBackward0", x => x[0].Trace(), A(2, 3));
        yield return Case("kron", "UnsafeViewBackward0", x => x[0].Kron(x[1]), A(2, 2), A(2, 3));
        yield return Case("kron ranks differ transposed", "UnsafeViewBackward0", x => x[0].T.Kron(x[1]), A(3, 2), A(2));
        yield return Case("baddbmm", "BaddbmmBackward0", x => x[0].Baddbmm(x[1], x[2], beta: 0.5, alpha: 2), A(3, 2), A(2, 3, 4), A(2, 4, 2));
        yield return Case("addbmm", "AddbmmBackward0", x => x[0].Addbmm(x[1], x[2], alpha: -1), A(2), A(3, 2, 3), A(3, 3, 2));
        yield return Case("addmv", "AddmvBackward0", x => x[0].Addmv(x[1], x[2], beta: 2, alpha: 0.5), A(3), A(3, 2), A(2));
        yield return Case("cdist", "CdistBackward0", x => Tensor.Cdist(x[0], x[1]), A(3, 2), A(4, 2));
        yield return Case("cdist p=1 batched", "CdistBackward0", x => Tensor.Cdist(x[0], x[1], p: 1), A(2, 3, 2), A(4, 2));
        yield return Case("cdist p=3", "CdistBackward0", x => Tensor.Cdist(x[0], x[1], p: 3), A(3, 2), A(2, 2));
        yield return Case("cdist p=1.5", "CdistBackward0", x => Tensor.Cdist(x[0], x[1], p: 1.5), A(3, 2), A(2, 2));
        yield return Case("cdist p=inf", "CdistBackward0", x => Tensor.Cdist(x[0], x[1], p: double.PositiveInfinity), A(3, 2), A(2, 2));
        yield return Case("cdist p=2 by matrix product", "ViewBackward0", x => Tensor.Cdist(x[0], x[1], computeMode: "use_mm_for_euclid_dist"), A(2, 3, 2), A(4, 2));
        yield return Case("tensordot dims=2", "ViewBackward0", x => Tensor.Tensordot(x[0], x[1]), A(2, 3, 2), A(3, 2, 2));
        yield return Case("tensordot dim pairs", "ViewBackward0", x => Tensor.Tensordot(x[0], x[1], ([2, 0], [0, 1])), A(2, 3, 2), A(2, 2, 3));
    }
}
