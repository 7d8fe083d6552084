using Nabla.Kernels;

namespace Nabla;

// Advanced indexing as ops: x[indices] (index), index_put and its in-place form, and masked_fill_,
// the writes behind x[...] = value.
public partial class Tensor
{
    /// <summary>x[indices] for a normalised advanced index: a copy, recorded as <c>IndexBackward0</c> (<paramref name="given"/>: the caller's subscripts, offered to the trace).</summary>
    internal Tensor Index(AdvancedIndex index, ReadOnlySpan<Tensor?> given = default)
    {
        var result = AdvancedIndexing.Gather(this, index.Indices, index.IndexShape, index.First, index.ResultShape);
        return Derivatives.Index.Record(result, [this], index, AdvancedIndex.Offered(given));
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="values"/> (broadcast to what <c>x[indices]</c> selects)
    /// written at <paramref name="indices"/>, like <c>x.index_put(indices, values, accumulate)</c> (node
    /// <c>IndexPutBackward0</c>). Each entry of <paramref name="indices"/> indexes one dim (int64/int32, null
    /// for the whole dim) or as many as it has (a bool mask). Where positions repeat, the last write wins,
    /// or with <paramref name="accumulate"/> every value is added. The values have this tensor's dtype,
    /// except one value through a single mask, which is converted (as PyTorch's masked_fill_ path does).
    /// </summary>
    /// <exception cref="ArgumentException">When an index or the values do not fit, or the dtypes differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a position is outside its dim.</exception>
    public Tensor IndexPut(ReadOnlySpan<Tensor?> indices, Tensor values, bool accumulate = false)
        => IndexPut(AdvancedIndex.Create(ShapeArray, indices, nameof(indices)), values, accumulate, indices);

    internal Tensor IndexPut(AdvancedIndex index, Tensor values, bool accumulate, ReadOnlySpan<Tensor?> given = default)
    {
        CheckPutValues(index, values);
        var result = Compute.Clone(this);
        AdvancedIndexing.Put(result, index.Indices, index.IndexShape, index.First, index.ResultShape, Compute.Cast(values, DType), accumulate);
        return Derivatives.IndexPut.Record(result, [this, values], (index, accumulate), AdvancedIndex.Offered(given));
    }

    /// <summary>
    /// Writes <paramref name="values"/> at <paramref name="indices"/> in place, like <c>x.index_put_(indices, values, accumulate)</c>
    /// (what <c>x[idx] = values</c> does); returns this tensor. See <see cref="IndexPut(ReadOnlySpan{Tensor?}, Tensor, bool)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When an index or the values do not fit, or the dtypes differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a position is outside its dim.</exception>
    /// <exception cref="InvalidOperationException">On a leaf that requires grad (outside <c>Autograd.NoGrad()</c>).</exception>
    public Tensor IndexPutInPlace(ReadOnlySpan<Tensor?> indices, Tensor values, bool accumulate = false)
        => IndexPutInPlace(AdvancedIndex.Create(ShapeArray, indices, nameof(indices)), values, accumulate);

    internal Tensor IndexPutInPlace(AdvancedIndex index, Tensor values, bool accumulate)
    {
        CheckPutValues(index, values);
        return WriteInPlace(t => t.IndexPut(index, values, accumulate),
            t => AdvancedIndexing.Put(t, index.Indices, index.IndexShape, index.First, index.ResultShape, values.Storage == t.Storage ? Compute.Clone(values) : Compute.Cast(values, DType), accumulate),
            values);
    }

    /// <summary>Sets the elements where the bool <paramref name="mask"/> (broadcast to this tensor) is true to <paramref name="value"/>, like <c>x.masked_fill_(mask, value)</c>; returns this tensor.</summary>
    /// <exception cref="ArgumentException">When the mask is not bool or does not broadcast to this tensor's shape.</exception>
    /// <exception cref="InvalidOperationException">On a leaf that requires grad (outside <c>Autograd.NoGrad()</c>).</exception>
    public Tensor MaskedFillInPlace(Tensor mask, double value)
    {
        CheckInPlaceMask(mask);
        return WriteInPlace(t => t.MaskedFill(mask, value), t => Compute.CopyInto(t, Compute.Where(mask, Wrap(value, DType), t, DType)), null);
    }

    /// <summary>masked_fill_ with the value of a 0-d tensor.</summary>
    /// <exception cref="ArgumentException">When the value is not 0-d, or the mask is not bool or does not broadcast to this tensor's shape.</exception>
    /// <exception cref="InvalidOperationException">On a leaf that requires grad (outside <c>Autograd.NoGrad()</c>).</exception>
    public Tensor MaskedFillInPlace(Tensor mask, Tensor value)
    {
        CheckInPlaceMask(mask);
        CheckFillValue(value, "masked_fill_");
        return WriteInPlace(t => t.MaskedFill(mask, value), t => Compute.CopyInto(t, Compute.Where(mask, value, t, DType)), value);
    }

    /// <summary>
    /// An in-place write by an op that has an out-of-place form: while recording (or carrying tangents)
    /// the out-of-place op's node becomes this tensor's history, else <paramref name="write"/> writes
    /// the kernel's result straight into this tensor.
    /// </summary>
    private Tensor WriteInPlace(Func<Tensor, Tensor> outOfPlace, Action<Tensor> write, Tensor? other)
    {
        CheckInPlaceAllowed();
        if (ShouldRecord(other is null ? [this] : [this, other]) || Tangents is not null || other?.Tangents is not null)
            return RecordInPlace(outOfPlace, savesSelf: false);
        write(this);
        Storage.Version++;
        return this;
    }

    private void CheckPutValues(AdvancedIndex index, Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        // A one-element value through a single mask is converted, as PyTorch's index_put_ then runs masked_fill_.
        if (values.DType != DType && !(index.IsMask && values.Count == 1))
            throw new ArgumentException($"Index put requires the source and destination dtypes match, got {DType.Name()} for the destination and {values.DType.Name()} for the source.", nameof(values));
        if (!BroadcastsTo(values.ShapeArray, index.ResultShape))
            throw new ArgumentException($"shape mismatch: value tensor of shape {ShapeMath.Format(values.ShapeArray)} cannot be broadcast to indexing result of shape {ShapeMath.Format(index.ResultShape)}", nameof(values));
    }

    private void CheckInPlaceMask(Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.DType != DType.Bool)
            throw new ArgumentException($"masked_fill_: expected a bool mask, but got mask with dtype {mask.DType.Name()}", nameof(mask));
        if (!BroadcastsTo(mask.ShapeArray, ShapeArray))
            throw new ArgumentException($"masked_fill_: the mask of shape {ShapeMath.Format(mask.ShapeArray)} does not broadcast to the tensor's shape {ShapeMath.Format(ShapeArray)}", nameof(mask));
    }

    // Whether a tensor of `shape` broadcasts to `target` without growing it.
    private static bool BroadcastsTo(int[] shape, int[] target)
    {
        if (shape.Length > target.Length) return false;
        for (int i = 1; i <= shape.Length; i++)
            if (shape[^i] != 1 && shape[^i] != target[^i]) return false;
        return true;
    }
}
