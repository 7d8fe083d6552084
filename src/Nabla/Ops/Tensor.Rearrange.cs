namespace Nabla;

// Views spelled in terms of other tensors or other dims; each is a composition of a view op
// (permute, view, reshape, expand), so the graph shows that op's node, as PyTorch's does.
public partial class Tensor
{
    /// <summary>Moves dim <paramref name="source"/> to position <paramref name="destination"/>, the others keeping their order, like <c>x.movedim(0, -1)</c> (a permute: <c>PermuteBackward0</c>).</summary>
    public Tensor MoveDim(int source, int destination) => MoveDim([source], [destination]);

    /// <summary>Moves each dim of <paramref name="source"/> to the position at the same index of <paramref name="destination"/>, like <c>x.movedim((0, 1), (2, 0))</c>.</summary>
    /// <exception cref="ArgumentException">When the lists differ in length or repeat a dim.</exception>
    public Tensor MoveDim(int[] source, int[] destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Length != destination.Length)
            throw new ArgumentException($"movedim: Invalid source or destination dims: source ({ShapeMath.Format(source)} dims) should contain the same number of dims as destination ({ShapeMath.Format(destination)} dims)");
        var from = NormalizedDistinct(source, "source");
        var to = NormalizedDistinct(destination, "destination");
        if (Dim == 0) return Derivatives.Alias.Record(ViewAs(ShapeArray, StrideArray, Offset), this);   // nothing to move
        // Place the moved dims first, then fill the free positions with the remaining dims in order.
        var order = Enumerable.Repeat(-1, Dim).ToArray();
        for (int i = 0; i < from.Length; i++) order[to[i]] = from[i];
        var rest = Enumerable.Range(0, Dim).Except(from).GetEnumerator();
        for (int p = 0; p < Dim; p++)
            if (order[p] < 0 && rest.MoveNext()) order[p] = rest.Current;
        return Permute(order);
    }

    private int[] NormalizedDistinct(int[] dims, string name)
    {
        var normalized = dims.Select(d => ShapeMath.NormalizeDim(d, Dim)).ToArray();
        if (normalized.Distinct().Count() != normalized.Length) throw new ArgumentException($"movedim: repeated dim in `{name}` ({ShapeMath.Format(dims)})", name);
        return normalized;
    }

    /// <summary>
    /// Splits dim <paramref name="dim"/> into <paramref name="sizes"/> (one may be -1, inferred), like
    /// <c>x.unflatten(1, (2, 5))</c>: a view (<c>ViewBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a 0-d tensor, no sizes, or sizes that do not multiply up to the dim's size.</exception>
    public Tensor Unflatten(int dim, ReadOnlySpan<int> sizes)
    {
        if (sizes.Length == 0) throw new ArgumentException("unflatten: sizes must be non-empty", nameof(sizes));
        if (Dim == 0) throw new ArgumentException("unflatten needs a tensor with at least one dimension, got a 0-d tensor", nameof(dim));
        int d = ShapeMath.NormalizeDim(dim, Dim);
        return View([.. ShapeArray[..d], .. UnflattenedSizes(sizes, ShapeArray[d], dim), .. ShapeArray[(d + 1)..]]);
    }

    // The sizes with -1 inferred, checked against the size of the dim with PyTorch's messages (exactly: no parameter suffix).
    private static int[] UnflattenedSizes(ReadOnlySpan<int> sizes, int size, int dim)
    {
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] == -1)
            {
                if (inferred >= 0) throw new ArgumentException("unflatten: only one dimension can be inferred");
                inferred = i;
            }
            else if (sizes[i] < 0) throw new ArgumentException($"unflatten: invalid shape dimension {sizes[i]}");
            else known *= sizes[i];
        }
        if (inferred >= 0 ? known == 0 || size % known != 0 : known != size)
            throw new ArgumentException($"unflatten: Provided sizes {ShapeMath.Format(sizes)} don't multiply up to the size of dim {dim} ({size}) in the input tensor");
        var result = sizes.ToArray();
        if (inferred >= 0) result[inferred] = (int)(size / known);
        return result;
    }

    /// <summary>A view with <paramref name="other"/>'s shape, like <c>x.view_as(other)</c> (<c>ViewBackward0</c>).</summary>
    public Tensor ViewAs(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return View(other.ShapeArray);
    }

    /// <summary>This tensor with <paramref name="other"/>'s shape (a view when possible), like <c>x.reshape_as(other)</c>.</summary>
    public Tensor ReshapeAs(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Reshape(other.ShapeArray);
    }

    /// <summary>This tensor broadcast to <paramref name="other"/>'s shape without copying, like <c>x.expand_as(other)</c> (<c>ExpandBackward0</c>).</summary>
    public Tensor ExpandAs(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Expand(other.ShapeArray);
    }

    /// <summary>This tensor broadcast to <paramref name="size"/> without copying, like <c>x.broadcast_to((2, 3))</c> (<c>ExpandBackward0</c>).</summary>
    /// <exception cref="ArgumentException">When the shape does not broadcast to <paramref name="size"/>.</exception>
    public Tensor BroadcastTo(params ReadOnlySpan<int> size) => Expand(size);

    /// <summary>
    /// The tensors broadcast to their common shape, like <c>torch.broadcast_tensors(a, b)</c>: each one that
    /// already has it is returned as it is, the others are expanded views (<c>ExpandBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the shapes do not broadcast together.</exception>
    public static Tensor[] BroadcastTensors(params ReadOnlySpan<Tensor> tensors)
    {
        Guard.NoNullElements(tensors);
        if (tensors.Length == 0) return [];
        var shape = tensors[0].ShapeArray;
        foreach (var t in tensors) shape = ShapeMath.Broadcast(shape, t.ShapeArray);
        var result = new Tensor[tensors.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = ShapeMath.SameShape(tensors[i].ShapeArray, shape) ? tensors[i] : tensors[i].Expand(shape);
        return result;
    }
}
