using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Elementwise arithmetic and functions: one ONNX operator each, computed in the result's dtype
/// (ONNX takes one element type where Nabla promotes, so inputs of another dtype are cast first).
/// </summary>
internal static class Elementwise
{
    /// <summary>An op that is the ONNX unary operator <paramref name="onnxOp"/> (exp of an integer tensor computes in float).</summary>
    public static OpMapping Unary(string onnxOp) => new(c => c.Bind(c.Node(onnxOp, [c.Input(0, c.ResultType)])));

    /// <summary>A function of one input that ONNX writes as a few operators: <paramref name="compose"/> of the input (in the result's dtype).</summary>
    public static OpMapping Composed(Func<EmitContext, string, string> compose) => new(c => c.Bind(compose(c, c.Input(0, c.ResultType))));

    /// <summary>log1p, expm1, log2, log10, erfc and rsqrt, which ONNX has no operator for, from Log, Exp, Erf, Sqrt and arithmetic.</summary>
    public static readonly OpMapping Log1p = Composed((c, x) => c.Node("Log", [c.Node("Add", [x, c.Scalar(1, c.ResultType)])]));

    /// <inheritdoc cref="Log1p"/>
    public static readonly OpMapping Expm1 = Composed((c, x) => c.Node("Sub", [c.Node("Exp", [x]), c.Scalar(1, c.ResultType)]));

    /// <inheritdoc cref="Log1p"/>
    public static OpMapping LogBase(double logarithmBase) => Composed((c, x) => c.Node("Div", [c.Node("Log", [x]), c.Scalar(Math.Log(logarithmBase), c.ResultType)]));

    /// <inheritdoc cref="Log1p"/>
    public static readonly OpMapping Erfc = Composed((c, x) => c.Node("Sub", [c.Scalar(1, c.ResultType), c.Node("Erf", [x])]));

    /// <inheritdoc cref="Log1p"/>
    public static readonly OpMapping Rsqrt = Composed((c, x) => c.Node("Reciprocal", [c.Node("Sqrt", [x])]));

    /// <summary>exp2 2ˣ: Pow(2, x).</summary>
    public static readonly OpMapping Exp2 = Composed((c, x) => c.Node("Pow", [c.Scalar(2, c.ResultType), x]));

    /// <summary>logit ln(p/(1 - p)), p = x clamped to [eps, 1 - eps] when <c>Args</c> (eps) is given and not negative.</summary>
    public static readonly OpMapping Logit = Composed((c, p) =>
    {
        if (c.Args<double?>() is { } eps && eps >= 0) p = c.Node("Clip", [p, c.Scalar(eps, c.ResultType), c.Scalar(1 - eps, c.ResultType)]);
        return c.Node("Log", [c.Node("Div", [p, c.Node("Sub", [c.Scalar(1, c.ResultType), p])])]);
    });

    /// <summary>self / a number (<c>Args</c>: the divisor), as ATen's composites divide.</summary>
    public static readonly OpMapping DivNumber = Composed((c, x) => c.Node("Div", [x, c.Scalar(c.Args<double>(), c.ResultType)]));

    /// <summary>self + a number (<c>AddBackward1</c>, rms_norm's mean + eps): the number is the value the op offered as Other.</summary>
    public static readonly OpMapping AddNumber = new(
        c => c.Bind(c.Node("Add", [c.Input(0, c.ResultType), c.ValueAs(c.Saved(Slot.Other), c.ResultType, "the number")])),
        OpMapping.InputsAnd(Slot.Other));

    /// <summary>masked_fill(mask, number): Where(mask, the number, self); the number is the value the op offered as Other.</summary>
    public static readonly OpMapping MaskedFill = new(
        c => c.Bind(c.Node("Where", [c.ValueAs(c.Saved(Slot.Mask), DType.Bool, "the mask"), c.ValueAs(c.Saved(Slot.Other), c.ResultType, "the value"), c.Input(0, c.ResultType)])),
        OpMapping.InputsAnd(Slot.Mask, Slot.Other));

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

    /// <summary>nan_to_num (<c>Args</c>: the replacements of NaN, +∞ and -∞): Where on IsNaN and IsInf of each sign.</summary>
    public static readonly OpMapping NanToNum = new(c =>
    {
        var (nan, posInf, negInf) = c.Args<(double Nan, double PosInf, double NegInf)>();
        string x = c.Input(0, c.ResultType);
        string Replaced(string where, double value, string otherwise) => c.Node("Where", [where, c.Scalar(value, c.ResultType), otherwise]);
        string IsInf(bool positive) => c.Node("IsInf", [x], OnnxAttribute.Of("detect_positive", positive ? 1L : 0L), OnnxAttribute.Of("detect_negative", positive ? 0L : 1L));
        c.Bind(Replaced(c.Node("IsNaN", [x]), nan, Replaced(IsInf(true), posInf, Replaced(IsInf(false), negInf, x))));
    });
}
