using Nabla.Kernels;

namespace Nabla;

// Triangles and diagonals of matrices (the last two dims, or any two for diagonal): tril, triu,
// diagonal (a view), diag and diag_embed.
public partial class Tensor
{
    /// <summary>
    /// The lower triangle of each matrix (the last two dims): elements with column - row ≤ <paramref name="diagonal"/>
    /// are kept, the rest set to 0, like <c>x.tril(diagonal)</c> (node <c>TrilBackward0</c>). Any dtype.
    /// </summary>
    /// <exception cref="ArgumentException">For a tensor with fewer than 2 dims.</exception>
    public Tensor Tril(int diagonal = 0) => Derivatives.Tril.Record(Triangle(diagonal, lower: true), [this], diagonal);

    /// <summary>
    /// The upper triangle of each matrix: elements with column - row ≥ <paramref name="diagonal"/> are kept,
    /// the rest set to 0, like <c>x.triu(diagonal)</c> (node <c>TriuBackward0</c>). Any dtype.
    /// </summary>
    /// <exception cref="ArgumentException">For a tensor with fewer than 2 dims.</exception>
    public Tensor Triu(int diagonal = 0) => Derivatives.Triu.Record(Triangle(diagonal, lower: false), [this], diagonal);

    // One rows×cols mask, broadcast over the batch dims by the select kernel.
    private Tensor Triangle(int diagonal, bool lower)
    {
        if (Dim < 2) throw new ArgumentException($"{(lower ? "tril" : "triu")}: input tensor must have at least 2 dimensions (got shape {ShapeMath.Format(ShapeArray)})");
        int rows = ShapeArray[^2], cols = ShapeArray[^1];
        var keep = new bool[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                keep[i * cols + j] = lower ? j - i <= diagonal : j - i >= diagonal;
        return Compute.Where(FromArray(keep, [rows, cols]), this, Wrap(0, DType), DType);
    }

    /// <summary>
    /// The diagonal of the matrices formed by dims <paramref name="dim1"/> and <paramref name="dim2"/>, as a view
    /// appended as the last dim; <paramref name="offset"/> &gt; 0 takes a diagonal above the main one, &lt; 0 one
    /// below, like <c>x.diagonal(offset, dim1, dim2)</c> (node <c>DiagonalBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the two dims are the same.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a dim is out of range.</exception>
    public Tensor Diagonal(int offset = 0, int dim1 = 0, int dim2 = 1)
    {
        var (a, b) = DiagonalDims(dim1, dim2, Dim);
        return Derivatives.Diagonal.Record(DiagonalView(offset, a, b), [this], (offset, a, b));
    }

    /// <summary>
    /// For a 1-d tensor, the square matrix with it on diagonal <paramref name="diagonal"/> (as <see cref="DiagEmbed"/>,
    /// node <c>DiagEmbedBackward0</c>); for a 2-d tensor, a copy of that diagonal (node <c>DiagonalBackward0_copy</c>, as
    /// PyTorch 2 names its diagonal_copy), like <c>torch.diag</c>.
    /// </summary>
    /// <exception cref="ArgumentException">For a tensor that is not 1-d or 2-d.</exception>
    public Tensor Diag(int diagonal = 0)
    {
        if (Dim is not (1 or 2)) throw new ArgumentException($"diag(): Supports 1D or 2D tensors. Got {Dim}D");
        if (Dim == 1) return DiagEmbed(diagonal);
        return Derivatives.DiagonalCopy.Record(Compute.Clone(DiagonalView(diagonal, 0, 1)), [this], (diagonal, 0, 1));
    }

    /// <summary>
    /// Puts the last dim on the diagonal <paramref name="offset"/> of new matrices over dims <paramref name="dim1"/>
    /// and <paramref name="dim2"/> of the result (one dim more than the input), zeros elsewhere, like
    /// <c>torch.diag_embed</c> (node <c>DiagEmbedBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a 0-d tensor, or when the two dims are the same.</exception>
    public Tensor DiagEmbed(int offset = 0, int dim1 = -2, int dim2 = -1)
    {
        if (Dim == 0) throw new ArgumentException("diag_embed needs a tensor with at least 1 dimension, got a 0-d tensor");
        var (a, b) = DiagonalDims(dim1, dim2, Dim + 1);
        int n = ShapeArray[^1] + Math.Abs(offset);
        var batch = ShapeArray[..^1];
        var shape = new int[Dim + 1];
        for (int d = 0, k = 0; d < shape.Length; d++) shape[d] = d == a || d == b ? n : batch[k++];
        var result = Zeros(shape, DType);
        Compute.CopyInto(result.DiagonalView(offset, a, b), this);
        return Derivatives.DiagEmbed.Record(result, [this], (offset, a, b));
    }

    /// <summary>diagonal's backward: this gradient written onto the diagonal of zeros of <paramref name="shape"/>; its own backward takes the diagonal again.</summary>
    internal Tensor DiagonalBackward(int[] shape, (int Offset, int Dim1, int Dim2) args)
        => Derivatives.DiagonalBackward.Record(EmbeddedIn(shape, t => t.DiagonalView(args.Offset, args.Dim1, args.Dim2)), [this], args);

    private static (int, int) DiagonalDims(int dim1, int dim2, int rank)
    {
        int a = ShapeMath.NormalizeDim(dim1, rank), b = ShapeMath.NormalizeDim(dim2, rank);
        if (a == b) throw new ArgumentException($"diagonal dimensions cannot be identical {dim1}, {dim2}");
        return (a, b);
    }

    // The other dims in order, then the diagonal, whose step is one row and one column at once.
    private Tensor DiagonalView(int offset, int a, int b)
    {
        if (Dim < 2) throw new ArgumentException($"diagonal needs a tensor with at least 2 dims, got shape {ShapeMath.Format(ShapeArray)}");
        int length = Math.Max(offset >= 0 ? Math.Min(ShapeArray[a], ShapeArray[b] - offset) : Math.Min(ShapeArray[a] + offset, ShapeArray[b]), 0);
        int start = Offset;
        if (length > 0) start += offset >= 0 ? offset * StrideArray[b] : -offset * StrideArray[a];
        var shape = new List<int>();
        var strides = new List<int>();
        for (int d = 0; d < Dim; d++)
            if (d != a && d != b)
            {
                shape.Add(ShapeArray[d]);
                strides.Add(StrideArray[d]);
            }
        shape.Add(length);
        strides.Add(StrideArray[a] + StrideArray[b]);
        return ViewAs([.. shape], [.. strides], start);
    }
}
