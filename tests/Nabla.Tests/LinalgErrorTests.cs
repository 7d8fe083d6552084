namespace Nabla.Tests;

/// <summary>The linear-algebra ops' errors: PyTorch's messages (2.x spelling), as BCL exceptions, before any work.</summary>
public class LinalgErrorTests
{
    private static readonly Tensor Singular = Tensor.FromArray(new double[,] { { 1, 2 }, { 2, 4 } });
    private static readonly Tensor Identity = Tensor.Eye(2, dtype: DType.Float64);

    private static void Fails(string message, Action call) => Assert.Equal(message, Assert.ThrowsAny<ArgumentException>(call).Message.Split(" (Parameter")[0]);

    [Fact]
    public void SingularAndIndefiniteMatricesNameTheBatchElement()
    {
        Fails("linalg.solve: The solver failed because the input matrix is singular.", () => Linalg.Solve(Singular, Tensor.Ones([2], DType.Float64)));
        Fails("linalg.solve: (Batch element 1): The solver failed because the input matrix is singular.",
            () => Linalg.Solve(Tensor.Stack([Identity, Singular]), Tensor.Ones([2, 2], DType.Float64)));
        Fails("linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.", () => Linalg.Inv(Singular));
        Fails("linalg.inv: The diagonal element 3 is zero, the inversion could not be completed because the input matrix is singular.",
            () => Linalg.Inv(Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } })));
        Fails("linalg.inv: (Batch element 1): The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.",
            () => Linalg.Inv(Tensor.Stack([Identity, Singular])));
        var indefinite = Tensor.FromArray(new double[,] { { 1, 2 }, { 2, 1 } });
        Fails("linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).",
            () => Linalg.Cholesky(indefinite));
        Fails("linalg.cholesky: (Batch element 1): The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).",
            () => Linalg.Cholesky(Tensor.Stack([Identity, indefinite])));
        Fails("linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.",
            () => Linalg.Svd(Tensor.FromArray(new double[,] { { 1, double.NaN }, { 0, 1 } })));
    }

    [Fact]
    public void ShapesAndDTypes()
    {
        var ints = Tensor.Ones([3, 3], DType.Int64);
        Fails("linalg.inv: Expected a floating point or complex tensor as input. Got int64", () => Linalg.Inv(ints));
        Fails("linalg.det: Expected a floating point or complex tensor as input. Got int64", () => Linalg.Det(ints));
        Fails("linalg.inv: The input tensor A must have at least 2 dimensions.", () => Linalg.Inv(Tensor.Ones([3], DType.Float64)));
        Fails("linalg.cholesky: A must be batches of square matrices, but they are 2 by 3 matrices", () => Linalg.Cholesky(Tensor.Ones([2, 3], DType.Float64)));
        Fails("linalg.matrix_exp: A must be batches of square matrices, but they are 3 by 2 matrices", () => Linalg.MatrixExp(Tensor.Ones([3, 2], DType.Float64)));
        Fails("matrix_exp: Expected a floating point or complex tensor as input. Got int64", () => Linalg.MatrixExp(ints));
        Fails("linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 2x1)",
            () => Linalg.Solve(Tensor.Eye(3, dtype: DType.Float64), Tensor.Ones([2], DType.Float64)));
        Fails("linalg.solve: Incompatible shapes of A and B for the equation XA = B (3x3 and 2x2)",
            () => Linalg.Solve(Tensor.Eye(3, dtype: DType.Float64), Tensor.Ones([2, 2], DType.Float64), left: false));
        Fails("linalg.solve: Expected A and B to have the same dtype, but found A of type float64 and B of type float32 instead",
            () => Linalg.Solve(Tensor.Eye(3, dtype: DType.Float64), Tensor.Ones([3], DType.Float32)));
        Fails("linalg.solve_triangular: The input tensor B must have at least 2 dimensions.",
            () => Linalg.SolveTriangular(Identity, Tensor.Ones([2], DType.Float64), upper: true));
        Fails("qr received unrecognized mode 'foo' but expected one of 'reduced' (default), 'r', or 'complete'", () => Linalg.Qr(Identity, mode: "foo"));
        Fails("Expected UPLO argument to be 'L' or 'U', but got X", () => Linalg.Eigh(Identity, UPLO: "X"));
        Fails("linalg.eigh: A must be batches of square matrices, but they are 3 by 2 matrices", () => Linalg.Eigh(Tensor.Ones([3, 2], DType.Float64)));
        Fails("linalg.svd: Expected a floating point or complex tensor as input. Got int64", () => Linalg.Svd(ints));
        Fails("This function doesn't handle types other than float and double", () => Linalg.Lstsq(ints, ints));
        Fails("torch.linalg.lstsq: input.size(-2) should match other.size(-2)", () => Linalg.Lstsq(Tensor.Ones([3, 2], DType.Float64), Tensor.Ones([4], DType.Float64)));
        Fails("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)",
            () => Linalg.Lstsq(Tensor.Ones([3, 2], DType.Float64), Tensor.Ones([3], DType.Float64), driver: "foo"));
    }

    [Fact]
    public void NormsAndCross()
    {
        var m = Tensor.Ones([3, 3], DType.Float64);
        Fails("linalg.matrix_norm: Order 3 not supported.", () => Linalg.MatrixNorm(m, 3));
        Fails("linalg.matrix_norm: Order foo not supported.", () => Linalg.MatrixNorm(m, "foo"));
        Fails("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.", () => Linalg.MatrixNorm(Tensor.Ones([3], DType.Float64)));
        Fails("linalg.matrix_norm: dims must be different. Got (0, 0)", () => Linalg.MatrixNorm(m, dim: (0, 0)));
        Fails("linalg.vector_norm: Expected a floating point or complex tensor as input. Got int64", () => Linalg.VectorNorm(Tensor.Ones([3], DType.Int64)));
        Fails("linalg.cross: inputs dimension -1 must have length 3. Got 2 and 2", () => Linalg.Cross(Tensor.Ones([2]), Tensor.Ones([2])));
        Fails("linalg.cross: inputs must have the same number of dimensions.", () => Linalg.Cross(Tensor.Ones([2, 1, 3]), Tensor.Ones([4, 3])));
        Fails("linalg.cross: expected both inputs to have the same dtype, but got int64 and float32", () => Linalg.Cross(Tensor.Ones([3], DType.Int64), Tensor.Ones([3])));
    }

    [Fact]
    public void Products()
    {
        Fails("trace: expected a matrix, but got tensor with dim 1", () => Tensor.Ones([3]).Trace());
        Fails("outer: Expected 1-D argument self, but got 2-D", () => Tensor.Ones([2, 2]).Outer(Tensor.Ones([2])));
        Fails("Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 3].",
            () => Tensor.Ones([3, 5]).Baddbmm(Tensor.Ones([2, 3, 4]), Tensor.Ones([2, 3, 5])));
        Fails("batch1 and batch2 must have same number of batches, got 2 and 3", () => Tensor.Ones([3, 5]).Addbmm(Tensor.Ones([2, 3, 4]), Tensor.Ones([3, 4, 5])));
        Fails("Input dtypes must be the same, got: input float64, batch1: float32, batch2: float32",
            () => Tensor.Ones([3, 5], DType.Float64).Baddbmm(Tensor.Ones([2, 3, 4]), Tensor.Ones([2, 4, 5])));
        Assert.StartsWith("The expanded size of the tensor must match the existing size",
            Assert.Throws<ArgumentException>(() => Tensor.Ones([4, 5]).Baddbmm(Tensor.Ones([2, 3, 4]), Tensor.Ones([2, 4, 5]))).Message);
        Fails("size mismatch, got input (3), mat (3x4), vec (5)", () => Tensor.Ones([3]).Addmv(Tensor.Ones([3, 4]), Tensor.Ones([5])));
        Fails("X1 and X2 must have the same number of columns. X1: 4 X2: 5", () => Tensor.Cdist(Tensor.Ones([3, 4]), Tensor.Ones([2, 5])));
        Fails("cdist only supports floating-point dtypes, X1 got: int64", () => Tensor.Cdist(Tensor.Ones([3, 4], DType.Int64), Tensor.Ones([2, 4], DType.Int64)));
        Fails("cdist only supports non-negative p values", () => Tensor.Cdist(Tensor.Ones([3, 4]), Tensor.Ones([2, 4]), p: -1));
        Fails("cdist only supports at least 2D tensors, X1 got: 1D", () => Tensor.Cdist(Tensor.Ones([4]), Tensor.Ones([4])));
        Fails("tensordot expects dims >= 0, but got dims=-1", () => Tensor.Tensordot(Tensor.Ones([2, 3]), Tensor.Ones([3, 2]), dims: -1));
        Fails("both dimension lists should have same length", () => Tensor.Tensordot(Tensor.Ones([2, 3]), Tensor.Ones([3, 2]), ([0, 1], [0])));
        Fails("contracted dimensions need to match, but first has size 3 in dim -1 and second has size 2 in dim 0",
            () => Tensor.Tensordot(Tensor.Ones([2, 3]), Tensor.Ones([2, 3]), dims: 1));
    }

    [Fact]
    public void EinsumEquations()
    {
        var m = Tensor.Ones([2, 2]);
        Fails("einsum(): fewer operands were provided than specified in the equation", () => Tensor.Einsum("ij,jk", m));
        Fails("einsum(): more operands were provided than specified in the equation", () => Tensor.Einsum("ij", m, m));
        Fails("einsum(): invalid subscript given at index 2 in the equation string, subscripts must be in [a-zA-Z]", () => Tensor.Einsum("ij1", m));
        Fails("einsum(): output subscript k does not appear in the equation for any input operand", () => Tensor.Einsum("ij->k", m));
        Fails("einsum(): output subscript i appears more than once in the output", () => Tensor.Einsum("ij->ii", m));
        Fails("einsum(): the number of subscripts in the equation (3) does not match the number of dimensions (2) for operand 0 and no ellipsis was given",
            () => Tensor.Einsum("ijk", m));
        Fails("einsum(): subscript j has size 3 for operand 1 which does not broadcast with previously seen size 2", () => Tensor.Einsum("ij,jk", m, Tensor.Ones([3, 2])));
        Fails("einsum(): subscript i is repeated for operand 0 but the sizes don't match, 3 != 2", () => Tensor.Einsum("ii", Tensor.Ones([2, 3])));
        Fails("einsum(): found '.' for operand 0 that is not part of any ellipsis", () => Tensor.Einsum("i.j", m));
        Fails("einsum(): must provide at least one operand", () => Tensor.Einsum("ij"));
    }
}
