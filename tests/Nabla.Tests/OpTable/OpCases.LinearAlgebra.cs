namespace Nabla.Tests;

public static partial class OpCases
{
    // matmul in each of its modes, mm, bmm.
    private static IEnumerable<OpCase> LinearAlgebra()
    {
        yield return Case("matmul 1-d·1-d", "DotBackward0", x => x[0].MatMul(x[1]), A(3), A(3));
        yield return Case("matmul 2-d·1-d", "MvBackward0", x => x[0].MatMul(x[1]), A(2, 3), A(3));
        yield return Case("matmul 1-d·2-d", "SqueezeBackward4", x => x[0].MatMul(x[1]), A(3), A(3, 2));
        yield return Case("matmul 2-d·2-d", "MmBackward0", x => x[0].MatMul(x[1]), A(2, 3), A(3, 2));
        yield return Case("matmul [2,3,4]·[4,5]", "UnsafeViewBackward0", x => x[0].MatMul(x[1]), A(2, 3, 4), A(4, 5));
        yield return Case("matmul [2,1,3,4]·[3,4,2]", "UnsafeViewBackward0", x => x[0].MatMul(x[1]), A(2, 1, 3, 4), A(3, 4, 2));
        yield return Case("matmul [3,2]·[2,2,3]", "CloneBackward0", x => x[0].MatMul(x[1]), A(3, 2), A(2, 2, 3));
        yield return Case("matmul 1-d·3-d", "UnsafeViewBackward0", x => x[0].MatMul(x[1]), A(3), A(2, 3, 2));
        yield return Case("matmul [3,2] constant·[2,2,3]", "UnsafeViewBackward0", x => Tensor.Ones([3, 2], x[0].DType).MatMul(x[0]), A(2, 2, 3));
        yield return Case("matmul 3-d·1-d", "UnsafeViewBackward0", x => x[0].MatMul(x[1]), A(2, 2, 3), A(3));
        yield return Case("matmul transposed", "MmBackward0", x => x[0].T.MatMul(x[1]), A(3, 2), A(3, 2));
        yield return Case("mm", "MmBackward0", x => x[0].Mm(x[1]), A(2, 3), A(3, 2));
        yield return Case("mm transposed operands", "MmBackward0", x => x[0].T.Mm(x[1].T), A(3, 2), A(4, 3));
        yield return Case("mm self", "MmBackward0", x => x[0].Mm(x[0]), A(3, 3));
        yield return Case("bmm", "BmmBackward0", x => x[0].Bmm(x[1]), A(2, 2, 3), A(2, 3, 2));
        yield return Case("bmm transposed", "BmmBackward0", x => x[0].Transpose(1, 2).Bmm(x[1]), A(2, 3, 2), A(2, 3, 2));
    }
}
