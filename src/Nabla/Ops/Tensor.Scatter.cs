using Nabla.Kernels;

namespace Nabla;

// Writes through an index (scatter, scatter_reduce, index_copy, index_fill) and reads through one
// (take, take_along_dim): out-of-place, each recorded as the node PyTorch shows.
public partial class Tensor
{
    /// <summary>
    /// A copy of this tensor with <paramref name="src"/>'s values written at the positions
    /// <paramref name="index"/> gives along <paramref name="dim"/> (out[index[i][j]][j] = src[i][j] for
    /// dim 0), like <c>torch.scatter</c> (node <c>ScatterBackward0</c>). Where an index repeats, the last
    /// write wins. The index has this tensor's rank and is no larger than src (nor than this tensor
    /// outside <paramref name="dim"/>); src's elements beyond the index's shape are unused.
    /// </summary>
    /// <exception cref="ArgumentException">When ranks, sizes or dtypes do not fit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside the dim.</exception>
    public Tensor Scatter(int dim, Tensor index, Tensor src)
    {
        int d = CheckScatter(dim, index, src, "scatter");
        var result = Compute.Clone(this);
        Indexing.Scatter<Overwrite>(result, d, index, src);
        return Derivatives.Scatter.Record(result, [this, src], d, (Slot.Index, index));
    }

