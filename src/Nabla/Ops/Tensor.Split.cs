namespace Nabla;

// Ops that return several views of one tensor (split, chunk, unbind). Each call records one node
// with an output per view, as PyTorch's SplitBackward0 does; the views share the input's storage.
public partial class Tensor
{
    /// <summary>
    /// Views of consecutive <paramref name="splitSize"/>-long pieces along <paramref name="dim"/> (the last
    /// one shorter if the size does not divide), like <c>x.split(2, dim=1)</c> (node <c>SplitBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a 0-d tensor, a negative size, or size 0 along a non-empty dim.</exception>
    /// <example><code>var parts = Tensor.Arange(5).Split(3);   // tensor([0, 1, 2]) and tensor([3, 4])</code></example>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        int d = SplitDim(dim, "split");
        int size = ShapeArray[d];
        if (splitSize < 0) throw new ArgumentException($"split expects split_size be non-negative, but got split_size={splitSize}", nameof(splitSize));
        if (splitSize == 0 && size != 0)
            throw new ArgumentException($"split_size can only be 0 if dimension size is 0, but got dimension size of {size}", nameof(splitSize));
        int count = splitSize == 0 ? 1 : Math.Max((size + splitSize - 1) / splitSize, 1);
        var sizes = new int[count];
        for (int i = 0; i < count; i++) sizes[i] = Math.Min(splitSize, size - i * splitSize);
        return SplitViews(Derivatives.Split, d, sizes);
    }

    /// <summary>
    /// Views of pieces of the given <paramref name="splitSizes"/> along <paramref name="dim"/> (they must add up
    /// to its size), like <c>x.split([2, 3])</c> (node <c>SplitWithSizesBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a 0-d tensor, a negative size, or sizes that do not add up to the dim's size.</exception>
    public Tensor[] Split(int[] splitSizes, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(splitSizes);
        int d = SplitDim(dim, "split_with_sizes");
        if (splitSizes.Any(s => s < 0))
            throw new ArgumentException($"split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes={ShapeMath.Format(splitSizes)}", nameof(splitSizes));
        if (splitSizes.Sum() != ShapeArray[d])
            throw new ArgumentException(
                $"split_with_sizes expects split_sizes to sum exactly to {ShapeArray[d]} (input tensor's size at dimension {d}), but got split_sizes={ShapeMath.Format(splitSizes)}", nameof(splitSizes));
        return SplitViews(Derivatives.SplitWithSizes, d, (int[])splitSizes.Clone());
    }

    /// <summary>
    /// Up to <paramref name="chunks"/> views of equal size ⌈n/chunks⌉ along <paramref name="dim"/> (the last one
    /// smaller, and fewer chunks when the size runs out first), like <c>x.chunk(3)</c>: a split, so the node is <c>SplitBackward0</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="chunks"/> is not positive, or for a 0-d tensor.</exception>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0) throw new ArgumentException($"chunk expects `chunks` to be greater than 0, got: {chunks}", nameof(chunks));
        int d = SplitDim(dim, "chunk");
        int size = ShapeArray[d];
        int splitSize = (size + chunks - 1) / chunks;
        // An empty dim still gives `chunks` empty pieces (PyTorch goes through split_with_sizes for that).
        return splitSize == 0 && size == 0 ? Split(new int[chunks], d) : Split(splitSize, d);
    }

    /// <summary>The slices along <paramref name="dim"/>, each without that dim (views), like <c>x.unbind(0)</c> (node <c>UnbindBackward0</c>).</summary>
    /// <exception cref="ArgumentException">For a 0-d tensor.</exception>
    public Tensor[] Unbind(int dim = 0)
    {
        int d = SplitDim(dim, "unbind");
        var shape = Kernels.Reductions.Without(ShapeArray, d);
        var strides = Kernels.Reductions.Without(StrideArray, d);
        var slices = new Tensor[ShapeArray[d]];
        for (int i = 0; i < slices.Length; i++) slices[i] = ViewAs(shape, strides, Offset + i * StrideArray[d]);
        return RecordViews(Derivatives.Unbind, slices, d);
    }

    private int SplitDim(int dim, string op)
    {
        if (Dim == 0) throw new ArgumentException($"{op} expects at least a 1-dimensional tensor", nameof(dim));
        return ShapeMath.NormalizeDim(dim, Dim);
    }

    private Tensor[] SplitViews(Derivative<(int Dim, int[] Sizes)> row, int d, int[] sizes)
    {
        var parts = new Tensor[sizes.Length];
        for (int i = 0, at = 0; i < sizes.Length; at += sizes[i], i++)
        {
            var shape = (int[])ShapeArray.Clone();
            shape[d] = sizes[i];
            parts[i] = ViewAs(shape, StrideArray, Offset + at * StrideArray[d]);
        }
        return RecordViews(row, parts, (d, sizes));
    }

    // One node for all the views; while it records, the views refuse in-place changes (as PyTorch's do).
    private Tensor[] RecordViews<TArgs>(Derivative<TArgs> row, Tensor[] views, TArgs args)
    {
        if (views.Length == 0) return views;
        row.Record(views, [this], args);
        if (views[0].GradFn is { } node)
            for (int i = 0; i < views.Length; i++) views[i].MarkMultiOutputView(node, i);
        return views;
    }
}
