using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Elementwise functions of two or three tensors that ONNX has no single operator for (atan2, fmod,
/// remainder, hypot, logaddexp, xlogy, copysign, fmax, fmin, lerp, addcmul, addcdiv, cross), composed from
/// its arithmetic, Where and the IsNaN/IsInf tests so that special values come out as in PyTorch.
/// The second operand is input 1, or for the by-a-number rows the number the op offered as Other.
/// </summary>
internal static class BinaryMath
{
    /// <summary>
    /// atan2(y, x) as ±atan2(|y|, x) (it is odd in y, signed zeros included): Atan(|y|/x), plus π where x is negative or -0;
    /// 0 or π where both are zeros, π/4 or 3π/4 where both are infinite (where |y|/x is NaN); then the sign of y.
    /// </summary>
    public static readonly OpMapping Atan2 = Composed((c, y, x) =>
    {
        var dtype = c.ResultType;
        string xNegative = SignBit(c, x), magnitude = c.Node("Abs", [y]);
        string atan = c.Node("Atan", [c.Node("Div", [magnitude, x])]);
        string angle = c.Node("Where", [xNegative, c.Node("Add", [atan, c.Scalar(Math.PI, dtype)]), atan]);
        string bothZero = c.Node("And", [IsZero(c, x), IsZero(c, y)]);
        angle = c.Node("Where", [bothZero, c.Node("Where", [xNegative, c.Scalar(Math.PI, dtype), c.Scalar(0, dtype)]), angle]);
        string bothInfinite = c.Node("And", [c.Node("IsInf", [x]), c.Node("IsInf", [y])]);
        angle = c.Node("Where", [bothInfinite, c.Node("Where", [xNegative, c.Scalar(0.75 * Math.PI, dtype), c.Scalar(0.25 * Math.PI, dtype)]), angle]);
        return c.Node("Mul", [angle, SignOf(c, y)]);
    });

    /// <summary>fmod (C's remainder, the sign of the dividend): Mod with fmod = 1.</summary>
    public static readonly OpMapping Fmod = Composed((c, a, b) => c.Node("Mod", [a, b], OnnxAttribute.Of("fmod", 1L)));

    /// <summary>
    /// remainder (Python's, the sign of the divisor): Mod with fmod = 0 for integers; for floats, which ONNX's Mod takes
    /// with fmod = 1 only, PyTorch's own formula: r = fmod(a, b), plus b where r is not zero and its sign differs from b's.
    /// </summary>
    public static readonly OpMapping Remainder = Composed((c, a, b) =>
    {
        if (!c.ResultType.IsFloatingPoint()) return c.Node("Mod", [a, b], OnnxAttribute.Of("fmod", 0L));
        string r = c.Node("Mod", [a, b], OnnxAttribute.Of("fmod", 1L));
        string zero = c.Scalar(0, c.ResultType);
        string signsDiffer = c.Node("Xor", [c.Node("Less", [r, zero]), c.Node("Less", [b, zero])]);
        string moves = c.Node("And", [c.Node("Not", [c.Node("Equal", [r, zero])]), signsDiffer]);
        return c.Node("Where", [moves, c.Node("Add", [r, b]), r]);
    });

    /// <summary>
    /// hypot √(x² + y²), the squares taken in float64 (so that float32 ones do not overflow where hypot does not),
    /// and +∞ where either is infinite (even if the other is NaN, as IEEE's hypot).
    /// </summary>
    public static readonly OpMapping Hypot = Composed((c, x, y) =>
    {
        var dtype = c.ResultType;
        string Wide(string v) => dtype == DType.Float64 ? v : c.Node("Cast", [v], OnnxAttribute.Of("to", (long)OnnxTypes.ElementType(DType.Float64)));
        string xx = Wide(x), yy = Wide(y);
        string root = c.Node("Sqrt", [c.Node("Add", [c.Node("Mul", [xx, xx]), c.Node("Mul", [yy, yy])])]);
        if (dtype != DType.Float64) root = c.Node("Cast", [root], OnnxAttribute.Of("to", (long)OnnxTypes.ElementType(dtype)));
        string infinite = c.Node("Or", [c.Node("IsInf", [x]), c.Node("IsInf", [y])]);
        return c.Node("Where", [infinite, c.Scalar(double.PositiveInfinity, dtype), root]);
    });

    /// <summary>
    /// logaddexp (base e) and logaddexp2 (base 2): max(x, y) + log_b(1 + b^-|x - y|), and x itself where x and y
    /// are the same infinity (where x - y is NaN).
    /// </summary>
    public static OpMapping LogAddExp(double logBase) => Composed((c, x, y) =>
    {
        var dtype = c.ResultType;
        string negativeGap = c.Node("Neg", [c.Node("Abs", [c.Node("Sub", [x, y])])]);
        string power = logBase == Math.E ? c.Node("Exp", [negativeGap]) : c.Node("Pow", [c.Scalar(logBase, dtype), negativeGap]);
        string correction = c.Node("Log", [c.Node("Add", [c.Scalar(1, dtype), power])]);
        if (logBase != Math.E) correction = c.Node("Div", [correction, c.Scalar(Math.Log(logBase), dtype)]);
        string larger = c.Node("Where", [c.Node("Less", [x, y]), y, x]);
        string sameInfinity = c.Node("And", [c.Node("IsInf", [x]), c.Node("Equal", [x, y])]);
        return c.Node("Where", [sameInfinity, x, c.Node("Add", [larger, correction])]);
    });

    /// <summary>xlogy x·ln y: 0 where x is 0, NaN where y is NaN (PyTorch's order of the two tests).</summary>
    public static readonly OpMapping XLogY = Composed(XLogYOf);

    /// <summary>xlogy of a number x (<c>Args</c>) and the tensor y.</summary>
    public static readonly OpMapping XLogYOfNumber = new(c => c.Bind(XLogYOf(c, c.Scalar(c.Args<double>(), c.ResultType), c.Input(0, c.ResultType))));

    /// <summary>xlogy of the tensor x and a number y (<c>Args</c>).</summary>
    public static readonly OpMapping XLogYByNumber = new(c => c.Bind(XLogYOf(c, c.Input(0, c.ResultType), c.Scalar(c.Args<double>(), c.ResultType))));

    /// <summary>copysign: |x|·(±1), -1 where y's sign bit is set (-0 included; a NaN y counts as positive, ONNX cannot read its sign).</summary>
    public static readonly OpMapping CopySign = Composed((c, x, y) => c.Node("Mul", [c.Node("Abs", [x]), SignOf(c, y)]));

    /// <summary>fmax and fmin: Max or Min, except that a NaN operand gives the other one (NaN only where both are).</summary>
    public static OpMapping IgnoringNaN(string onnxOp) => Composed((c, a, b) =>
    {
        string picked = c.Node(onnxOp, [a, b]);
        if (!c.ResultType.IsFloatingPoint()) return picked;
        return c.Node("Where", [c.Node("IsNaN", [a]), b, c.Node("Where", [c.Node("IsNaN", [b]), a, picked])]);
    });

    /// <summary>lerp with a number weight (<c>Args</c>): x + w(e - x) for |w| &lt; ½, e - (e - x)(1 - w) otherwise, as PyTorch's kernel.</summary>
    public static readonly OpMapping Lerp = new(c =>
    {
        var dtype = c.ResultType;
        double w = c.Args<double>();
        c.Bind(LerpOf(c, c.Input(0, dtype), c.Input(1, dtype), c.Scalar(w, dtype), fromStart: Math.Abs(w) < 0.5));
    });

    /// <summary>lerp with a tensor weight: both of PyTorch's formulas, picked by Where(|w| &lt; ½).</summary>
    public static readonly OpMapping LerpByTensor = new(c =>
    {
        var dtype = c.ResultType;
        string x = c.Input(0, dtype), end = c.Input(1, dtype), w = c.Input(2, dtype);
        string near = c.Node("Less", [c.Node("Abs", [w]), c.Scalar(0.5, dtype)]);
        c.Bind(c.Node("Where", [near, LerpOf(c, x, end, w, fromStart: true), LerpOf(c, x, end, w, fromStart: false)]));
    });

    /// <summary>addcmul self + value·t₁·t₂ and addcdiv self + value·t₁/t₂ (<c>Args</c>: value), in the kernel's order.</summary>
    public static OpMapping AddScaled(string onnxOp) => new(c =>
    {
        var dtype = c.ResultType;
        string scaled = c.Node("Mul", [c.Scalar(c.Args<double>(), dtype), c.Input(1, dtype)]);
        c.Bind(c.Node("Add", [c.Input(0, dtype), c.Node(onnxOp, [scaled, c.Input(2, dtype)])]));
    });

    /// <summary>linalg.cross along <c>Args</c> (of size 3): a[i+1]·b[i+2] - a[i+2]·b[i+1], the shifted parts gathered along the dim.</summary>
    public static readonly OpMapping Cross = new(c =>
    {
        var dtype = c.ResultType;
        var axis = OnnxAttribute.Of("axis", (long)c.Args<int>());
        string next = c.Ints(1, 2, 0), afterNext = c.Ints(2, 0, 1);
        string Shifted(int input, string by) => c.Node("Gather", [c.Input(input, dtype), by], axis);
        c.Bind(c.Node("Sub", [c.Node("Mul", [Shifted(0, next), Shifted(1, afterNext)]), c.Node("Mul", [Shifted(0, afterNext), Shifted(1, next)])]));
    });

    // A function of self and the second operand (input 1, or the number offered as Other), both in the result's dtype.
    private static OpMapping Composed(Func<EmitContext, string, string, string> compose) => new(c =>
    {
        var dtype = c.ResultType;
        string second = c.HasInput(1) ? c.Input(1, dtype) : c.ValueAs(c.Saved(Slot.Other), dtype, "the number");
        c.Bind(compose(c, c.Input(0, dtype), second));
    }, OpMapping.InputsAnd(Slot.Other));

    private static string XLogYOf(EmitContext c, string x, string y)
    {
        string zero = c.Scalar(0, c.ResultType);
        string product = c.Node("Where", [c.Node("Equal", [x, zero]), zero, c.Node("Mul", [x, c.Node("Log", [y])])]);
        return c.Node("Where", [c.Node("IsNaN", [y]), y, product]);
    }

    // x + w(e - x) from the start, or e - (e - x)(1 - w) from the end: PyTorch picks by |w| < ½ for accuracy.
    private static string LerpOf(EmitContext c, string x, string end, string w, bool fromStart)
    {
        string gap = c.Node("Sub", [end, x]);
        return fromStart
            ? c.Node("Add", [x, c.Node("Mul", [w, gap])])
            : c.Node("Sub", [end, c.Node("Mul", [gap, c.Node("Sub", [c.Scalar(1, c.ResultType), w])])]);
    }

    /// <summary>
    /// ±1 by the sign bit of <paramref name="v"/>: multiplying by it, not picking a negated value with Where, keeps the sign of a
    /// zero result (ONNX Runtime's Where returns +0 for a -0 taken from its first branch).
    /// </summary>
    public static string SignOf(EmitContext c, string v)
        => c.Node("Where", [SignBit(c, v), c.Scalar(-1, c.ResultType), c.Scalar(1, c.ResultType)]);

    private static string IsZero(EmitContext c, string v) => c.Node("Equal", [v, c.Scalar(0, c.ResultType)]);

    // Whether v's sign bit is set: v < 0, or v is -0 (1/v is -∞). A NaN's sign cannot be read in opset 18 (no BitCast).
    private static string SignBit(EmitContext c, string v)
    {
        string zero = c.Scalar(0, c.ResultType);
        string negativeZero = c.Node("And", [IsZero(c, v), c.Node("Less", [c.Node("Div", [c.Scalar(1, c.ResultType), v]), zero])]);
        return c.Node("Or", [c.Node("Less", [v, zero]), negativeZero]);
    }
}
