using System.Numerics.Tensors;
using Nabla.Kernels;

namespace Nabla;

// Select, narrow and slice (views), cat/stack, and index-based gathers, each with its rule. The indexer
// x[...] is in Tensor.Indexer.cs.
public partial class Tensor
{
    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, removing the dim (a view), like <c>x.select(dim, index)</c>.</summary>
    public Tensor Select(int dim, int index)
    {
        int d = ShapeMath.NormalizeDim(dim, Dim);
        int size = ShapeArray[d];
        if (index < -size || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is out of bounds for dimension {d} with size {size}");
        int i = index < 0 ? index + size : index;
        var view = ViewAs(Reductions.Without(ShapeArray, d), Reductions.Without(StrideArray, d), Offset + i * StrideArray[d]);
        return Derivatives.Select.Record(view, [this], (d, i));
    }

    /// <summary><paramref name="length"/> elements from <paramref name="start"/> along <paramref name="dim"/> (a view), like <c>x.narrow(dim, start, length)</c>.</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        int d = ShapeMath.NormalizeDim(dim, Dim);
        if (start < 0 && start >= -ShapeArray[d]) start += ShapeArray[d];   // a negative start counts from the end, as in PyTorch
        if (start < 0 || length < 0 || start + length > ShapeArray[d])
            throw new ArgumentOutOfRangeException(nameof(start), $"start ({start}) + length ({length}) exceeds dimension size ({ShapeArray[d]}) of dim {d}");
        return SliceView(new SliceArgs(d, start, start + length, 1));
    }