    /// <summary>A copy of this tensor with <paramref name="value"/> written at the positions <paramref name="index"/> gives along <paramref name="dim"/>, like <c>torch.scatter(input, dim, index, value)</c> (node <c>ScatterBackward1</c>).</summary>
    /// <exception cref="ArgumentException">When ranks or sizes do not fit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside the dim.</exception>
    public Tensor Scatter(int dim, Tensor index, double value)
    {
        int d = CheckScatter(dim, index, null, "scatter");
        var result = Compute.Clone(this);
        Indexing.Scatter<Overwrite>(result, d, index, Wrap(value, DType));
        return Derivatives.ScatterValue.Record(result, [this], d, (Slot.Index, index), (Slot.Other, WrapScalar(value)));   // the number offered for exporters
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="src"/>'s values reduced into the positions
    /// <paramref name="index"/> gives along <paramref name="dim"/>, like <c>torch.scatter_reduce</c>
    /// (node <c>ScatterReduceBackward0</c>). <paramref name="reduce"/> is "sum", "prod", "mean", "amax" or
    /// "amin"; with <paramref name="includeSelf"/> false, a position's own value takes no part when
    /// anything is scattered to it. Integer means round down, as PyTorch's.
    /// </summary>
    /// <exception cref="ArgumentException">For another reduction, or when ranks, sizes or dtypes do not fit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside the dim.</exception>
    public Tensor ScatterReduce(int dim, Tensor index, Tensor src, string reduce, bool includeSelf = true)
    {
        ArgumentNullException.ThrowIfNull(reduce);
        if (reduce is not ("sum" or "prod" or "mean" or "amax" or "amin"))
            throw new ArgumentException($"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}", nameof(reduce));
        int d = CheckScatter(dim, index, src, "scatter_reduce");
        var result = Compute.Clone(this);
        if (!includeSelf)   // the positions written start from the reduction's identity (for amax and amin, from a value written there)
            Indexing.Scatter<Overwrite>(result, d, index, reduce switch { "prod" => Wrap(1, DType), "amax" or "amin" => src, _ => Wrap(0, DType) });
        switch (reduce)
        {
            case "prod": Indexing.Scatter<Reduce<MulOp>>(result, d, index, src); break;
            case "amax": Indexing.Scatter<Reduce<MaximumOp>>(result, d, index, src); break;
            case "amin": Indexing.Scatter<Reduce<MinimumOp>>(result, d, index, src); break;
            default: Indexing.Scatter<Reduce<AddOp>>(result, d, index, src); break;
        }
        if (reduce == "mean") Indexing.DivideByScatterCounts(result, d, index, includeSelf);
        return Derivatives.ScatterReduce.Record(result, [this, src], (d, reduce, includeSelf), (Slot.Index, index));
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="source"/>'s slices copied along <paramref name="dim"/> to
    /// the positions of the 1-d int64 <paramref name="index"/> (out.select(dim, index[i]) = source.select(dim, i)),
    /// like <c>torch.index_copy</c> (node <c>IndexCopyBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When shapes or dtypes do not fit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside the dim.</exception>
    public Tensor IndexCopy(int dim, Tensor index, Tensor source)
    {
        var (d, flat, slices) = CheckIndexedSlices(dim, index, source, "index_copy");
        var result = Compute.Clone(this);
        Indexing.IndexScatter<Overwrite>(result, d, flat, slices);
        return Derivatives.IndexCopy.Record(result, [this, source], d, (Slot.Index, flat), (Slot.GivenIndex, index));
    }

    /// <summary>
    /// A copy of this tensor with the slices along <paramref name="dim"/> at the positions of the 1-d
    /// int64 <paramref name="index"/> (negative ones count from the end) set to <paramref name="value"/>,
    /// like <c>torch.index_fill</c> (node <c>IndexFillBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the index is not a 1-d int64 tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside the dim.</exception>
    public Tensor IndexFill(int dim, Tensor index, double value)
    {
        var (d, positions) = CheckFilledSlices(dim, index, "index_fill");
        var result = FilledSlices(d, positions, Wrap(value, DType));
        return Derivatives.IndexFill.Record(result, [this], d, (Slot.Index, positions), (Slot.GivenIndex, index), (Slot.Other, WrapScalar(value)));   // offered for exporters
    }

    /// <summary>index_fill with the value of a 0-d tensor, which gets a gradient too (node <c>IndexFillBackward1</c>).</summary>
    /// <exception cref="ArgumentException">When the value is not 0-d or the index not a 1-d int64 tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside the dim.</exception>
    public Tensor IndexFill(int dim, Tensor index, Tensor value)
    {
        CheckFillValue(value, "index_fill_");
        var (d, positions) = CheckFilledSlices(dim, index, "index_fill");
        var result = FilledSlices(d, positions, Compute.Cast(value, DType));
        // The value's gradient sums the filled slices once each, so the node keeps the positions without repeats.
        var distinct = FromArray(positions.ToArray<long>().Distinct().ToArray());
        return Derivatives.IndexFillTensor.Record(result, [this, value], d, (Slot.Index, distinct), (Slot.GivenIndex, index));
    }

    /// <summary>
    /// The elements at the given positions of this tensor read as 1-d in row-major order (negative ones
    /// count from the end), in the shape of the int64 <paramref name="index"/>, like <c>torch.take</c> (node <c>TakeBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the index is not int64.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a position is outside the tensor.</exception>
    public Tensor Take(Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.DType != DType.Int64)
            throw new ArgumentException($"take(): Expected a long tensor for index, but got {index.DType.Name()}", nameof(index));
        var positions = index.ToArray<long>();
        for (int i = 0; i < positions.Length; i++)
        {
            if (positions[i] < -Count || positions[i] >= Count)
                throw new ArgumentOutOfRangeException(nameof(index), $"out of range: tried to access index {positions[i]} on a tensor of {Count} elements.");
            if (positions[i] < 0) positions[i] += Count;
        }
        var wrapped = FromArray(positions, index.ShapeArray);
        return Derivatives.Take.Record(Indexing.Take(this, wrapped), [this], default, (Slot.Index, wrapped), (Slot.GivenIndex, index));
    }

    /// <summary>
    /// The elements <paramref name="indices"/> picks along <paramref name="dim"/>, the two broadcast against each
    /// other outside it, like <c>torch.take_along_dim</c> (a gather, node <c>GatherBackward0</c>); without a dim,
    /// the positions are read from the flattened tensor. Pairs with the indices of <c>ArgMax</c>/<c>Sort</c> with keepDim.
    /// </summary>
    /// <exception cref="ArgumentException">When the indices are not int64, or their rank differs from this tensor's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a position is outside the dim.</exception>
    public Tensor TakeAlongDim(Tensor indices, int? dim = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.DType != DType.Int64)
            throw new ArgumentException($"torch.take_along_dim(): dtype of indices should be Long but got {indices.DType.Name()}", nameof(indices));
        if (dim is not int along) return Reshape(-1).Gather(0, indices.Reshape(-1));
        if (indices.Dim != Dim)
            throw new ArgumentException($"torch.take_along_dim(): input and indices should have the same number of dimensions, but got {Dim} dimensions for input, and {indices.Dim} dimensions for indices", nameof(indices));
        int d = ShapeMath.NormalizeDim(along, Dim);
        var picked = (int[])ShapeArray.Clone();
        picked[d] = indices.ShapeArray[d];
        var indexShape = ShapeMath.Broadcast(picked, indices.ShapeArray);
        var selfShape = (int[])indexShape.Clone();
        selfShape[d] = ShapeArray[d];
        return BroadcastTo(this, selfShape).Gather(d, BroadcastTo(indices, indexShape));

        static Tensor BroadcastTo(Tensor t, int[] shape) => ShapeMath.SameShape(t.ShapeArray, shape) ? t : t.Expand(shape);
    }

