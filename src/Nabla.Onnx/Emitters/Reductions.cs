using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Reductions as ONNX's Reduce operators, whose axes are an input (opset 18); with no axes they
/// reduce every dim. And cumsum as CumSum.
/// </summary>
internal static class Reductions
{
    /// <summary>A reduction of every element (sum(), mean(), max(), min()): no axes, no kept dims.</summary>
    public static OpMapping All(string onnxOp) => new(c => c.Bind(c.Node(onnxOp, [c.Input(0, c.ResultType)], OnnxAttribute.Of("keepdims", 0L))));

    /// <summary>sum or mean over the dims of <c>Args.Mask</c> (<c>Args.KeepDim</c>).</summary>
    public static OpMapping OverMask(string onnxOp) => new(c =>
    {
        var (mask, keepDim) = c.Op.Args switch
        {
            ValueTuple<bool[], bool> sum => sum,
            ValueTuple<bool[], bool, int> mean => (mean.Item1, mean.Item2),
            var other => throw new InvalidOperationException($"ONNX export: internal error: unexpected arguments {other} of {c.Op.Name}"),
        };
        Reduce(c, onnxOp, mask, keepDim);
    });

    /// <summary>max or min along one dim (<c>Args</c>: dim, keepDim); the values only (the indices are not traced).</summary>
    public static OpMapping AlongDim(string onnxOp) => new(c =>
    {
        var (dim, keepDim) = c.Args<(int Dim, bool KeepDim)>();
        c.Bind(c.Node(onnxOp, [c.Input(0, c.ResultType), c.Ints(dim)], OnnxAttribute.Of("keepdims", keepDim ? 1L : 0L)));
    });

    /// <summary>‖x‖ₚ over the dims of the mask: ReduceL1 or ReduceL2.</summary>
    public static readonly OpMapping VectorNorm = new(c =>
    {
        var (p, mask, keepDim) = c.Args<(double P, bool[] Mask, bool KeepDim)>();
        string onnxOp = p switch
        {
            1 => "ReduceL1",
            2 => "ReduceL2",
            _ => throw c.Unsupported($"takes the {p}-norm: ONNX reduces to the 1-norm (ReduceL1) and the 2-norm (ReduceL2) only."),
        };
        Reduce(c, onnxOp, mask, keepDim);
    });

    /// <summary>cumsum along <c>Args</c>: CumSum, whose axis is a 0-d input.</summary>
    public static readonly OpMapping CumSum = new(c => c.Bind(c.Node("CumSum", [c.Input(0, c.ResultType), c.Constant(Tensor.Scalar((long)c.Args<int>()))])));

    private static void Reduce(EmitContext c, string onnxOp, bool[] mask, bool keepDim)
    {
        long[] axes = [.. Enumerable.Range(0, mask.Length).Where(d => mask[d]).Select(d => (long)d)];
        string[] inputs = axes.Length == 0 ? [c.Input(0, c.ResultType)] : [c.Input(0, c.ResultType), c.Ints(axes)];
        c.Bind(c.Node(onnxOp, inputs, OnnxAttribute.Of("keepdims", keepDim ? 1L : 0L)));
    }
}
