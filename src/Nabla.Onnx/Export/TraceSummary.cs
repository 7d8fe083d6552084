using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Export;

/// <summary>
/// A traced forward pass and what the graph builder asks about it: each value's dtype and shape, which
/// dims follow the batch size (from a second trace at another batch size, when the batch is dynamic),
/// and which storages belong to traced tensors (so that a detached copy of one is recognised).
/// </summary>
internal sealed class TraceSummary
{
    private readonly HashSet<Storage> _tracedStorages = new(ReferenceEqualityComparer.Instance);

    public TraceSummary(IReadOnlyList<TracedOp> ops, Tensor input, ValueRef inputRef, IEnumerable<Tensor> state)
    {
        (Ops, Input, InputRef) = (ops, input, inputRef);
        _tracedStorages.Add(input.Storage);
        foreach (var tensor in state) _tracedStorages.Add(tensor.Storage);
        // A result that is a view of one of its op's inputs brings no storage of its own: counting it would take a
        // constant made in Forward, then viewed by a traced op (an initial state, a weight reshaped), for a detached copy.
        foreach (var op in ops)
            foreach (var result in op.Results)
                if (!op.InputTensors.Any(i => i is not null && ReferenceEquals(i.Storage, result.Storage))) _tracedStorages.Add(result.Storage);
    }

    public IReadOnlyList<TracedOp> Ops { get; }

    /// <summary>The example input (the graph input).</summary>
    public Tensor Input { get; }

    public ValueRef InputRef { get; }

    /// <summary>The input's shape in the second trace (null: the batch is static).</summary>
    public int[]? OtherBatchInputShape { get; set; }

    /// <summary>Leaves made in Forward whose shape changed with the batch size (they cannot be constants).</summary>
    public HashSet<Tensor> BatchShapedLeaves { get; } = new(ReferenceEqualityComparer.Instance);

    public bool IsDynamic => OtherBatchInputShape is not null;

    /// <summary>True when <paramref name="tensor"/> shares its storage with the input, a parameter or a traced result.</summary>
    public bool SharesTracedStorage(Tensor tensor) => _tracedStorages.Contains(tensor.Storage);

    public Tensor TensorOf(ValueRef value) => value.IsOpOutput ? Ops[value.Op].Results[value.Output] : value.Leaf!;

    public DType DTypeOf(ValueRef value) => TensorOf(value).DType;

    public int[] ShapeOf(ValueRef value) => TensorOf(value).ShapeArray;

    /// <summary>The value's shape in the second trace (its own shape when the batch is static or for a leaf other than the input).</summary>
    public int[] OtherBatchShapeOf(ValueRef value)
    {
        if (value.IsOpOutput && Ops[value.Op].OtherBatchShapes is { } shapes) return shapes[value.Output];
        if (value.IsLeaf && ReferenceEquals(value.Leaf, Input) && OtherBatchInputShape is { } inputShape) return inputShape;
        return ShapeOf(value);
    }

    /// <summary>For each dim of the value, whether its size follows the batch size.</summary>
    public bool[] DynamicDims(ValueRef value)
    {
        int[] shape = ShapeOf(value), other = OtherBatchShapeOf(value);
        return [.. shape.Select((size, d) => size != other[d])];
    }
}
