using Nabla.Onnx.Export;
using Nabla.Onnx.Model;
using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// embedding (input [weight], the indices saved as Index): Gather of the weight's rows. The op saved
/// the indices flattened by a traced view; Gather reads the indices before that view, so its output
/// has the shape [*indices, dim] directly (and a dynamic batch dim stays dynamic).
/// </summary>
internal static class Embedding
{
    public static readonly OpMapping Gather = new(c =>
    {
        var indices = Indices(c.Op, c.Ops);
        int[] indexShape = c.ShapeOf(indices), shape = c.Result().ShapeArray;
        if (shape.Length != indexShape.Length + 1 || !shape.AsSpan(0, indexShape.Length).SequenceEqual(indexShape))
            throw c.Unsupported("reads indices whose shape the trace cannot follow back to the one the output has.");
        c.Bind(c.Node("Gather", [c.Input(0, c.ResultType), c.Value(indices, "the indices")], OnnxAttribute.Of("axis", 0L)));
    }, (op, ops) => [op.Inputs[0], Indices(op, ops)]);

    /// <summary>The indices <paramref name="op"/> saved as Index, as they were before the view that flattened them.</summary>
    public static ValueRef Indices(TracedOp op, IReadOnlyList<TracedOp> ops) => BeforeView(op.SavedRef(Slot.Index), ops);

    /// <summary><paramref name="value"/>, or the value it is a view of when a traced view (a flattening) made it.</summary>
    public static ValueRef BeforeView(ValueRef value, IReadOnlyList<TracedOp> ops)
        => value.IsOpOutput && ops[value.Op].Name is "ViewBackward0" or "UnsafeViewBackward0" ? ops[value.Op].Inputs[0] : value;
}
