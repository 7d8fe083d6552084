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
            ValueTuple<bool[], bool> sum => sum,   // also amax, amin and logsumexp
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

    /// <summary>
    /// ‖x‖ₚ over the dims of the mask: ReduceL1 or ReduceL2; for p = ±∞ ReduceMax or ReduceMin of |x|; for p = 0 the count of
    /// nonzero elements; otherwise (Σ|x|ᵖ)^(1/p) from Pow and ReduceSum.
    /// </summary>
    public static readonly OpMapping VectorNorm = new(c =>
    {
        var (p, mask, keepDim) = c.Args<(double P, bool[] Mask, bool KeepDim)>();
        c.Bind(Norm(c, c.Input(0, c.ResultType), p, Axes(c, mask), keepDim));
    });

    /// <summary>The p-norm of <paramref name="x"/> (of the op's result dtype) over <paramref name="axes"/> (the axes' graph inputs), as <see cref="VectorNorm"/> writes it.</summary>
    public static string Norm(EmitContext c, string x, double p, string[] axes, bool keepDim)
    {
        var dtype = c.ResultType;
        string Reduced(string onnxOp, string value) => c.Node(onnxOp, [value, .. axes], OnnxAttribute.Of("keepdims", keepDim ? 1L : 0L));
        return p switch
        {
            1 => Reduced("ReduceL1", x),
            2 => Reduced("ReduceL2", x),
            double.PositiveInfinity => Reduced("ReduceMax", c.Node("Abs", [x])),
            double.NegativeInfinity => Reduced("ReduceMin", c.Node("Abs", [x])),
            0 => Reduced("ReduceSum", c.Node("Cast", [c.Node("Not", [c.Node("Equal", [x, c.Scalar(0, dtype)])])], OnnxAttribute.Of("to", (long)OnnxTypes.ElementType(dtype)))),
            _ => c.Node("Pow", [Reduced("ReduceSum", c.Node("Pow", [c.Node("Abs", [x]), c.Scalar(p, dtype)])), c.Scalar(1 / p, dtype)]),
        };
    }

    /// <summary>nansum over <c>Args.Mask</c>: ReduceSum with the NaNs replaced by 0.</summary>
    public static readonly OpMapping NanSum = new(c =>
    {
        var (mask, keepDim) = c.Args<(bool[] Mask, bool KeepDim)>();
        string x = c.Input(0, c.ResultType);
        if (c.ResultType.IsFloatingPoint()) x = c.Node("Where", [c.Node("IsNaN", [x]), c.Scalar(0, c.ResultType), x]);
        c.Bind(c.Node("ReduceSum", [x, .. Axes(c, mask)], OnnxAttribute.Of("keepdims", keepDim ? 1L : 0L)));
    });

    /// <summary>
    /// var or std over <c>Args.Mask</c> with Bessel's correction (<see cref="MomentArgs"/>): Σ(x - mean)²/(N - correction)
    /// from ReduceMean, Sub, Mul, ReduceSum and Div (then Sqrt for std). N is fixed by the trace, so the reduced dims may not follow the batch.
    /// var_mean and std_mean (<paramref name="withMean"/>) give the mean as their second output.
    /// </summary>
    public static OpMapping Moment(bool std, bool withMean = false) => new(c =>
    {
        var a = c.Args<MomentArgs>();
        var dtype = c.ResultType;
        int[] shape = c.InputTensor(0).ShapeArray;
        bool[] dynamic = c.DynamicDims(c.Op.Inputs[0]);
        long count = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (!a.Mask[d]) continue;
            if (dynamic[d]) throw c.Unsupported($"reduces dim {d}, which follows the batch size: the count it divides by is fixed in the graph. Export with dynamicBatch: false.");
            count *= shape[d];
        }
        string x = c.Input(0, dtype);
        string[] axes = Axes(c, a.Mask);
        string mean = c.Node("ReduceMean", [x, .. axes], OnnxAttribute.Of("keepdims", 1L));
        string deviation = c.Node("Sub", [x, mean]);
        string squares = c.Node("ReduceSum", [c.Node("Mul", [deviation, deviation]), .. axes], OnnxAttribute.Of("keepdims", a.KeepDim ? 1L : 0L));
        string variance = c.Node("Div", [squares, c.Scalar(Math.Max(0, count - a.Correction), dtype)]);
        c.Bind(std ? c.Node("Sqrt", [variance]) : variance);
        if (withMean) c.Bind(a.KeepDim ? mean : c.Node("ReduceMean", [x, .. axes], OnnxAttribute.Of("keepdims", 0L)), 1);
    });

    /// <summary>cumsum along <c>Args</c>: CumSum, whose axis is a 0-d input.</summary>
    public static readonly OpMapping CumSum = new(c => c.Bind(c.Node("CumSum", [c.Input(0, c.ResultType), c.Constant(Tensor.Scalar((long)c.Args<int>()))])));

    private static void Reduce(EmitContext c, string onnxOp, bool[] mask, bool keepDim)
        => c.Bind(c.Node(onnxOp, [c.Input(0, c.ResultType), .. Axes(c, mask)], OnnxAttribute.Of("keepdims", keepDim ? 1L : 0L)));

    // The axes input of a Reduce operator: the dims of the mask, or none (every dim) when the mask names none.
    private static string[] Axes(EmitContext c, bool[] mask)
    {
        long[] axes = [.. Enumerable.Range(0, mask.Length).Where(d => mask[d]).Select(d => (long)d)];
        return axes.Length == 0 ? [] : [c.Ints(axes)];
    }
}
