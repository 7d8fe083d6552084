using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// scatter (with a src tensor or a number) and scatter_reduce (the index saved as Index) as ScatterElements, whose reductions (opset 18)
/// are add, mul, max and min. ScatterElements takes updates of the index's shape: a larger src is
/// sliced to it, as PyTorch reads only that part. Where an index repeats, scatter's result is
/// unspecified in PyTorch; ONNX Runtime keeps the last write.
/// </summary>
internal static class Scatters
{
    /// <summary>self.scatter(dim, index, src) (inputs [self, src]): ScatterElements without reduction.</summary>
    public static readonly OpMapping Scatter = new(c => c.Bind(Scattered(c, c.Input(0, c.ResultType), Updates(c), "none")), OpMapping.InputsAnd(Slot.Index));

    /// <summary>self.scatter(dim, index, value) with a number (offered as Other): ScatterElements of the number in the index's shape.</summary>
    public static readonly OpMapping ScatterValue = new(c =>
    {
        string value = c.ValueAs(c.Saved(Slot.Other), c.ResultType, "the value");
        string updates = c.Node("Expand", [value, c.Node("Shape", [c.Value(c.Saved(Slot.Index), "the index")])]);
        c.Bind(Scattered(c, c.Input(0, c.ResultType), updates, "none"));
    }, OpMapping.InputsAnd(Slot.Index));

    /// <summary>
    /// scatter_reduce(dim, index, src, reduce, include_self) for sum, prod, amax and amin; without include_self, the places the
    /// index names are first set to the reduction's neutral value (0, 1, -∞, +∞). The mean is refused: ONNX has no count.
    /// </summary>
    public static readonly OpMapping ScatterReduce = new(c =>
    {
        var (_, reduce, includeSelf) = c.Args<(int Dim, string Reduce, bool IncludeSelf)>();
        var (reduction, neutral) = reduce switch
        {
            "sum" => ("add", 0.0),
            "prod" => ("mul", 1.0),
            "amax" => ("max", double.NegativeInfinity),
            "amin" => ("min", double.PositiveInfinity),
            _ => throw c.Unsupported($"reduces with \"{reduce}\": ONNX's ScatterElements adds, multiplies, or takes the max or min, and keeps no count for a mean."),
        };
        string self = c.Input(0, c.ResultType), updates = Updates(c);
        if (!includeSelf)
        {
            string neutrals = c.Node("Expand", [c.Scalar(neutral, c.ResultType), c.Node("Shape", [updates])]);
            self = Scattered(c, self, neutrals, "none");
        }
        c.Bind(Scattered(c, self, updates, reduction));
    }, OpMapping.InputsAnd(Slot.Index));

    private static string Scattered(EmitContext c, string self, string updates, string reduction)
        => c.Node("ScatterElements", [self, c.Value(c.Saved(Slot.Index), "the index"), updates],
            OnnxAttribute.Of("axis", (long)Dim(c)), OnnxAttribute.Of("reduction", reduction));

    // scatter's Args is the dim; scatter_reduce's starts with it.
    private static int Dim(EmitContext c) => c.Op.Args switch
    {
        int dim => dim,
        ValueTuple<int, string, bool> reduce => reduce.Item1,
        var other => throw new InvalidOperationException($"ONNX export: internal error: unexpected arguments {other} of {c.Op.Name}"),
    };

    // src (input 1) in the result's dtype, sliced to the index's shape where it is larger.
    private static string Updates(EmitContext c)
    {
        string src = c.Input(1, c.ResultType);
        int[] index = c.ShapeOf(c.Saved(Slot.Index)), shape = c.InputTensor(1).ShapeArray;
        if (index.AsSpan().SequenceEqual(shape)) return src;
        long[] Each(Func<int, long> f) => [.. Enumerable.Range(0, index.Length).Select(f)];
        return c.Node("Slice", [src, c.Ints(Each(_ => 0)), c.Ints(Each(d => index[d])), c.Ints(Each(d => d))]);
    }
}
