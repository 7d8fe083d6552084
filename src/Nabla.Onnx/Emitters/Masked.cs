using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// The ops through a bool mask (saved as Mask) beside masked_fill with a number: masked_fill with a 0-d
/// tensor as Where; masked_select as Compress of the flattened, broadcast tensor; masked_scatter as Where
/// of the source's elements gathered in order (the k-th true place takes element k: a CumSum of the mask).
/// </summary>
internal static class Masked
{
    /// <summary>masked_fill(mask, value) with a 0-d tensor value (input 1): Where(mask, value, self).</summary>
    public static readonly OpMapping FillWithTensor = new(
        c => c.Bind(c.Node("Where", [Mask(c), c.Input(1, c.ResultType), c.Input(0, c.ResultType)])),
        OpMapping.InputsAnd(Slot.Mask));

    /// <summary>masked_select(mask): the elements where the mask (broadcast with self) holds, in order, as a 1-d tensor.</summary>
    public static readonly OpMapping Select = new(c =>
    {
        var (values, mask) = Broadcast(c, c.Input(0, c.ResultType));
        c.Bind(c.Node("Compress", [Flat(c, values), Flat(c, mask)], OnnxAttribute.Of("axis", 0L)));
    }, OpMapping.InputsAnd(Slot.Mask));

    /// <summary>masked_scatter(mask, source): self, with the source's first elements written, in order, where the mask holds.</summary>
    public static readonly OpMapping Scatter = new(c =>
    {
        var (values, mask) = Broadcast(c, c.Input(0, c.ResultType));
        string counted = c.Node("CumSum", [c.Node("Cast", [Flat(c, mask)], OnnxAttribute.Of("to", (long)OnnxTypes.ElementType(DType.Int64))), c.Constant(Tensor.Scalar(0L))]);
        string taken = c.Node("Max", [c.Node("Sub", [counted, c.Ints(1)]), c.Ints(0)]);   // before the first true place: any element, not used
        string gathered = c.Node("Gather", [Flat(c, c.Input(1, c.ResultType)), taken], OnnxAttribute.Of("axis", 0L));
        c.Bind(c.Node("Where", [mask, c.Node("Reshape", [gathered, c.Node("Shape", [values])]), values]));
    }, OpMapping.InputsAnd(Slot.Mask));

    private static string Mask(EmitContext c) => c.ValueAs(c.Saved(Slot.Mask), DType.Bool, "the mask");

    // self and the mask, both broadcast to their common shape (Where broadcasts; Expand to its Shape follows a dynamic batch).
    private static (string Values, string Mask) Broadcast(EmitContext c, string self)
    {
        string mask = Mask(c);
        string values = c.Node("Where", [mask, self, self]);
        return (values, c.Node("Expand", [mask, c.Node("Shape", [values])]));
    }

    private static string Flat(EmitContext c, string value) => c.Node("Reshape", [value, c.Ints(-1)]);
}
