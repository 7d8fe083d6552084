namespace Nabla.Onnx.Tracing;

/// <summary>
/// What an op read, as the trace saw it when the op ran: output <see cref="Output"/> of traced op
/// <see cref="Op"/>, or a tensor that no traced op produced (a leaf: the example input, a parameter,
/// a constant), or nothing (an optional input not given). A tensor written in place after a traced
/// op produced it is <see cref="IsStale"/>: the trace cannot say what it holds.
/// </summary>
internal readonly record struct ValueRef
{
    private ValueRef(int op, int output, Tensor? leaf, bool stale) => (Op, Output, Leaf, IsStale) = (op, output, leaf, stale);

    /// <summary>The index of the producing op in the trace (-1 for a leaf or nothing).</summary>
    public int Op { get; }

    /// <summary>Which output of the producing op.</summary>
    public int Output { get; }

    /// <summary>The tensor itself, for a leaf or a stale value.</summary>
    public Tensor? Leaf { get; }

    /// <summary>True for a tensor changed in place after it was produced or first read.</summary>
    public bool IsStale { get; }

    public bool IsOpOutput => Op >= 0;

    public bool IsLeaf => Leaf is not null && !IsStale;

    public bool IsMissing => Op < 0 && Leaf is null;

    public static ValueRef OutputOf(int op, int output) => new(op, output, null, false);

    public static ValueRef LeafOf(Tensor tensor) => new(-1, 0, tensor, false);

    public static ValueRef StaleOf(Tensor tensor) => new(-1, 0, tensor, true);

    public static ValueRef Missing => new(-1, 0, null, false);
}
