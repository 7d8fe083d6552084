using Nabla.Kernels;

namespace Nabla;

// Sorting and order statistics along a dim: sort, argsort, topk, kthvalue, median, nanmedian. NaN
// counts as the largest value, as in PyTorch; positions are int64.
public partial class Tensor
{
    /// <summary>
    /// The elements along <paramref name="dim"/> in ascending (or descending) order and the positions they
    /// came from, like <c>x.sort(dim=-1, descending=False, stable=None)</c>. Equal elements always keep
    /// their order (the sort is stable whatever <paramref name="stable"/> says); NaN sorts as the largest
    /// value. Giving <paramref name="stable"/> selects PyTorch's <c>sort.stable</c> overload, whose node is
    /// <c>SortBackward1</c>.
    /// </summary>
    /// <example><code>var (sorted, order) = x.Sort(dim: 0, descending: true);</code></example>
    public (Tensor Values, Tensor Indices) Sort(int dim = -1, bool descending = false, bool? stable = null)
    {
        var lines = AsLines(dim, out int d);
        var (values, indices) = Sorting.Sort(lines, d, descending);
        var row = stable is null ? Derivatives.Sort : Derivatives.SortStable;
        return Picked(row, values, indices, d, keepDim: true);
    }

    /// <summary>The positions that sort the elements along <paramref name="dim"/>, like <c>x.argsort(dim=-1, descending=False, stable=False)</c> (always stable).</summary>
    public Tensor Argsort(int dim = -1, bool descending = false, bool stable = false)
    {
        var lines = AsLines(dim, out int d);
        return FromLines(Sorting.Sort(lines, d, descending).Indices);
    }

    /// <summary>
    /// The <paramref name="k"/> largest (or, with <paramref name="largest"/> false, smallest) elements along
    /// <paramref name="dim"/> and their positions, like <c>x.topk(k, dim=-1, largest=True, sorted=True)</c>,
    /// found by selection (linear time) and then sorted if <paramref name="sorted"/>; NaN counts as the largest.
    /// </summary>
    /// <example><code>var (values, indices) = logits.TopK(3, dim: -1);</code></example>
    /// <exception cref="ArgumentOutOfRangeException">When k is negative or larger than the dim.</exception>
    public (Tensor Values, Tensor Indices) TopK(int k, int dim = -1, bool largest = true, bool sorted = true)
    {
        var lines = AsLines(dim, out int d);
        if (k < 0 || k > lines.ShapeArray[d])
            throw new ArgumentOutOfRangeException(nameof(k), $"topk(): selected index k out of range: k is {k}, but dim {d} has {lines.ShapeArray[d]} elements");
        // A 0-d tensor gives itself for k = 0 as for k = 1, as in PyTorch (its results have no dim to be empty along).
        var (values, indices) = Sorting.Top(lines, d, Dim == 0 ? 1 : k, largest, sorted);
        return Picked(Derivatives.TopK, values, indices, d, keepDim: true);
    }

    /// <summary>The <paramref name="k"/>-th smallest element (k from 1) along <paramref name="dim"/> and its position, like <c>x.kthvalue(k, dim=-1, keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When k is not in [1, size of the dim].</exception>
    public (Tensor Values, Tensor Indices) Kthvalue(int k, int dim = -1, bool keepDim = false)
    {
        var lines = AsLines(dim, out int d);
        if (k < 1 || k > lines.ShapeArray[d])
            throw new ArgumentOutOfRangeException(nameof(k), $"kthvalue(): selected number k out of range for dimension {d}: k is {k}, but the dim has {lines.ShapeArray[d]} elements");
        var (values, indices) = Sorting.Pick(lines, d, LinePick.Rank, k - 1);
        return Picked(Derivatives.Kthvalue, values, indices, d, keepDim, rank: Wrap(k, DType.Int64));
    }

    /// <summary>
    /// The median of all elements, like <c>x.median()</c>: the lower of the two middle values for an even
    /// count, NaN if any element is NaN (or the tensor is empty); the gradient is shared among equal elements.
    /// </summary>
    public Tensor Median() => MedianOfAll(LinePick.Median, Derivatives.Median);

    /// <summary>The median along <paramref name="dim"/> and its position, like <c>x.median(dim, keepdim=False)</c>; a line with NaN gives its first NaN.</summary>
    /// <exception cref="ArgumentException">When the dim is empty.</exception>
    public (Tensor Values, Tensor Indices) Median(int dim, bool keepDim = false) => MedianAlong(dim, keepDim, LinePick.Median, Derivatives.MedianDim, "median");

    /// <summary>The median of the elements that are not NaN, like <c>x.nanmedian()</c> (NaN when all are).</summary>
    public Tensor NanMedian() => MedianOfAll(LinePick.NanMedian, Derivatives.NanMedian);

    /// <summary>The median along <paramref name="dim"/> of the elements that are not NaN, and its position, like <c>x.nanmedian(dim, keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When the dim is empty.</exception>
    public (Tensor Values, Tensor Indices) NanMedian(int dim, bool keepDim = false) => MedianAlong(dim, keepDim, LinePick.NanMedian, Derivatives.NanMedianDim, "nanmedian");

    private Tensor MedianOfAll(LinePick pick, Derivative<NoArgs> row)
    {
        if (Count == 0)
        {
            if (!DType.IsFloatingPoint()) throw new ArgumentException($"median() of an empty {DType.Name()} tensor has no value (a floating tensor gives NaN)");
            return row.Record(Full([], double.NaN, DType), this);
        }
        var (values, _) = Sorting.Pick(Detach().Reshape(-1), 0, pick);
        return row.Record(values.View([]), this);
    }

    private (Tensor Values, Tensor Indices) MedianAlong(int dim, bool keepDim, LinePick pick, Derivative<(int Dim, bool KeepDim)> row, string op)
    {
        var lines = AsLines(dim, out int d);
        if (lines.ShapeArray[d] == 0) throw new ArgumentException($"{op}(): Expected reduction dim {d} to have non-zero size.");
        var (values, indices) = Sorting.Pick(lines, d, pick);
        return Picked(row, values, indices, d, keepDim);
    }

    /// <summary>This tensor as lines along <paramref name="dim"/>: a 0-d tensor is one line of one element (it takes dim 0 or -1).</summary>
    private Tensor AsLines(int dim, out int d)
    {
        d = ShapeMath.NormalizeDim(dim, Dim);
        return Dim == 0 ? Detach().Reshape(1) : this;
    }

    /// <summary>A result computed on <see cref="AsLines"/> back in this tensor's rank.</summary>
    private Tensor FromLines(Tensor t) => Dim == 0 ? t.View([]) : t;

    /// <summary>
    /// Values and positions picked along dim <paramref name="d"/> (kept there with the picked count),
    /// shaped for <paramref name="keepDim"/> and recorded with the positions saved for the gradient.
    /// </summary>
    // rank: kthvalue's k, offered as Other for exporters (Nabla.Onnx), which see the row's arguments and saved values only.
    private (Tensor Values, Tensor Indices) Picked(Derivative<(int Dim, bool KeepDim)> row, Tensor values, Tensor indices, int d, bool keepDim, Tensor? rank = null)
    {
        if (Dim == 0 || !keepDim)
        {
            values = Dim == 0 ? FromLines(values) : values.Squeeze(d);
            indices = Dim == 0 ? FromLines(indices) : indices.Squeeze(d);
        }
        return (row.Record(values, [this], (d, keepDim), (Slot.Indices, indices), (Slot.Other, rank!)), indices);   // a null rank is not offered
    }
}
