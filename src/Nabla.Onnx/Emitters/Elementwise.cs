using Nabla.Onnx.Export;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Elementwise arithmetic and functions: one ONNX operator each, computed in the result's dtype
/// (ONNX takes one element type where Nabla promotes, so inputs of another dtype are cast first).
/// </summary>
internal static class Elementwise
{
    /// <summary>An op that is the ONNX unary operator <paramref name="onnxOp"/> (exp of an integer tensor computes in float).</summary>
    public static OpMapping Unary(string onnxOp) => new(c => c.Bind(c.Node(onnxOp, [c.Input(0, c.ResultType)])));

    /// <summary>An op that is the ONNX binary operator <paramref name="onnxOp"/>, broadcasting as Nabla does.</summary>
    public static OpMapping Binary(string onnxOp) => new(c => c.Bind(c.Node(onnxOp, [c.Input(0, c.ResultType), c.Input(1, c.ResultType)])));

    /// <summary>self ± alpha·other (torch.add and torch.sub): alpha becomes a Mul unless it is 1.</summary>
    public static OpMapping WithAlpha(string onnxOp) => new(c =>
    {
        var dtype = c.ResultType;
        string other = c.Input(1, dtype);
        double alpha = c.Args<double>();
        if (alpha != 1) other = c.Node("Mul", [other, c.Scalar(alpha, dtype)]);
        c.Bind(c.Node(onnxOp, [c.Input(0, dtype), other]));
    });

    /// <summary>number - self (<c>RsubBackward1</c>): the number is the value the op saved as Other.</summary>
    public static readonly OpMapping Rsub = new(
        c => c.Bind(c.Node("Sub", [c.ValueAs(c.Saved(Slot.Other), c.ResultType, "the number"), c.Input(0, c.ResultType)])),
        OpMapping.InputsAnd(Slot.Other));

    /// <summary>self ** exponent for a number exponent (<c>Args</c>).</summary>
    public static readonly OpMapping PowScalar = new(c => c.Bind(c.Node("Pow", [c.Input(0, c.ResultType), c.Scalar(c.Args<double>(), c.ResultType)])));

    /// <summary>A dtype conversion: Cast.</summary>
    public static readonly OpMapping Cast = new(c => c.Bind(c.Input(0, c.ResultType)));

    /// <summary>clamp(min, max) (either may be absent): Clip, whose omitted bounds are empty inputs.</summary>
    public static readonly OpMapping Clip = new(c =>
    {
        var (min, max) = c.Args<(double? Min, double? Max)>();
        var dtype = c.ResultType;
        c.Bind(c.Node("Clip", [c.Input(0, dtype), min is { } lo ? c.Scalar(lo, dtype) : "", max is { } hi ? c.Scalar(hi, dtype) : ""]));
    });

    /// <summary>self where the condition (saved as Mask) holds, other elsewhere: Where(condition, self, other).</summary>
    public static readonly OpMapping Where = new(
        c => c.Bind(c.Node("Where", [c.ValueAs(c.Saved(Slot.Mask), DType.Bool, "the condition"), c.Input(0, c.ResultType), c.Input(1, c.ResultType)])),
        OpMapping.InputsAnd(Slot.Mask));
}
