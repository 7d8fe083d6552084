using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Views that keep the elements in order (view, reshape's copy, squeeze, unsqueeze, flatten) as
/// Reshape to the result's shape; expand as Expand; clone and alias as the value itself. With a
/// dynamic batch, a dim that follows the batch size becomes 0 (copy the input's dim) where the input
/// has it at the same place, or -1 (inferred): one such dim per reshape.
/// </summary>
internal static class Reshapes
{
    public static readonly OpMapping Reshape = new(c =>
    {
        var input = c.Op.Inputs[0];
        if (c.ShapeOf(input).AsSpan().SequenceEqual(c.Result().ShapeArray) && c.OtherBatchShapeOf(input).AsSpan().SequenceEqual(c.OtherBatchShapeOf(c.ResultRef())))
        {
            c.Bind(c.Input(0));   // squeeze of a dim that is not 1, a view as the same shape: nothing to do
            return;
        }
        var target = Target(c, out bool allowZero);
        c.Bind(c.Node("Reshape", [c.Input(0), c.Ints(target)], allowZero ? [OnnxAttribute.Of("allowzero", 1L)] : []));
    });

    /// <summary>clone, alias, contiguous: the same values.</summary>
    public static readonly OpMapping Identity = new(c => c.Bind(c.Input(0)));

    /// <summary>expand to the result's shape; a dim that follows the batch size is 1 in Expand's shape (it broadcasts the input's own).</summary>
    public static readonly OpMapping Expand = new(c =>
    {
        int[] shape = c.Result().ShapeArray, inShape = c.InputTensor(0).ShapeArray;
        bool[] dynamic = c.DynamicDims(c.ResultRef()), inDynamic = c.DynamicDims(c.Op.Inputs[0]);
        int lead = shape.Length - inShape.Length;
        var target = new long[shape.Length];
        for (int d = 0; d < shape.Length; d++)
        {
            if (!dynamic[d]) target[d] = shape[d];
            else if (d >= lead && inDynamic[d - lead]) target[d] = 1;
            else throw c.Unsupported($"expands a dim to the batch size (to shape {c.Result().Shape}): the batch size is not known to the graph. Export with dynamicBatch: false.");
        }
        c.Bind(c.Node("Expand", [c.Input(0), c.Ints(target)]));
    });

    // The result's shape as Reshape's target: sizes, 0 to copy a dim that follows the batch from the same
    // place of the input, -1 for the one dim left to infer.
    private static long[] Target(EmitContext c, out bool allowZero)
    {
        var input = c.Op.Inputs[0];
        int[] shape = c.Result().ShapeArray, other = c.OtherBatchShapeOf(c.ResultRef());
        int[] inShape = c.ShapeOf(input), inOther = c.OtherBatchShapeOf(input);
        var target = shape.Select(s => (long)s).ToArray();
        var inferred = new List<int>();
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == other[d]) continue;
            if (d < inShape.Length && inShape[d] == shape[d] && inOther[d] == other[d]) target[d] = 0;
            else inferred.Add(d);
        }
        if (inferred.Count > 1)
            throw c.Unsupported($"reshapes to {c.Result().Shape}, where {inferred.Count} dims follow the batch size: Reshape can infer one. Export with dynamicBatch: false.");
        if (inferred.Count == 1) target[inferred[0]] = -1;
        allowZero = shape.Contains(0);   // an empty dim: 0 must mean 0, not "copy"
        if (allowZero && target.Any(t => t <= 0))
            throw c.Unsupported($"reshapes an empty tensor to {c.Result().Shape} with a dynamic batch.");
        return target;
    }
}