    /// <summary>
    /// Every <paramref name="step"/>-th element from <paramref name="start"/> up to <paramref name="end"/>
    /// (excluded) along <paramref name="dim"/> (a view), like <c>x[:, start:end:step]</c> (<c>x.slice(dim, start, end, step)</c>
    /// in libtorch): null bounds mean the ends of the dim, negative ones count from the end, and bounds
    /// past the dim are clamped, as in Python.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="step"/> is not positive or <paramref name="dim"/> is out of range.</exception>
    public Tensor Slice(int dim = 0, int? start = null, int? end = null, int step = 1)
    {
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), $"slice step must be positive, got {step}");
        if (Dim == 0) throw new ArgumentException("slice() cannot be applied to a 0-dim tensor.", nameof(dim));
        int d = ShapeMath.NormalizeDim(dim, Dim);
        var (from, to) = ClampedBounds(start is int s ? Bound(s) : System.Index.Start, end is int e ? Bound(e) : System.Index.End, ShapeArray[d]);
        return SliceView(new SliceArgs(d, from, to, step));

        static System.Index Bound(int bound) => bound >= 0 ? System.Index.FromStart(bound) : System.Index.FromEnd(-bound);
    }

    // Python's slice bounds: counted from the end where asked, then clamped into the dim (an empty slice when end < start).
    private static (int Start, int End) ClampedBounds(System.Index start, System.Index end, int size)
    {
        int from = Math.Clamp(start.IsFromEnd ? size - start.Value : start.Value, 0, size);
        int to = Math.Clamp(end.IsFromEnd ? size - end.Value : end.Value, 0, size);
        return (from, Math.Max(to, from));
    }

    /// <summary>The view of a normalised slice (bounds within the dim, a positive step), recorded as <c>SliceBackward0</c>.</summary>
    internal Tensor SliceView(SliceArgs slice)
    {
        var (d, start, end, step) = slice;
        var shape = (int[])ShapeArray.Clone();
        var strides = (int[])StrideArray.Clone();
        shape[d] = (end - start + step - 1) / step;
        strides[d] *= step;
        var view = ViewAs(shape, strides, Offset + start * StrideArray[d]);
        return Derivatives.Slice.Record(view, [this], slice);
    }

    /// <summary>select's backward: this gradient written at <paramref name="index"/> into zeros of <paramref name="shape"/>; its own backward selects again.</summary>
    internal Tensor SelectBackward(int[] shape, int dim, int index)
        => Derivatives.SelectBackward.Record(EmbeddedIn(shape, t => t.Select(dim, index)), [this], (dim, index));

    /// <summary>slice's backward: this gradient written into the slice of zeros of <paramref name="shape"/>.</summary>
    internal Tensor SliceBackward(int[] shape, SliceArgs slice)
        => Derivatives.SliceBackward.Record(EmbeddedIn(shape, t => t.SliceView(slice)), [this], slice);

    /// <summary>
    /// Zeros of <paramref name="shape"/> with this tensor written into the region <paramref name="view"/>
    /// picks (the backward of a view, not recorded: its caller records it).
    /// </summary>
    internal Tensor EmbeddedIn(int[] shape, Func<Tensor, Tensor> view)
    {
        var result = Zeros(shape, DType);
        Compute.CopyInto(view(result), this);
        return result;
    }

    /// <summary>Concatenates along an existing dim, like <c>torch.cat</c>.</summary>
    public static Tensor Cat(ReadOnlySpan<Tensor> tensors, int dim = 0)
    {
        Guard.NoNullElements(tensors);
        if (tensors.Length == 0) throw new ArgumentException("Cat expects a non-empty list of tensors");
        var first = tensors[0];
        int d = ShapeMath.NormalizeDim(dim, first.Dim);
        DType dtype = first.DType;
        var sizes = new int[tensors.Length];
        var shape = (int[])first.ShapeArray.Clone();
        shape[d] = 0;
        for (int i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i];
            CheckCatShape(first, t, d, i);
            dtype = DTypes.Promote(dtype, t.DType);
            sizes[i] = t.ShapeArray[d];
            shape[d] += sizes[i];
        }
        var result = Uninitialized(dtype, shape);
        for (int i = 0, at = 0; i < tensors.Length; at += sizes[i], i++)
            Compute.CopyInto(result.Narrow(d, at, sizes[i]), tensors[i]);
        return Derivatives.Cat.Record(result, tensors, (d, sizes));
    }

    private static void CheckCatShape(Tensor first, Tensor t, int d, int i)
    {
        bool ok = t.Dim == first.Dim;
        for (int k = 0; ok && k < t.Dim; k++) ok = k == d || t.ShapeArray[k] == first.ShapeArray[k];
        if (!ok)
            throw new ArgumentException(
                $"Sizes of tensors must match except in dimension {d}: tensor 0 has shape {ShapeMath.Format(first.ShapeArray)} but tensor {i} has shape {ShapeMath.Format(t.ShapeArray)}");
    }

    /// <summary>Stacks equal-shaped tensors along a new dim, like <c>torch.stack</c>.</summary>
    public static Tensor Stack(ReadOnlySpan<Tensor> tensors, int dim = 0)
    {
        Guard.NoNullElements(tensors);
        if (tensors.Length == 0) throw new ArgumentException("Stack expects a non-empty list of tensors");
        int d = ShapeMath.NormalizeDim(dim, tensors[0].Dim + 1);
        var expanded = new Tensor[tensors.Length];
        for (int i = 0; i < tensors.Length; i++)
        {
            if (!ShapeMath.SameShape(tensors[i].ShapeArray, tensors[0].ShapeArray))
                throw new ArgumentException($"Stack expects each tensor to be equal size, but got {ShapeMath.Format(tensors[0].ShapeArray)} at entry 0 and {ShapeMath.Format(tensors[i].ShapeArray)} at entry {i}");
            expanded[i] = tensors[i].Detach().Unsqueeze(d);
        }
        var result = Cat(expanded, d);
        return Derivatives.Stack.Record(result, tensors, d);
    }

    /// <summary>Picks values along <paramref name="dim"/> by an int64 <paramref name="index"/> of the output's shape, like <c>torch.gather</c>.</summary>
    public Tensor Gather(int dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int d = ShapeMath.NormalizeDim(dim, Dim);
        CheckIndex(index, ShapeArray[d], d, "gather");
        if (index.Dim != Dim)
            throw new ArgumentException($"Index tensor must have the same number of dimensions as input tensor: index shape {ShapeMath.Format(index.ShapeArray)}, input shape {ShapeMath.Format(ShapeArray)}");
        for (int k = 0; k < Dim; k++)
            if (k != d && index.ShapeArray[k] > ShapeArray[k])
                throw new ArgumentException($"Size does not match at dimension {k}: expected index {ShapeMath.Format(index.ShapeArray)} to be no larger than self {ShapeMath.Format(ShapeArray)} apart from dimension {d}");
        return Derivatives.Gather.Record(Indexing.Gather(this, d, index), [this], d, (Slot.Index, index));
    }

    /// <summary>Selects entries along <paramref name="dim"/> by a 1-d int64 <paramref name="index"/>, like <c>torch.index_select</c>.</summary>
    public Tensor IndexSelect(int dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int d = ShapeMath.NormalizeDim(dim, Dim);
        if (index.Dim > 1) throw new ArgumentException($"IndexSelect: index should have 1 dimension or less, got shape {ShapeMath.Format(index.ShapeArray)}");
        CheckIndex(index, ShapeArray[d], d, "index_select");
        var flat = index.Dim == 0 ? index.Reshape(1) : index;
        var result = Indexing.IndexSelect(this, d, flat);
        return Derivatives.IndexSelect.Record(result, [this], d, (Slot.Index, flat));
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="src"/>'s values added at the positions
    /// <paramref name="index"/> gives along <paramref name="dim"/> (out[index[i][j]][j] += src[i][j] for
    /// dim 0), like <c>torch.scatter_add</c>. The index has src's rank and is no larger than src (and
    /// than this tensor outside <paramref name="dim"/>); src's elements beyond the index's shape are unused.
    /// </summary>
    /// <exception cref="ArgumentException">When ranks, sizes or dtypes do not fit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside the dim.</exception>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor src)
    {
        int d = CheckScatter(dim, index, src, "scatter_add");
        var result = Compute.Clone(this);
        Indexing.ScatterAdd(result, d, index, src);
        return Derivatives.ScatterAdd.Record(result, [this, src], d, (Slot.Index, index));
    }

    /// <summary>
    /// A copy of this tensor with alpha·<paramref name="source"/>'s slices added along <paramref name="dim"/>
    /// at the positions of the 1-d int64 <paramref name="index"/> (out.select(dim, index[i]) += alpha·source.select(dim, i)),
    /// like <c>torch.index_add</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When shapes or dtypes do not fit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside the dim.</exception>
    public Tensor IndexAdd(int dim, Tensor index, Tensor source, double alpha = 1)
    {
        var (d, flat, slices) = CheckIndexedSlices(dim, index, source, "index_add");
        var result = Compute.Clone(this);
        Indexing.IndexAdd(result, d, flat, alpha == 1 ? slices : Compute.Binary<MulOp>(slices, Wrap(alpha, DType), DType));
        return Derivatives.IndexAdd.Record(result, [this, source], (d, alpha), (Slot.Index, flat), (Slot.GivenIndex, index));
    }

    /// <summary>Throws unless <paramref name="index"/> is int64 with every element in [0, <paramref name="size"/>) (gather and scatter take no negative positions).</summary>
    private static void CheckIndex(Tensor index, int size, int dim, string op)
    {
        if (index.DType != DType.Int64)
            throw new ArgumentException($"{op}(): Expected dtype int64 for index, but got {index.DType.Name()}", nameof(index));
        // Read in place when contiguous: a max pool's backward scatters through its saved indices every step
        // (600 KB for LeNet's first pool), and copying them out first cost a fresh buffer's page faults.
        ReadOnlySpan<long> values = index.IsContiguous ? index.Data<long>().AsSpan(index.Offset, index.Count) : index.ToArray<long>();
        bool inBounds = values.IsEmpty || (TensorPrimitives.Min(values) >= 0 && TensorPrimitives.Max(values) < size);
        if (!inBounds)
            foreach (long i in values)
                if (i < 0 || i >= size) throw new ArgumentOutOfRangeException(nameof(index), $"{op}(): index {i} is out of bounds for dimension {dim} with size {size}");
        GC.KeepAlive(index);   // its pooled buffer must not be recycled while the span reads it
    }
}
