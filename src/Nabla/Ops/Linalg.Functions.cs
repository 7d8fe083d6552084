namespace Nabla;

// The matrix exponential and the cross product.
public static partial class Linalg
{
    // Higham (2005), "The scaling and squaring method for the matrix exponential revisited": the [13/13] Padé
    // approximant's coefficients, and the 1-norm up to which it is accurate to double precision without scaling.
    private static readonly double[] s_pade13 =
    [
        64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
        10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
    ];

    private const double Pade13Theta = 5.371920351148152;

    /// <summary>
    /// The matrix exponential e^A = Σ Aᵏ/k! of each square matrix, like <c>torch.linalg.matrix_exp</c> (node
    /// <c>LinalgMatrixExpBackward0</c>), by scaling and squaring with a [13/13] Padé approximant. Its gradient
    /// is itself a matrix exponential (of a 2n×2n block matrix), so it differentiates again.
    /// </summary>
    /// <exception cref="ArgumentException">When A is not a batch of square float matrices.</exception>
    public static Tensor MatrixExp(Tensor A)
    {
        CheckMatrices(A, "matrix_exp");
        CheckSquareShape(A, "linalg.matrix_exp");
        return Derivatives.LinalgMatrixExp.Record(A.Numel == 0 ? Tensor.ZerosLike(A) : ScaledPadeExp(A.Detach()), A);
    }

    // Each matrix is scaled by 2^-s so that its 1-norm is at most θ₁₃, its exponential approximated by
    // Padé, then squared s times: e^A = (e^(A/2^s))^(2^s).
    private static Tensor ScaledPadeExp(Tensor a)
    {
        int n = a.Size(-1);
        var flat = a.Reshape(-1, n, n);
        var norms = flat.Abs().Sum(-2).Max(-1).Values.To(DType.Float64).ToArray<double>();   // the 1-norm: the largest column sum
        var squarings = norms.Select(norm => double.IsFinite(norm) && norm > Pade13Theta ? (int)Math.Ceiling(Math.Log2(norm / Pade13Theta)) : 0).ToArray();
        var scale = Tensor.FromArray(squarings.Select(s => Math.ScaleB(1.0, -s)).ToArray(), [squarings.Length, 1, 1], a.DType);
        var x = Pade13(flat * scale);
        for (int step = 0, most = squarings.DefaultIfEmpty().Max(); step < most; step++)
        {
            var more = Tensor.FromArray(squarings.Select(s => s > step).ToArray(), [squarings.Length, 1, 1]);
            x = x.MatMul(x).Where(more, x);
        }
        return Reshaped(x.Contiguous(), a.ShapeArray);   // not a view of the scratch batch
    }

    // r₁₃(A) = (V - U)⁻¹(V + U), U the odd and V the even part of the numerator, evaluated with six products.
    private static Tensor Pade13(Tensor a)
    {
        var b = s_pade13;
        var identity = Tensor.Eye(a.Size(-1), dtype: a.DType);
        var a2 = a.MatMul(a);
        var a4 = a2.MatMul(a2);
        var a6 = a4.MatMul(a2);
        var u = a.MatMul(a6.MatMul(a6 * b[13] + a4 * b[11] + a2 * b[9]) + a6 * b[7] + a4 * b[5] + a2 * b[3] + identity * b[1]);
        var v = a6.MatMul(a6 * b[12] + a4 * b[10] + a2 * b[8]) + a6 * b[6] + a4 * b[4] + a2 * b[2] + identity * b[0];
        return Solve(v - u, v + u);
    }

    /// <summary>
    /// The cross product of the 3-vectors along <paramref name="dim"/>, like <c>torch.linalg.cross</c> (node
    /// <c>LinalgCrossBackward0</c>); the other dims broadcast. Integer tensors work too.
    /// </summary>
    /// <exception cref="ArgumentException">When the inputs differ in rank or dtype, or their size along the dim is not 3.</exception>
    public static Tensor Cross(Tensor input, Tensor other, int dim = -1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(other);
        if (input.Dim != other.Dim) throw new ArgumentException("linalg.cross: inputs must have the same number of dimensions.", nameof(other));
        if (input.DType != other.DType)
            throw new ArgumentException($"linalg.cross: expected both inputs to have the same dtype, but got {input.DType.Name()} and {other.DType.Name()}", nameof(other));
        int d = ShapeMath.NormalizeDim(dim, input.Dim);
        if (input.Size(d) != 3 || other.Size(d) != 3)
            throw new ArgumentException($"linalg.cross: inputs dimension {dim} must have length 3. Got {input.Size(d)} and {other.Size(d)}", nameof(dim));
        var shape = ShapeMath.Broadcast(input.ShapeArray, other.ShapeArray);
        var (a, b) = (input.Detach().Expand(shape), other.Detach().Expand(shape));
        Tensor Part(Tensor t, int i) => t.Narrow(d, i, 1);
        var result = Tensor.Cat(
        [
            Part(a, 1) * Part(b, 2) - Part(a, 2) * Part(b, 1),
            Part(a, 2) * Part(b, 0) - Part(a, 0) * Part(b, 2),
            Part(a, 0) * Part(b, 1) - Part(a, 1) * Part(b, 0),
        ], d);
        return Derivatives.LinalgCross.Record(result, [input, other], d);
    }
}
