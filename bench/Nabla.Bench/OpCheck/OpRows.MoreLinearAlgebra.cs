namespace Nabla.Bench;

internal static partial class OpRows
{
    // torch.linalg and the products of issue 10 part 2. The decompositions and solvers compare within 1e-8 (LAPACK's
    // algorithms are not Nabla's); vectors whose sign is a convention go through a gauge (Gauges.cs). In TorchScript,
    // torch.linalg.X is ATen's linalg_X.
    private static IEnumerable<OpRow> MoreLinearAlgebra()
    {
        const double Lapack = 1e-8;
        yield return S("linalg.solve", Sq(3, 3), A(3, 2), (a, b) => Linalg.Solve(a, b), "torch.linalg_solve(a, b)") with { Tolerance = Lapack };
        yield return S("linalg.solve vector", Sq(3, 3), A(3), (a, b) => Linalg.Solve(a, b), "torch.linalg_solve(a, b)") with { Tolerance = Lapack };
        yield return S("linalg.solve batch broadcast", Sq(2, 3, 3), A(3, 2), (a, b) => Linalg.Solve(a, b), "torch.linalg_solve(a, b)") with { Tolerance = Lapack };
        yield return S("linalg.solve left=False", Sq(3, 3), A(2, 3), (a, b) => Linalg.Solve(a, b, left: false), "torch.linalg_solve(a, b, left=False)") with { Tolerance = Lapack };
        yield return S("linalg.solve_triangular upper", Sq(3, 3), A(3, 2), (a, b) => Linalg.SolveTriangular(a, b, upper: true),
            "torch.linalg_solve_triangular(a, b, upper=True)") with { Tolerance = Lapack };
        yield return S("linalg.solve_triangular lower right unitriangular", A(3, 3), A(2, 3), (a, b) => Linalg.SolveTriangular(a, b, upper: false, left: false, unitriangular: true),
            "torch.linalg_solve_triangular(a, b, upper=False, left=False, unitriangular=True)") with { Tolerance = Lapack };
        yield return S("linalg.inv", Sq(3, 3), a => Linalg.Inv(a), "torch.linalg_inv(a)") with { Tolerance = Lapack };
        yield return S("linalg.inv batched", Sq(2, 2, 2), a => Linalg.Inv(a), "torch.linalg_inv(a)") with { Tolerance = Lapack };
        yield return S("linalg.det", A(3, 3), a => Linalg.Det(a), "torch.linalg_det(a)") with { Tolerance = Lapack };
        yield return S("linalg.det batched", A(2, 2, 2), a => Linalg.Det(a), "torch.linalg_det(a)") with { Tolerance = Lapack };
        yield return MS("linalg.slogdet", [A(3, 3)], x => Linalg.Slogdet(x[0]) is var (s, l) ? [s, l] : [], "torch.linalg_slogdet(a)") with { Tolerance = Lapack, NodeOutput = 1 };
        yield return S("linalg.cholesky", Spd(3, 3), a => Linalg.Cholesky(a), "torch.linalg_cholesky(a)") with { Tolerance = Lapack };
        yield return S("linalg.cholesky upper batched", Spd(2, 3, 3), a => Linalg.Cholesky(a, upper: true), "torch.linalg_cholesky(a, upper=True)") with { Tolerance = Lapack };
        yield return MS("linalg.qr tall", [A(4, 3)], x => Linalg.Qr(x[0]) is var (q, r) ? [q, r] : [], "torch.linalg_qr(a)") with { Tolerance = Lapack, Gauge = Gauges.QrSigns };
        yield return MS("linalg.qr wide", [A(2, 4)], x => Linalg.Qr(x[0]) is var (q, r) ? [q, r] : [], "torch.linalg_qr(a)") with { Tolerance = Lapack, Gauge = Gauges.QrSigns };
        yield return MS("linalg.qr complete batched", [A(2, 3, 3)], x => Linalg.Qr(x[0], mode: "complete") is var (q, r) ? [q, r] : [], "torch.linalg_qr(a, 'complete')")
            with { Tolerance = Lapack, Gauge = Gauges.QrSigns };
        yield return MS("linalg.eigh", [Sym(3, 3)], x => Linalg.Eigh(x[0]) is var (l, v) ? [l, v] : [], "torch.linalg_eigh(a)") with { Tolerance = Lapack, Gauge = Gauges.EighVectors };
        yield return MS("linalg.eigh upper batched", [Sym(2, 3, 3)], x => Linalg.Eigh(x[0], UPLO: "U") is var (l, v) ? [l, v] : [], "torch.linalg_eigh(a, 'U')")
            with { Tolerance = Lapack, Gauge = Gauges.EighVectors };
        yield return S("linalg.eigvalsh", Sym(3, 3), a => Linalg.Eigvalsh(a), "torch.linalg_eigvalsh(a)") with { Tolerance = Lapack };
        yield return MS("linalg.svd reduced tall", [A(3, 2)], x => Linalg.Svd(x[0], fullMatrices: false) is var (u, s, vh) ? [u, s, vh] : [],
            "torch.linalg_svd(a, full_matrices=False)") with { Tolerance = Lapack, Gauge = Gauges.SvdVectors };
        yield return MS("linalg.svd reduced wide batched", [A(2, 2, 3)], x => Linalg.Svd(x[0], fullMatrices: false) is var (u, s, vh) ? [u, s, vh] : [],
            "torch.linalg_svd(a, full_matrices=False)") with { Tolerance = Lapack, Gauge = Gauges.SvdVectors };
        yield return S("linalg.svd S", A(3, 2), a => Linalg.Svd(a).S, "torch.linalg_svd(a)[1]") with { Tolerance = Lapack };
        yield return S("linalg.svdvals batched", A(2, 2, 3), a => Linalg.Svdvals(a), "torch.linalg_svdvals(a)") with { Tolerance = Lapack };
        yield return S("linalg.pinv tall", A(3, 2), a => Linalg.Pinv(a), "torch.linalg_pinv(a)") with { Tolerance = Lapack };
        yield return S("linalg.pinv wide", A(2, 3), a => Linalg.Pinv(a), "torch.linalg_pinv(a)") with { Tolerance = Lapack };
        yield return S("linalg.pinv hermitian", Spd(3, 3), a => Linalg.Pinv(a, hermitian: true), "torch.linalg_pinv(a, hermitian=True)") with { Tolerance = Lapack };
        yield return S("linalg.lstsq solution", A(4, 2), A(4, 2), (a, b) => Linalg.Lstsq(a, b).Solution, "torch.linalg_lstsq(a, b)[0]") with { Tolerance = Lapack };
        yield return S("linalg.lstsq vector", A(4, 2), A(4), (a, b) => Linalg.Lstsq(a, b).Solution, "torch.linalg_lstsq(a, b)[0]") with { Tolerance = Lapack };
        yield return S("linalg.lstsq residuals gelsd", A(4, 2), A(4, 2), (a, b) => Linalg.Lstsq(a, b, driver: "gelsd").Residuals, "torch.linalg_lstsq(a, b, driver='gelsd')[1]")
            with { Tolerance = Lapack };
        yield return S("linalg.matrix_norm", A(2, 3), a => Linalg.MatrixNorm(a), "torch.linalg_matrix_norm(a)");
        yield return S("linalg.matrix_norm nuc", A(2, 3, 2), a => Linalg.MatrixNorm(a, "nuc"), "torch.linalg_matrix_norm(a, 'nuc')") with { Tolerance = Lapack };
        yield return S("linalg.matrix_norm 2", A(3, 2), a => Linalg.MatrixNorm(a, 2), "torch.linalg_matrix_norm(a, 2.0)") with { Tolerance = Lapack };
        yield return S("linalg.matrix_norm -2 keepdim", A(2, 2, 3), a => Linalg.MatrixNorm(a, -2, keepDim: true), "torch.linalg_matrix_norm(a, -2.0, keepdim=True)") with { Tolerance = Lapack };
        yield return S("linalg.matrix_norm 1", A(3, 3), a => Linalg.MatrixNorm(a, 1), "torch.linalg_matrix_norm(a, 1.0)");
        yield return S("linalg.matrix_norm -inf dims", A(3, 2, 4), a => Linalg.MatrixNorm(a, double.NegativeInfinity, dim: (0, 2)), "torch.linalg_matrix_norm(a, -float('inf'), [0, 2])");
        yield return S("linalg.vector_norm", A(2, 3), a => Linalg.VectorNorm(a), "torch.linalg_vector_norm(a)");
        yield return S("linalg.vector_norm ord=3 dims keepdim", Z(2, 3, 2), a => Linalg.VectorNorm(a, 3, [0, 2], keepDim: true), "torch.linalg_vector_norm(a, 3.0, [0, 2], True)");
        yield return S("linalg.vector_norm ord=inf", A(2, 3), a => Linalg.VectorNorm(a, double.PositiveInfinity), "torch.linalg_vector_norm(a, float('inf'))");
        yield return S("linalg.matrix_exp", A(3, 3), a => Linalg.MatrixExp(a), "torch.linalg_matrix_exp(a)") with { Tolerance = Lapack };
        yield return S("linalg.matrix_exp batched scaled", W(2, 2, 2), a => Linalg.MatrixExp(a), "torch.linalg_matrix_exp(a)") with { Tolerance = Lapack };
        yield return S("linalg.cross", A(2, 3), A(2, 3), (a, b) => Linalg.Cross(a, b), "torch.linalg_cross(a, b)");
        yield return S("linalg.cross broadcast dim=0", A(3, 1), A(3, 4), (a, b) => Linalg.Cross(a, b, dim: 0), "torch.linalg_cross(a, b, dim=0)");
        yield return S("einsum bij,bjk->bik", A(2, 2, 3), A(2, 3, 2), (a, b) => Tensor.Einsum("bij,bjk->bik", a, b), "torch.einsum('bij,bjk->bik', [a, b])");
        yield return S("einsum ii", A(3, 3), a => Tensor.Einsum("ii", a), "torch.einsum('ii', [a])");
        yield return S("einsum ii->i", A(3, 3), a => Tensor.Einsum("ii->i", a), "torch.einsum('ii->i', [a])");
        yield return S("einsum i,j->ij", A(3), A(2), (a, b) => Tensor.Einsum("i,j->ij", a, b), "torch.einsum('i,j->ij', [a, b])");
        yield return S("einsum ...ij,...jk", A(2, 2, 3), A(3, 2), (a, b) => Tensor.Einsum("...ij,...jk", a, b), "torch.einsum('...ij,...jk', [a, b])");
        yield return S("einsum bii,ij->bj", A(2, 3, 3), A(3, 2), (a, b) => Tensor.Einsum("bii,ij->bj", a, b), "torch.einsum('bii,ij->bj', [a, b])");
        yield return S("einsum ij,jk,kl->il", A(2, 3), A(3, 2), A(2, 2), (a, b, c) => Tensor.Einsum("ij,jk,kl->il", a, b, c), "torch.einsum('ij,jk,kl->il', [a, b, c])");
        yield return S("einsum ij->", A(2, 3), a => Tensor.Einsum("ij->", a), "torch.einsum('ij->', [a])");
        yield return S("outer", A(3), A(2), (a, b) => a.Outer(b), "torch.outer(a, b)");
        yield return S("trace", A(3, 3), a => a.Trace(), "torch.trace(a)");
        yield return S("trace wide", A(2, 3), a => a.Trace(), "torch.trace(a)");
        yield return S("kron", A(2, 2), A(2, 3), (a, b) => a.Kron(b), "torch.kron(a, b)");
        yield return S("kron ranks differ", A(2, 3), A(2), (a, b) => a.Kron(b), "torch.kron(a, b)");   // (PyTorch's kron of a transposed input raises)
        yield return S("baddbmm", A(3, 2), A(2, 3, 4), A(2, 4, 2), (c, a, b) => c.Baddbmm(a, b, beta: 0.5, alpha: 2), "torch.baddbmm(a, b, c, beta=0.5, alpha=2.0)");
        yield return S("addbmm", A(2), A(3, 2, 3), A(3, 3, 2), (c, a, b) => c.Addbmm(a, b, alpha: -1), "torch.addbmm(a, b, c, alpha=-1.0)");
        yield return S("addmv", A(3), A(3, 2), A(2), (c, a, b) => c.Addmv(a, b, beta: 2, alpha: 0.5), "torch.addmv(a, b, c, beta=2.0, alpha=0.5)");
        yield return S("cdist", A(3, 2), A(4, 2), (a, b) => Tensor.Cdist(a, b), "torch.cdist(a, b)");
        yield return S("cdist p=1 batched", A(2, 3, 2), A(4, 2), (a, b) => Tensor.Cdist(a, b, p: 1), "torch.cdist(a, b, 1.0)");
        yield return S("cdist p=3", A(3, 2), A(2, 2), (a, b) => Tensor.Cdist(a, b, p: 3), "torch.cdist(a, b, 3.0)");
        yield return S("cdist p=1.5", A(3, 2), A(2, 2), (a, b) => Tensor.Cdist(a, b, p: 1.5), "torch.cdist(a, b, 1.5)");
        yield return S("cdist p=inf", A(3, 2), A(2, 2), (a, b) => Tensor.Cdist(a, b, p: double.PositiveInfinity), "torch.cdist(a, b, float('inf'))");
        yield return S("cdist use_mm_for_euclid_dist", A(2, 3, 2), A(4, 2), (a, b) => Tensor.Cdist(a, b, computeMode: "use_mm_for_euclid_dist"), "torch.cdist(a, b, 2.0, 1)")
            with { Tolerance = 1e-9 };
        yield return S("cdist many rows", A(30, 2), A(4, 2), (a, b) => Tensor.Cdist(a, b), "torch.cdist(a, b)") with { Tolerance = 1e-9 };
        yield return S("tensordot dims=2", A(2, 3, 2), A(3, 2, 2), (a, b) => Tensor.Tensordot(a, b), "torch.tensordot(a, b, [-2, -1], [0, 1])");
        yield return S("tensordot dim pairs", A(2, 3, 2), A(2, 2, 3), (a, b) => Tensor.Tensordot(a, b, ([2, 0], [0, 1])), "torch.tensordot(a, b, [2, 0], [0, 1])");
    }
}
