using TorchSharp;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // Products and linear algebra (decompositions compare within 1e-8: LAPACK's algorithms are not Nabla's).
    private static IEnumerable<OpRow> LinearAlgebra()
    {
        yield return R("mm", A(2, 3), A(3, 4), (a, b) => a.Mm(b), (a, b) => a.mm(b));
        yield return R("mm transposed", A(3, 2), A(4, 3), (a, b) => a.T.Mm(b.T), (a, b) => a.t().mm(b.t()));
        yield return R("addmm", A(2, 4), A(2, 3), A(3, 4), (c, a, b) => c.Addmm(a, b), (c, a, b) => c.addmm(a, b));
        yield return R("addmm broadcast", A(4), A(2, 3), A(3, 4), (c, a, b) => c.Addmm(a, b), (c, a, b) => c.addmm(a, b));
        yield return R("bmm", A(2, 2, 3), A(2, 3, 4), (a, b) => a.Bmm(b), (a, b) => a.bmm(b));
        yield return R("matmul 2d", A(2, 3), A(3, 4), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul 1d 1d", A(3), A(3), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul 2d 1d", A(2, 3), A(3), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul 1d 2d", A(3), A(3, 4), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul 1d 3d", A(3), A(2, 3, 4), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul 3d 1d", A(2, 4, 3), A(3), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul 2d 3d", A(3, 2), A(2, 2, 3), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul 2d 3d constant left", Const(A(3, 2)), A(2, 2, 3), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul 1d 3d constant left", Const(A(3)), A(2, 3, 4), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul 3d 2d", A(2, 2, 3), A(3, 4), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul 3d 3d", A(2, 2, 3), A(2, 3, 4), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("matmul broadcast batch", A(2, 1, 2, 3), A(3, 3, 4), (a, b) => a.MatMul(b), (a, b) => a.matmul(b));
        yield return R("dot", A(4), A(4), (a, b) => a.Dot(b), (a, b) => a.dot(b));
        yield return R("mv", A(2, 3), A(3), (a, b) => a.Mv(b), (a, b) => a.mv(b));
    }
}