    /// <summary>The dim of a scatter along <paramref name="dim"/>, after PyTorch's checks of the index (and src).</summary>
    private int CheckScatter(int dim, Tensor index, Tensor? src, string op)
    {
        ArgumentNullException.ThrowIfNull(index);
        CheckHasDims(op);
        int d = ShapeMath.NormalizeDim(dim, Dim);
        if (index.Dim != Dim || (src is not null && src.Dim != Dim))
            throw new ArgumentException($"{op}(): Index tensor must have the same number of dimensions as self tensor: index {ShapeMath.Format(index.ShapeArray)}, self {ShapeMath.Format(ShapeArray)}" +
                (src is null ? "" : $", src {ShapeMath.Format(src.ShapeArray)}"), nameof(index));
        for (int k = 0; k < Dim; k++)
            if ((src is not null && index.ShapeArray[k] > src.ShapeArray[k]) || (k != d && index.ShapeArray[k] > ShapeArray[k]))
                throw new ArgumentException($"{op}(): Expected index {ShapeMath.Format(index.ShapeArray)} to be smaller than self {ShapeMath.Format(ShapeArray)} apart from dimension {d}" +
                    (src is null ? "" : $" and to be smaller size than src {ShapeMath.Format(src.ShapeArray)}"), nameof(index));
        if (src is not null && src.DType != DType)
            throw new ArgumentException($"{op}(): Expected self.dtype to be equal to src.dtype, but got {DType.Name()} and {src.DType.Name()}", nameof(src));
        CheckIndex(index, ShapeArray[d], d, op);
        return d;
    }

    /// <summary>The dim, 1-d index and source slices of index_add / index_copy, after PyTorch's checks.</summary>
    private (int Dim, Tensor Index, Tensor Slices) CheckIndexedSlices(int dim, Tensor index, Tensor source, string op)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(source);
        CheckHasDims(op);
        int d = ShapeMath.NormalizeDim(dim, Dim);
        if (index.Dim > 1) throw new ArgumentException($"{op}(): Index is supposed to be a vector, but got shape {ShapeMath.Format(index.ShapeArray)}", nameof(index));
        CheckIndex(index, ShapeArray[d], d, op);
        var flat = index.Dim == 0 ? index.Reshape(1) : index;
        var slices = source.Dim == 0 ? source.Reshape(1) : source;
        bool fits = slices.Dim == Dim && slices.ShapeArray[d] == flat.ShapeArray[0];
        for (int k = 0; fits && k < Dim; k++) fits = k == d || slices.ShapeArray[k] == ShapeArray[k];
        if (!fits)
            throw new ArgumentException($"{op}(): source {ShapeMath.Format(source.ShapeArray)} must have self's shape {ShapeMath.Format(ShapeArray)} except in dim {d}, where it must have the index's length {flat.ShapeArray[0]}", nameof(source));
        if (source.DType != DType)
            throw new ArgumentException($"{op}(): self ({DType.Name()}) and source ({source.DType.Name()}) must have the same scalar type", nameof(source));
        return (d, flat, slices);
    }

    /// <summary>The dim and the positions (negative ones wrapped) of index_fill, after PyTorch's checks.</summary>
    private (int Dim, Tensor Positions) CheckFilledSlices(int dim, Tensor index, string op)
    {
        ArgumentNullException.ThrowIfNull(index);
        CheckHasDims(op);
        int d = ShapeMath.NormalizeDim(dim, Dim);
        if (index.DType != DType.Int64)
            throw new ArgumentException($"{op}_(): Expected dtype int64 for index, but got {index.DType.Name()}", nameof(index));
        if (index.Dim > 1) throw new ArgumentException($"{op}_(): Index is supposed to be a vector, but got shape {ShapeMath.Format(index.ShapeArray)}", nameof(index));
        var positions = index.ToArray<long>();
        int size = ShapeArray[d];
        for (int i = 0; i < positions.Length; i++)
        {
            if (positions[i] < -size || positions[i] >= size)
                throw new ArgumentOutOfRangeException(nameof(index), $"index {positions[i]} is out of bounds for dimension {d} with size {size}");
            if (positions[i] < 0) positions[i] += size;
        }
        return (d, FromArray(positions));
    }

    // A copy of this tensor with the slices at `positions` along `dim` set to the 0-d `value` (of this dtype).
    private Tensor FilledSlices(int dim, Tensor positions, Tensor value)
    {
        var result = Compute.Clone(this);
        var slices = (int[])ShapeArray.Clone();
        slices[dim] = positions.Count;
        Indexing.IndexScatter<Overwrite>(result, dim, positions, value.Detach().Expand(slices));
        return result;
    }

    private void CheckHasDims(string op)
    {
        if (Dim == 0) throw new ArgumentException($"{op}(): expected a tensor with at least one dimension; Reshape(1) a 0-d tensor first");
    }
}
