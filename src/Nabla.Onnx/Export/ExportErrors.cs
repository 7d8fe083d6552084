using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Export;

/// <summary>
/// The exporter's refusals, each naming the op (PyTorch's node name and aten function), the module it
/// ran in, what went wrong and what to do instead.
/// </summary>
internal static class ExportErrors
{
    /// <summary>An op of the forward pass that no row of the mapping table covers.</summary>
    public static NotSupportedException Unmapped(TracedOp op)
        => Unsupported(op, "has no ONNX mapping in Nabla.Onnx." + OpNames.Hint(op.Name));

    /// <summary>An op that is mapped, but not with these arguments.</summary>
    public static NotSupportedException Unsupported(TracedOp op, string why)
        => new($"ONNX export: {Describe(op)} {why}");

    /// <summary>"MaxPool2DWithIndicesBackward0 (aten::max_pool2d_with_indices) in module 'features.2' (MaxPool2d)".</summary>
    public static string Describe(TracedOp op) => $"{op.Name} (aten::{OpNames.AtenName(op.Name)}) {op.Scope.Describe()}";

    /// <summary>A tensor written in place after the trace saw it: its value in the graph would be the old one.</summary>
    public static NotSupportedException WrittenInPlace(TracedOp? reader, string role, Tensor tensor)
        => new($"ONNX export: {Reader(reader, role)} is a tensor of shape {tensor.Shape} that was modified in place after it was " +
            "computed or first read (an in-place op such as AddInPlace, which the trace does not see under NoGrad). " +
            "Use the out-of-place op (x = x.Add(y)) in Forward.");

    /// <summary>Throws unless <paramref name="leaf"/>, a tensor that no traced op produced, can be stored as a constant.</summary>
    public static void CheckConstant(TraceSummary trace, Tensor leaf, TracedOp? reader, string role)
    {
        if (leaf.IsWrappedNumber) return;
        if (trace.SharesTracedStorage(leaf))
            throw new NotSupportedException($"ONNX export: {Reader(reader, role)} is a tensor of shape {leaf.Shape} that shares its storage " +
                "with the input, a parameter or a computed tensor but was not produced by a traced op: a Detach() (or a view made from one). " +
                "The graph cannot follow it; use the tensor itself, or compute the value from traced ops.");
        if (!leaf.DType.IsFloatingPoint())
            throw new NotSupportedException($"ONNX export: {Reader(reader, role)} is a {leaf.DType} tensor of shape {leaf.Shape} that no traced op produced. " +
                "Comparisons, argmax and integer arithmetic are not traced, so the exporter cannot tell whether it depends on the input. " +
                "If it is a constant (a mask, position ids), register it as a buffer of the module (RegisterBuffer): it is then exported as an initializer.");
        if (trace.BatchShapedLeaves.Contains(leaf))
            throw new NotSupportedException($"ONNX export with dynamicBatch: {Reader(reader, role)} is a tensor of shape {leaf.Shape} made in Forward " +
                "whose shape follows the batch size (such as Tensor.Zeros(batch, ...)); a constant cannot. Export with a fixed batch size " +
                "(dynamicBatch: false), or make the tensor from the input with traced ops (x * 0 for zeros of its shape).");
    }

    private static string Reader(TracedOp? reader, string role) => reader is null ? role : $"{role} of {Describe(reader)}";
}
