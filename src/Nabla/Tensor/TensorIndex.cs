namespace Nabla;

/// <summary>
/// One subscript of a tensor indexer, as in PyTorch's <c>x[...]</c>: an int or <see cref="System.Index"/>
/// selects (removing the dim), a <see cref="System.Range"/> or <see cref="Slice"/> slices (a view),
/// <see cref="None"/> inserts a size-1 dim, <see cref="Ellipsis"/> stands for the dims not named, and a
/// tensor indexes by content (advanced indexing, a copy): int64 or int32 positions, or a bool mask.
/// </summary>
/// <example><code>
/// var row = x[0];                                 // select
/// var even = x[.., TensorIndex.Slice(0, null, 2)]; // x[:, ::2]
/// var picked = x[Tensor.FromArray(new long[] { 2, 0 })];
/// var positive = x[x.Gt(0)];
/// </code></example>
public readonly struct TensorIndex
{
    /// <summary>What a subscript does (the default, an int 0, selects).</summary>
    internal enum IndexKind : byte { Select, Slice, Tensor, Ellipsis, NewDim }

    private TensorIndex(IndexKind kind, Index position = default, Range span = default, int step = 1, Tensor? indexTensor = null)
        => (Kind, Position, Span, Step, IndexTensor) = (kind, position, span, step, indexTensor);

    internal IndexKind Kind { get; }

    /// <summary>The position a select subscript picks.</summary>
    internal Index Position { get; }

    /// <summary>The bounds of a slice subscript (Python's clamping applies).</summary>
    internal Range Span { get; }

    /// <summary>The step of a slice subscript (positive).</summary>
    internal int Step { get; }

    /// <summary>The positions or mask of a tensor subscript.</summary>
    internal Tensor? IndexTensor { get; }

    /// <summary>A new size-1 dim at this place, like <c>None</c> in <c>x[:, None]</c>.</summary>
    public static TensorIndex None => new(IndexKind.NewDim);

    /// <summary>As many whole dims as the other subscripts leave, like <c>...</c> in <c>x[..., 0]</c>.</summary>
    public static TensorIndex Ellipsis => new(IndexKind.Ellipsis);

    /// <summary>
    /// The slice <c>start:end:step</c> of Python (a view): null bounds mean the start and the end of the
    /// dim, negative ones count from the end, and bounds past the dim are clamped.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="step"/> is not positive (PyTorch has no negative steps).</exception>
    public static TensorIndex Slice(int? start = null, int? end = null, int step = 1)
    {
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), $"slice step must be positive, got {step}");
        return new(IndexKind.Slice, span: new Range(FromPython(start, Index.Start), FromPython(end, Index.End)), step: step);
    }

    private static Index FromPython(int? bound, Index whenNull)
        => bound is not int b ? whenNull : b >= 0 ? Index.FromStart(b) : Index.FromEnd(-b);

    /// <summary>An int subscript (negative counts from the end, as in Python).</summary>
    public static implicit operator TensorIndex(int index) => new(IndexKind.Select, position: index >= 0 ? Index.FromStart(index) : Index.FromEnd(-index));

    /// <summary>An <see cref="System.Index"/> subscript such as <c>^1</c>.</summary>
    public static implicit operator TensorIndex(Index index) => new(IndexKind.Select, position: index);

    /// <summary>A <see cref="System.Range"/> subscript such as <c>1..3</c> or <c>..</c>.</summary>
    public static implicit operator TensorIndex(Range range) => new(IndexKind.Slice, span: range);

    /// <summary>A tensor subscript: int64 or int32 positions (negative count from the end), or a bool mask over as many dims as it has.</summary>
    public static implicit operator TensorIndex(Tensor index) => new(IndexKind.Tensor, indexTensor: index ?? throw new ArgumentNullException(nameof(index), NullTensorSubscript));

    /// <summary>Builds an int subscript.</summary>
    public static TensorIndex FromInt32(int index) => index;

    /// <summary>Builds an Index subscript.</summary>
    public static TensorIndex FromIndex(Index index) => index;

    /// <summary>Builds a Range subscript.</summary>
    public static TensorIndex FromRange(Range range) => range;

    /// <summary>Builds a tensor subscript.</summary>
    public static TensorIndex FromTensor(Tensor index) => index;

    // x[(Tensor)null]: the subscript, not the tensor, is missing; None is what users often meant.
    internal const string NullTensorSubscript = "a tensor subscript is null; TensorIndex.None adds a dim";
}
