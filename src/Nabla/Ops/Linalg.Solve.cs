using Nabla.Kernels;

namespace Nabla;

// Linear systems, inverses and determinants: all through LU with partial pivoting.
public static partial class Linalg
{
    /// <summary>
    /// The solution X of A X = B (or X A = B when <paramref name="left"/> is false), like
    /// <c>torch.linalg.solve</c> (node <c>LinalgSolveExBackward0</c>). B is a batch of matrices [..., n, k],
    /// or of vectors [..., n] (1-d, or A's shape without its last dim); batch dims broadcast.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of square float matrices, the shapes or dtypes do not match, or A is singular.</exception>
    public static Tensor Solve(Tensor A, Tensor B, bool left = true)
    {
        const string op = "linalg.solve";
        CheckSquare(A, op);
        ArgumentNullException.ThrowIfNull(B);
        CheckSameDType(A, B, op);
        bool vector = IsVectorRhs(A, B);
        var b = vector ? B.Detach().Unsqueeze(-1) : B.Detach();
        int n = A.Size(-1);
        if (b.Dim < 2 || (left ? b.Size(-2) : b.Size(-1)) != n)
            throw new ArgumentException($"{op}: Incompatible shapes of A and B for the equation {(left ? "AX = B" : "XA = B")} ({A.Size(-2)}x{n} and {b.Size(-2)}x{b.Size(-1)})", nameof(B));
        var batch = BatchShape(A, b);
        var a = A.Detach().Expand([.. batch, n, n]);
        b = b.Expand([.. batch, .. b.ShapeArray[^2..]]);
        if (!left) (a, b) = (a.Transpose(-2, -1), b.Transpose(-2, -1));   // X A = B is Aᵀ Xᵀ = Bᵀ
        var (x, info) = LuDecomposition.Solve(a, b, factorTranspose: left == A.IsContiguous);   // PyTorch factors Aᵀ for a contiguous A
        ThrowIfFailed(info, batch.Length > 0, op, _ => "The solver failed because the input matrix is singular.");
        if (!left) x = Compute.Clone(x.Transpose(-2, -1));
        if (vector) x = Reshaped(x, x.ShapeArray[..^1]);
        return Derivatives.LinalgSolve.Record(x, [A, B], (left, vector));
    }

    /// <summary>
    /// The solution X of A X = B (or X A = B) for a triangular A, like <c>torch.linalg.solve_triangular</c>
    /// (node <c>LinalgSolveTriangularBackward0</c>): only A's upper (or lower) triangle is read, and its
    /// diagonal is taken as ones when <paramref name="unitriangular"/>. Batch dims broadcast. As in PyTorch,
    /// a zero on the diagonal is not an error: it gives infinities.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of square float matrices or B does not fit it.</exception>
    public static Tensor SolveTriangular(Tensor A, Tensor B, bool upper, bool left = true, bool unitriangular = false)
    {
        const string op = "linalg.solve_triangular";
        CheckSquare(A, op);
        CheckMatrices(B, op, nameof(B));
        CheckSameDType(A, B, op);
        int n = A.Size(-1);
        if ((left ? B.Size(-2) : B.Size(-1)) != n)
            throw new ArgumentException($"{op}: Incompatible shapes of A and B for the equation {(left ? "AX = B" : "XA = B")} ({A.Size(-2)}x{n} and {B.Size(-2)}x{B.Size(-1)})", nameof(B));
        var batch = BatchShape(A, B);
        var x = TriangularSolve.Solve(A.Detach().Expand([.. batch, n, n]), B.Detach().Expand([.. batch, .. B.ShapeArray[^2..]]), upper, left, unitriangular);
        return Derivatives.LinalgSolveTriangular.Record(x, [A, B], (upper, left, unitriangular));
    }

    /// <summary>The inverse of each square matrix, like <c>torch.linalg.inv</c> (node <c>LinalgInvExBackward0</c>).</summary>
    /// <exception cref="ArgumentException">When A is not a batch of square float matrices, or one of them is singular.</exception>
    public static Tensor Inv(Tensor A)
    {
        const string op = "linalg.inv";
        CheckSquare(A, op);
        var (inverse, info) = LuDecomposition.Inverse(A.Detach(), factorTranspose: A.IsContiguous);
        ThrowIfFailed(info, A.Dim > 2, op, k => $"The diagonal element {k} is zero, the inversion could not be completed because the input matrix is singular.");
        return Derivatives.LinalgInv.Record(inverse, A);
    }

    /// <summary>
    /// The determinant of each square matrix, like <c>torch.linalg.det</c> (node <c>LinalgDetBackward0</c>).
    /// The gradient of a singular matrix is its adjugate, computed through the SVD as PyTorch does.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of square float matrices.</exception>
    public static Tensor Det(Tensor A)
    {
        CheckSquare(A, "linalg.det");
        var (det, _) = LuDecomposition.Determinant(A.Detach(), logarithmic: false, factorTranspose: A.IsContiguous);
        return Derivatives.LinalgDet.Record(det, A);
    }

    /// <summary>
    /// The sign and the natural log of the absolute value of each determinant, like <c>torch.linalg.slogdet</c>
    /// (node <c>LinalgSlogdetBackward0</c>): accurate where the determinant itself would overflow or underflow.
    /// A singular matrix gives sign 0 and log -∞.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of square float matrices.</exception>
    public static (Tensor Sign, Tensor LogAbsDet) Slogdet(Tensor A)
    {
        CheckSquare(A, "linalg.slogdet");
        var (sign, logAbs) = LuDecomposition.Determinant(A.Detach(), logarithmic: true, factorTranspose: A.IsContiguous);
        Derivatives.LinalgSlogdet.Record([sign, logAbs!], [A], default);
        return (sign, logAbs!);
    }
}
