namespace Nabla;

/// <summary>
/// One subscript of a tensor indexer: an int or <see cref="System.Index"/> (selects, removing the
/// dim) or a <see cref="System.Range"/> (slices, keeping it), as in <c>x[1..3, ^1]</c>.
/// </summary>
public readonly struct TensorIndex
{
    internal readonly Index Position;
    internal readonly Range Span;
    internal readonly bool IsRange;

    private TensorIndex(Index position, Range span, bool isRange)
    {
        Position = position;
        Span = span;
        IsRange = isRange;
    }

    /// <summary>An int subscript (negative counts from the end, as in Python).</summary>
    public static implicit operator TensorIndex(int index) => new(index >= 0 ? Index.FromStart(index) : Index.FromEnd(-index), default, false);

    /// <summary>An <see cref="System.Index"/> subscript such as <c>^1</c>.</summary>
    public static implicit operator TensorIndex(Index index) => new(index, default, false);

    /// <summary>A <see cref="System.Range"/> subscript such as <c>1..3</c> or <c>..</c>.</summary>
    public static implicit operator TensorIndex(Range range) => new(default, range, true);

    /// <summary>Builds an int subscript.</summary>
    public static TensorIndex FromInt32(int index) => index;

    /// <summary>Builds an Index subscript.</summary>
    public static TensorIndex FromIndex(Index index) => index;

    /// <summary>Builds a Range subscript.</summary>
    public static TensorIndex FromRange(Range range) => range;
}
