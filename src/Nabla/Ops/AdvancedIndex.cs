namespace Nabla;

/// <summary>
/// The tensor subscripts of an advanced index (PyTorch's <c>Tensor?[] indices</c> of <c>index</c> and
/// <c>index_put</c>), normalised for the tensor shape they apply to: one int64 index per dim (null: the
/// dim is taken whole), masks turned into the positions of their true elements, negative positions
/// wrapped, every position checked against its dim, and private copies, so that a later change to the
/// caller's index tensors cannot change a recorded graph.
/// </summary>
internal sealed class AdvancedIndex
{
    private AdvancedIndex(int[] sourceShape, Tensor?[] indices, int[] indexShape, bool isMask)
    {
        IsMask = isMask;
        SourceShape = sourceShape;
        Indices = indices;
        IndexShape = indexShape;
        int firstIndexed = Array.FindIndex(indices, t => t is not null);
        int lastIndexed = Array.FindLastIndex(indices, t => t is not null);
        bool adjacent = indices.AsSpan(firstIndexed, lastIndexed - firstIndexed + 1).IndexOf((Tensor?)null) < 0;
        // NumPy's rule: adjacent index dims are replaced in place by the broadcast index shape; index
        // dims separated by a whole dim cannot say where that shape goes, so it goes first.
        First = adjacent ? firstIndexed : 0;
        var rest = new List<int>();
        for (int d = 0; d < sourceShape.Length; d++) if (indices[d] is null) rest.Add(sourceShape[d]);
        ResultShape = [.. rest[..First], .. indexShape, .. rest[First..]];
    }

    /// <summary>Whether the index was one bool mask (then index_put takes a one-element value of any dtype, as masked_fill_ would).</summary>
    public bool IsMask { get; }

    /// <summary>The shape of the tensor indexed.</summary>
    public int[] SourceShape { get; }

    /// <summary>One int64 index per dim of the source, in range (null: the whole dim).</summary>
    public Tensor?[] Indices { get; }

    /// <summary>The shape the indices broadcast to.</summary>
    public int[] IndexShape { get; }

    /// <summary>The dim of the result where the index shape starts.</summary>
    public int First { get; }

    /// <summary>The shape of <c>x[indices]</c>.</summary>
    public int[] ResultShape { get; }

    /// <summary>
    /// Normalises <paramref name="indices"/> for a tensor of <paramref name="shape"/>: each entry is null
    /// (one whole dim), an int64/int32 tensor (one dim) or a bool mask (as many dims as it has); dims
    /// past the entries are taken whole. At least one entry must be a tensor.
    /// </summary>
    /// <exception cref="ArgumentException">For a bad dtype, a mask of the wrong shape, indices that do not broadcast, too many indices.</exception>
    /// <exception cref="ArgumentOutOfRangeException">For a position outside its dim.</exception>
    public static AdvancedIndex Create(int[] shape, ReadOnlySpan<Tensor?> indices, string paramName)
    {
        var perDim = new Tensor?[shape.Length];
        int dim = 0;
        foreach (var index in indices)
        {
            int consumes = index is { DType: DType.Bool } mask ? mask.Dim : 1;
            if (dim + consumes > shape.Length)
                throw new ArgumentException($"too many indices for tensor of dimension {shape.Length} (shape {ShapeMath.Format(shape)})", paramName);
            if (index is null) { dim++; continue; }
            if (index.DType == DType.Bool)
            {
                CheckMaskShape(index, shape, dim, paramName);
                var positions = Kernels.Masks.Nonzero(index);   // [n, mask dims]
                for (int j = 0; j < index.Dim; j++) perDim[dim + j] = positions.Select(1, j);
            }
            else
            {
                if (!index.DType.IsIntegral())
                    throw new ArgumentException($"tensors used as indices must be long, int, byte or bool tensors, but got {index.DType.Name()}", paramName);
                perDim[dim] = InRange(index, shape[dim], dim, paramName);
            }
            dim += consumes;
        }
        if (Array.TrueForAll(perDim, t => t is null))
            throw new ArgumentException("an advanced index needs at least one index tensor", paramName);
        return new AdvancedIndex(shape, perDim, BroadcastShape(perDim, paramName), OnlyTensor(indices) is { DType: DType.Bool });
    }

    /// <summary>
    /// The caller's tensor subscripts (nulls left out), each offered to the trace as <see cref="Slot.GivenIndex"/>: an exporter
    /// reads the index from them, as the normalised copies were computed outside the trace. No formula reads them.
    /// </summary>
    public static (Slot, Tensor)[] Offered(ReadOnlySpan<Tensor?> indices)
    {
        var offered = new List<(Slot, Tensor)>(indices.Length);
        foreach (var index in indices)
            if (index is not null) offered.Add((Slot.GivenIndex, index));
        return [.. offered];
    }

    // The one tensor among the entries (null when there are several).
    private static Tensor? OnlyTensor(ReadOnlySpan<Tensor?> indices)
    {
        Tensor? only = null;
        foreach (var index in indices)
        {
            if (index is null) continue;
            if (only is not null) return null;
            only = index;
        }
        return only;
    }

    private static void CheckMaskShape(Tensor mask, int[] shape, int dim, string paramName)
    {
        for (int j = 0; j < mask.Dim; j++)
            if (mask.ShapeArray[j] != shape[dim + j])
                throw new ArgumentException(
                    $"The shape of the mask {ShapeMath.Format(mask.ShapeArray)} at index {j} does not match the shape of the indexed tensor {ShapeMath.Format(shape)} at index {dim + j}", paramName);
    }

    /// <summary>A private int64 copy of <paramref name="index"/> with negative positions wrapped, or the error naming the first one out of range.</summary>
    private static Tensor InRange(Tensor index, int size, int dim, string paramName)
    {
        var positions = index.ToArray<long>();
        for (int i = 0; i < positions.Length; i++)
        {
            long p = positions[i];
            if (p < -size || p >= size)
                throw new ArgumentOutOfRangeException(paramName, $"index {p} is out of bounds for dimension {dim} with size {size}");
            if (p < 0) positions[i] = p + size;
        }
        return Tensor.FromArray(positions, index.ShapeArray);
    }

    private static int[] BroadcastShape(Tensor?[] indices, string paramName)
    {
        int[] shape = [];
        foreach (var index in indices)
        {
            if (index is null) continue;
            try { shape = ShapeMath.Broadcast(shape, index.ShapeArray); }
            catch (ArgumentException)
            {
                var shapes = indices.Where(t => t is not null).Select(t => ShapeMath.Format(t!.ShapeArray));
                throw new ArgumentException($"shape mismatch: indexing tensors could not be broadcast together with shapes {string.Join(", ", shapes)}", paramName);
            }
        }
        return shape;
    }
}
