using Nabla.Kernels;

namespace Nabla;

// unique: the distinct elements (or slices) of a tensor.
public partial class Tensor
{
    /// <summary>
    /// The distinct elements in ascending order, like <c>torch.unique(x, sorted=True, return_inverse=False,
    /// return_counts=False, dim=None)</c>; with <paramref name="returnInverse"/>, where each element's value
    /// is among them (x's shape); with <paramref name="returnCounts"/>, how often each occurs. With
    /// <paramref name="dim"/>, the distinct slices along that dim, in lexicographic order. The result is always
    /// sorted (PyTorch leaves the order unspecified for <paramref name="sorted"/> false), NaN elements are all
    /// distinct, as in PyTorch, and nothing is differentiable.
    /// </summary>
    /// <example><code>var (classes, _, counts) = labels.Unique(returnCounts: true);</code></example>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="dim"/> is not a dim of this tensor.</exception>
    public (Tensor Output, Tensor? InverseIndices, Tensor? Counts) Unique(bool sorted = true, bool returnInverse = false, bool returnCounts = false, int? dim = null)
    {
        var (output, inverse, counts) = dim is { } d ? UniqueSlices(d) : Uniques.OfElements(this);
        return (output, returnInverse ? inverse : null, returnCounts ? counts : null);
    }

    // The slices along the dim become rows (the dim moved first, the rest flattened), and back.
    private (Tensor, Tensor, Tensor) UniqueSlices(int dim)
    {
        if (Dim == 0) throw new ArgumentOutOfRangeException(nameof(dim), $"Dimension specified as {dim} but tensor has no dimensions");
        int d = ShapeMath.NormalizeDim(dim, Dim);
        var moved = Detach().Transpose(0, d);
        int n = moved.ShapeArray[0];
        var (rows, inverse, counts) = Uniques.OfRows(moved.Reshape(n, n == 0 ? 0 : Count / n));
        int[] shape = [rows.ShapeArray[0], .. moved.ShapeArray[1..]];
        return (rows.View(shape).Transpose(0, d).Contiguous(), inverse, counts);
    }
}
