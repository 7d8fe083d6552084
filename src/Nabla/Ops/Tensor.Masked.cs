using Nabla.Kernels;

namespace Nabla;

// Ops through a bool mask (masked_fill, masked_select, masked_scatter) and the positions of nonzero
// elements (nonzero, argwhere). The mask broadcasts with the tensor, as in PyTorch.
public partial class Tensor
{
    /// <summary>
    /// A copy of this tensor with <paramref name="value"/> where the bool <paramref name="mask"/> is true
    /// (the two broadcast), like <c>x.masked_fill(mask, value)</c> (node <c>MaskedFillBackward0</c>);
    /// the value is converted to this tensor's dtype. <c>scores.MaskedFill(future, double.NegativeInfinity)</c>
    /// hides attention scores.
    /// </summary>
    /// <exception cref="ArgumentException">When the mask is not bool or does not broadcast.</exception>
    public Tensor MaskedFill(Tensor mask, double value)
    {
        CheckMask(mask, "masked_fill");
        var fill = Wrap(value, DType);
        // The value is offered as Other, read by no formula (so never saved), for the trace seam (OpTracer).
        return Derivatives.MaskedFill.Record(Compute.Where(mask, fill, this, DType), [this], default, (Slot.Mask, mask), (Slot.Other, fill));
    }

    /// <summary>masked_fill with the value of a 0-d tensor, which gets a gradient too (node <c>MaskedFillBackward1</c>).</summary>
    /// <exception cref="ArgumentException">When the value is not 0-d, or the mask is not bool or does not broadcast.</exception>
    public Tensor MaskedFill(Tensor mask, Tensor value)
    {
        CheckMask(mask, "masked_fill");
        CheckFillValue(value, "masked_fill_");
        var result = Compute.Where(mask, value, this, DType);
        return Derivatives.MaskedFillTensor.Record(result, [this, value], default, (Slot.Mask, mask));
    }

    /// <summary>
    /// The elements where the bool <paramref name="mask"/> is true (the two broadcast), in row-major
    /// order as a 1-d tensor, like <c>torch.masked_select</c> (node <c>MaskedSelectBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the mask is not bool or does not broadcast.</exception>
    public Tensor MaskedSelect(Tensor mask)
    {
        CheckMask(mask, "masked_select");
        var shape = ShapeMath.Broadcast(ShapeArray, mask.ShapeArray);
        var positions = Masks.NonzeroPositions(mask, shape);
        var expanded = ShapeMath.SameShape(shape, ShapeArray) ? this : Detach().Expand(shape);
        var result = Indexing.Take(expanded, FromArray(positions));
        return Derivatives.MaskedSelect.Record(result, [this], default, (Slot.Mask, mask));
    }

    /// <summary>
    /// A copy of this tensor (broadcast with the mask) where the elements at the true positions of the
    /// bool <paramref name="mask"/> are, in row-major order, the first elements of <paramref name="source"/>,
    /// like <c>x.masked_scatter(mask, source)</c> (node <c>MaskedScatterBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the mask is not bool or does not broadcast, the dtypes differ, or source has fewer elements than the mask has true ones.</exception>
    public Tensor MaskedScatter(Tensor mask, Tensor source)
    {
        CheckMask(mask, "masked_scatter");
        ArgumentNullException.ThrowIfNull(source);
        if (source.DType != DType)
            throw new ArgumentException($"masked_scatter: expected self and source to have same dtypes but got {DType.Name()} and {source.DType.Name()}", nameof(source));
        var shape = ShapeMath.Broadcast(ShapeArray, mask.ShapeArray);
        var positions = Masks.NonzeroPositions(mask, shape);
        if (source.Count < positions.Length)
            throw new ArgumentException($"masked_scatter: Number of elements of source ({source.Count}) < number of ones in mask ({positions.Length})", nameof(source));
        var result = Uninitialized(DType, shape);
        Compute.CopyInto(result, this);
        Indexing.Put(result, FromArray(positions), source.Detach().Reshape(-1).Narrow(0, 0, positions.Length));
        return Derivatives.MaskedScatter.Record(result, [this, source], default, (Slot.Mask, mask));
    }

    /// <summary>
    /// The coordinates of the nonzero (true) elements, one row each in row-major order: int64 [n, Dim],
    /// like <c>torch.nonzero</c> (a 0-d tensor gives [n, 0]).
    /// </summary>
    public Tensor Nonzero() => Masks.Nonzero(this);

    /// <summary>
    /// The coordinates of the nonzero (true) elements as one int64 1-d tensor per dim, like
    /// <c>torch.nonzero(x, as_tuple=True)</c> (a 0-d tensor is read as 1-d); <c>x[x.NonzeroAsTuple()]</c>-style
    /// indexing uses them as <c>x[rows, cols]</c>.
    /// </summary>
    public Tensor[] NonzeroAsTuple()
    {
        var coordinates = Masks.Nonzero(Dim == 0 ? Detach().Reshape(1) : this);
        var columns = new Tensor[coordinates.ShapeArray[1]];
        for (int d = 0; d < columns.Length; d++) columns[d] = Compute.Clone(coordinates.Select(1, d));
        return columns;
    }

    /// <summary>The coordinates of the nonzero (true) elements, int64 [n, Dim], like <c>torch.argwhere</c> (the same as <see cref="Nonzero"/>).</summary>
    public Tensor Argwhere() => Nonzero();

    private void CheckMask(Tensor mask, string op)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.DType != DType.Bool)
            throw new ArgumentException($"{op}: expected a bool mask, but got mask with dtype {mask.DType.Name()}", nameof(mask));
        ShapeMath.Broadcast(ShapeArray, mask.ShapeArray);   // throws, naming both shapes, when they do not broadcast
    }

    private static void CheckFillValue(Tensor value, string op)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Dim != 0)
            throw new ArgumentException($"{op} only supports a 0-dimensional value tensor, but got tensor with {value.Dim} dimension(s).", nameof(value));
    }
}
