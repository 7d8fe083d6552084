using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Indexing and joining: select as Gather of one index, narrow as Slice, flip as Slice with step -1,
/// cat as Concat, stack as Unsqueeze and Concat, gather as GatherElements, index_select as Gather,
/// scatter_add as ScatterElements with reduction "add".
/// </summary>
internal static class Indexing
{
    /// <summary>select(dim, index) (<c>Args</c>): a 0-d index removes the dim, as select does.</summary>
    public static readonly OpMapping Select = new(c =>
    {
        var (dim, index) = c.Args<(int Dim, int Index)>();
        long at = index;
        if (c.Op.OtherBatchArgs is (int, int otherIndex) && otherIndex != index)
        {
            // x[^1] along the batch dim: the index follows the batch size; ONNX counts -1 from the end.
            int size = c.InputTensor(0).Size(dim), otherSize = c.OtherBatchShapeOf(c.Op.Inputs[0])[dim];
            at = size - index == otherSize - otherIndex ? index - size
                : throw c.Unsupported($"selects index {index} along dim {dim}, which follows the batch size. Export with dynamicBatch: false.");
        }
        c.Bind(c.Node("Gather", [c.Input(0), c.Constant(Tensor.Scalar(at))], OnnxAttribute.Of("axis", (long)dim)));
    });

    /// <summary>
    /// A slice <c>start:end:step</c> along a dim (narrow and x[a:b:s]; <c>Args</c>: <see cref="SliceArgs"/>): Slice;
    /// along a dim that follows the batch, only a slice that runs to its end.
    /// </summary>
    public static readonly OpMapping Slice = new(c =>
    {
        var slice = c.Args<SliceArgs>();
        long end = slice.End;
        if (c.DynamicDims(c.Op.Inputs[0])[slice.Dim])
        {
            bool toTheEnd = c.Op.OtherBatchArgs is SliceArgs other && other.Start == slice.Start && other.Step == slice.Step
                && end == c.InputTensor(0).Size(slice.Dim) && other.End == c.OtherBatchShapeOf(c.Op.Inputs[0])[slice.Dim];
            end = toTheEnd ? long.MaxValue : throw c.Unsupported($"slices dim {slice.Dim}, which follows the batch size, to a part that depends on it. Export with dynamicBatch: false.");
        }
        c.Bind(c.Node("Slice", [c.Input(0), c.Ints(slice.Start), c.Ints(end), c.Ints(slice.Dim), c.Ints(slice.Step)]));
    });

    /// <summary>flip along the dims <c>Args</c>: Slice from the last element to the first, step -1.</summary>
    public static readonly OpMapping Flip = new(c =>
    {
        var dims = c.Args<int[]>();
        if (dims.Length == 0)
        {
            c.Bind(c.Input(0));
            return;
        }
        long[] Each(long value) => [.. dims.Select(_ => value)];
        c.Bind(c.Node("Slice", [c.Input(0), c.Ints(Each(-1)), c.Ints(Each(long.MinValue)), c.Ints([.. dims.Select(d => (long)d)]), c.Ints(Each(-1))]));
    });

    /// <summary>cat along <c>Args.Dim</c>: Concat, every input in the result's dtype.</summary>
    public static readonly OpMapping Concat = new(c =>
    {
        var (dim, _) = c.Args<(int Dim, int[] Sizes)>();
        c.Bind(c.Node("Concat", [.. Enumerable.Range(0, c.InputCount).Select(i => c.Input(i, c.ResultType))], OnnxAttribute.Of("axis", (long)dim)));
    });

    /// <summary>stack along <c>Args</c>: each input unsqueezed there, then Concat.</summary>
    public static readonly OpMapping Stack = new(c =>
    {
        long dim = c.Args<int>();
        string axes = c.Ints(dim);
        c.Bind(c.Node("Concat", [.. Enumerable.Range(0, c.InputCount).Select(i => c.Node("Unsqueeze", [c.Input(i, c.ResultType), axes]))], OnnxAttribute.Of("axis", dim)));
    });

    /// <summary>gather(dim, index) (the index saved as Index): GatherElements.</summary>
    public static readonly OpMapping GatherElements = new(
        c => c.Bind(c.Node("GatherElements", [c.Input(0), c.Value(c.Saved(Slot.Index), "the index")], OnnxAttribute.Of("axis", (long)c.Args<int>()))),
        OpMapping.InputsAnd(Slot.Index));

    /// <summary>index_select(dim, index) (the index saved as Index): Gather of a 1-d index.</summary>
    public static readonly OpMapping IndexSelect = new(
        c => c.Bind(c.Node("Gather", [c.Input(0), c.Value(c.Saved(Slot.Index), "the index")], OnnxAttribute.Of("axis", (long)c.Args<int>()))),
        OpMapping.InputsAnd(Slot.Index));

    /// <summary>self.scatter_add(dim, index, src) (inputs [self, src], the index saved as Index): ScatterElements adding.</summary>
    public static readonly OpMapping ScatterAdd = new(
        c => c.Bind(c.Node("ScatterElements", [c.Input(0, c.ResultType), c.Value(c.Saved(Slot.Index), "the index"), c.Input(1, c.ResultType)],
            OnnxAttribute.Of("axis", (long)c.Args<int>()), OnnxAttribute.Of("reduction", "add"))),
        OpMapping.InputsAnd(Slot.Index));
}
