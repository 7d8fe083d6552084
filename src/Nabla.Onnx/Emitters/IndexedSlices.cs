using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Ops that read or write whole slices at the positions of a 1-d index along a dim, and take, all from the index as
/// the caller gave it (offered as <see cref="Slot.GivenIndex"/>: the positions the op saved were wrapped outside the
/// trace): index_add and index_copy as ScatterElements of the source (the index repeated across each slice; "add" sums
/// repeated positions as index_add does), index_fill as Where on a mask of the filled slices, take as Gather of the
/// flattened tensor.
/// </summary>
internal static class IndexedSlices
{
    /// <summary>self.index_add(dim, index, source, alpha) (<c>Args</c>: dim and alpha): ScatterElements adding alpha·source.</summary>
    public static readonly OpMapping IndexAdd = new(c =>
    {
        var (dim, alpha) = c.Args<(int Dim, double Alpha)>();
        string source = Source(c);
        if (alpha != 1) source = c.Node("Mul", [source, c.Scalar(alpha, c.ResultType)]);
        c.Bind(Scattered(c, dim, source, "add"));
    }, OpMapping.InputsAnd(Slot.GivenIndex));

    /// <summary>self.index_copy(dim, index, source) (<c>Args</c>: the dim): ScatterElements without reduction.</summary>
    public static readonly OpMapping IndexCopy = new(c => c.Bind(Scattered(c, c.Args<int>(), Source(c), "none")), OpMapping.InputsAnd(Slot.GivenIndex));

    /// <summary>
    /// self.index_fill(dim, index, value) (<c>Args</c>: the dim; the value a number offered as Other, or input 1): Where on a
    /// mask along the dim, made by scattering ones at the (wrapped) positions into zeros of the dim's size.
    /// </summary>
    public static readonly OpMapping IndexFill = new(c =>
    {
        int dim = c.Args<int>();
        c.RequireStaticDim(dim, "fills slices along");
        int rank = c.InputTensor(0).Dim, size = c.InputTensor(0).Size(dim);
        string positions = c.Node("Reshape", [c.WrappedIndex(c.Saved(Slot.GivenIndex), c.Constant(Tensor.Scalar((long)size))), c.Ints(-1)]);
        string ones = c.Node("Expand", [c.Scalar(1, DType.Int64), c.Node("Shape", [positions])]);
        string filled = c.Node("ScatterElements", [c.Constant(Tensor.Zeros([size], DType.Int64)), positions, ones]);
        string mask = c.Node("Cast", [c.Node("Reshape", [filled, c.Ints([.. Enumerable.Range(0, rank).Select(d => d == dim ? -1L : 1L)])])],
            OnnxAttribute.Of("to", (long)OnnxTypes.ElementType(DType.Bool)));
        string value = c.HasInput(1) ? c.Input(1, c.ResultType) : c.ValueAs(c.Saved(Slot.Other), c.ResultType, "the value");
        c.Bind(c.Node("Where", [mask, value, c.Input(0)]));
    }, OpMapping.InputsAnd(Slot.GivenIndex));

    /// <summary>take(index): Gather of the flattened tensor at the (wrapped) positions, in the index's shape.</summary>
    public static readonly OpMapping Take = new(c =>
    {
        string flat = c.Node("Reshape", [c.Input(0), c.Ints(-1)]);
        c.Bind(c.Node("Gather", [flat, c.WrappedIndex(c.Saved(Slot.GivenIndex), c.Node("Size", [flat]))], OnnxAttribute.Of("axis", 0L)));
    }, OpMapping.InputsAnd(Slot.GivenIndex));

    // source (input 1) in the result's dtype; a 0-d source (into a 1-d self) as one element.
    private static string Source(EmitContext c)
    {
        string source = c.Input(1, c.ResultType);
        return c.InputTensor(1).Dim == 0 ? c.Node("Reshape", [source, c.Ints(1)]) : source;
    }

    // ScatterElements into self along dim of the slices of `source`, each slice i at position index[i]: the index
    // shaped [1, ..., n, ..., 1] and expanded to the source's shape.
    private static string Scattered(EmitContext c, int dim, string source, string reduction)
    {
        int rank = c.InputTensor(0).Dim;
        string index = c.Node("Reshape", [c.ValueAs(c.Saved(Slot.GivenIndex), DType.Int64, "the index"), c.Ints([.. Enumerable.Range(0, rank).Select(d => d == dim ? -1L : 1L)])]);
        string positions = c.Node("Expand", [index, c.Node("Shape", [source])]);
        return c.Node("ScatterElements", [c.Input(0, c.ResultType), positions, source], OnnxAttribute.Of("axis", (long)dim), OnnxAttribute.Of("reduction", reduction));
    }
}
