namespace Nabla;

/// <summary>
/// PyTorch's <c>torch.linalg</c>: solves, inverses, determinants, decompositions (Cholesky, QR,
/// symmetric eigendecomposition, SVD), least squares, norms, the matrix exponential and the cross
/// product, each with PyTorch's gradient formulas (double backward and forward mode included). Every
/// function takes leading batch dims, [..., m, n], and float32 or float64 matrices.
/// </summary>
/// <example>
/// <code>
/// var x = Linalg.Solve(A, B);                 // A X = B
/// var (q, r) = Linalg.Qr(A);
/// var (eigenvalues, eigenvectors) = Linalg.Eigh(S);
/// </code>
/// </example>
public static partial class Linalg
{
    /// <summary>Throws unless <paramref name="a"/> is a batch of float32 or float64 matrices, with PyTorch's messages.</summary>
    private static void CheckMatrices(Tensor a, string op, string name = "A")
    {
        ArgumentNullException.ThrowIfNull(a, name);
        if (a.Dim < 2)
            throw new ArgumentException($"{op}: The input tensor {name} must have at least 2 dimensions.", name);
        CheckFloating(a, op, name);
    }

    private static void CheckFloating(Tensor a, string op, string name)
    {
        if (!a.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: Expected a floating point or complex tensor as input. Got {a.DType.Name()}", name);
    }

    /// <summary>Throws unless <paramref name="a"/> is a batch of square float matrices.</summary>
    private static void CheckSquare(Tensor a, string op, string name = "A")
    {
        CheckMatrices(a, op, name);
        CheckSquareShape(a, op, name);
    }

    private static void CheckSquareShape(Tensor a, string op, string name = "A")
    {
        if (a.Size(-1) != a.Size(-2))
            throw new ArgumentException($"{op}: {name} must be batches of square matrices, but they are {a.Size(-2)} by {a.Size(-1)} matrices", name);
    }

    private static void CheckSameDType(Tensor a, Tensor b, string op)
    {
        if (a.DType != b.DType)
            throw new ArgumentException($"{op}: Expected A and B to have the same dtype, but found A of type {a.DType.Name()} and B of type {b.DType.Name()} instead", "B");
    }

    /// <summary>
    /// Throws the error LAPACK's info code means for the first matrix that failed, with PyTorch's
    /// "(Batch element i): " prefix when the input is a batch.
    /// </summary>
    private static void ThrowIfFailed(int[] info, bool batched, string op, Func<int, string> message)
    {
        int i = Array.FindIndex(info, code => code != 0);
        if (i < 0) return;
        throw new ArgumentException($"{op}: {(batched ? $"(Batch element {i}): " : "")}{message(info[i])}", "A");
    }

    /// <summary>PyTorch's rule for a right-hand side that is a vector: 1-d, or the shape of A without its last dim.</summary>
    private static bool IsVectorRhs(Tensor a, Tensor b) => b.Dim == 1 || (b.Dim == a.Dim - 1 && b.ShapeArray.AsSpan().SequenceEqual(a.ShapeArray.AsSpan(0, a.Dim - 1)));

    /// <summary>The broadcast batch dims of two batches of matrices.</summary>
    private static int[] BatchShape(Tensor a, Tensor b) => ShapeMath.Broadcast(a.ShapeArray[..^2], b.ShapeArray[..^2]);

    /// <summary>Whether an op whose backward needs more than its result (the vectors behind eigvalsh, svdvals) must compute it.</summary>
    private static bool NeedsGradient(Tensor a) => (GradMode.IsEnabled && a.RequiresGrad) || ForwardGrad.AnyLevelOpen;

    /// <summary>
    /// A contiguous result under another shape, as a tensor of its own rather than a view: a result must not
    /// look like a view of the kernel's scratch tensor (in-place ops treat views specially).
    /// </summary>
    private static Tensor Reshaped(Tensor contiguous, params int[] shape) => new(contiguous.Storage, shape, ShapeMath.ContiguousStrides(shape), contiguous.Offset);

    /// <summary>A result computed by composing ops (a batched matmul ends in a view) as a contiguous tensor of its own.</summary>
    private static Tensor Fresh(Tensor t)
    {
        var dense = t.Contiguous();
        return Reshaped(dense, dense.ShapeArray);
    }

    /// <summary>The machine epsilon of a float dtype (PyTorch's <c>_get_epsilon</c>).</summary>
    internal static double Epsilon(DType dtype) => dtype == DType.Float32 ? MathF.BitIncrement(1f) - 1f : Math.BitIncrement(1.0) - 1.0;
}
