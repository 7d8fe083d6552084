using Nabla.Kernels;

namespace Nabla;

// Add, sub, mul, div, neg, pow: forward kernels and derivative rules side by side.
// Broadcast gradients are summed back to each input's shape by OpNode (PyTorch's validate_outputs).
public partial class Tensor
{
    /// <summary>this + alpha·other with broadcasting and type promotion, like <c>torch.add</c>.</summary>
    public Tensor Add(Tensor other, double alpha = 1)
    {
        var result = Compute.Binary<AddOp>(this, Scaled(other, alpha), AlphaResultType(other, alpha));
        return result.Record("AddBackward0", (n, g) => [g, Scale(g, alpha)], [this, other]);   // d/da = 1, d/db = alpha
    }

    /// <summary>this + a number (a float32 tensor stays float32), like <c>x + 2</c>.</summary>
    public Tensor Add(double other) => Add(WrapScalar(other));

    /// <summary>this + an integer (an integer tensor stays integer).</summary>
    public Tensor Add(long other) => Add(WrapScalar(other));

    /// <summary>this - alpha·other, like <c>torch.sub</c>.</summary>
    public Tensor Sub(Tensor other, double alpha = 1)
    {
        CheckNotBoolSubtraction(other);
        var result = Compute.Binary<SubOp>(this, Scaled(other, alpha), AlphaResultType(other, alpha));
        return result.Record("SubBackward0", (n, g) => [g, Scale(g, -alpha)], [this, other]);   // d/da = 1, d/db = -alpha
    }

    /// <summary>this - a number.</summary>
    public Tensor Sub(double other) => Sub(WrapScalar(other));

    /// <summary>this - an integer.</summary>
    public Tensor Sub(long other) => Sub(WrapScalar(other));

    /// <summary>number - this, PyTorch's <c>rsub</c> (<c>RsubBackward1</c>).</summary>
    internal Tensor Rsub(Tensor number)
    {
        CheckNotBoolSubtraction(number);
        var result = Compute.Binary<SubOp>(number, this, DTypes.ResultType(this, number));
        return result.Record("RsubBackward1", static (n, g) => [-g], [this]);   // d/dx (c - x) = -1
    }

    /// <summary>this · other with broadcasting, like <c>torch.mul</c>.</summary>
    public Tensor Mul(Tensor other)
    {
        var result = Compute.Binary<MulOp>(this, other, DTypes.ResultType(this, other));
        return result.Record("MulBackward0", static (n, g) => [
            n.Needs(0) ? g * n.Saved(1) : null,   // d/da ab = b
            n.Needs(1) ? g * n.Saved(0) : null,   // d/db ab = a
        ], [this, other], [SavedUnlessNumber(this, other), other]);
    }

    /// <summary>this · a number.</summary>
    public Tensor Mul(double other) => Mul(WrapScalar(other));

    /// <summary>this · an integer.</summary>
    public Tensor Mul(long other) => Mul(WrapScalar(other));

    /// <summary>this / other (true division: integers give float32), like <c>torch.div</c>.</summary>
    public Tensor Div(Tensor other)
    {
        var dtype = DTypes.ResultType(this, other);
        var result = Compute.Binary<DivOp>(this, other, dtype.IsFloatingPoint() ? dtype : DTypes.DefaultFloat);
        return result.Record("DivBackward0", static (n, g) => [
            n.Needs(0) ? g / n.Saved(1) : null,                                         // d/da a/b = 1/b
            n.Needs(1) ? -g * n.Saved(0) / (n.Saved(1) * n.Saved(1)) : null,            // d/db a/b = -a/b²
        ], [this, other], [SavedUnlessNumber(this, other), other]);
    }

    // A tensor the rule needs only for the other operand's gradient: not saved when that operand is a C#
    // number (which never needs one). As PyTorch, which saves self for mul only when other requires grad:
    // y = x * 2 then x.MulInPlace(3) still backpropagates, and the node holds no reference to x.
    private static Tensor SavedUnlessNumber(Tensor self, Tensor other) => other.IsWrappedNumber ? null! : self;

    /// <summary>this / a number.</summary>
    public Tensor Div(double other) => Div(WrapScalar(other));

    /// <summary>1 / this, like <c>torch.reciprocal</c>.</summary>
    public Tensor Reciprocal()
    {
        var x = AsFloat();
        var result = Compute.Binary<DivOp>(Wrap(1, x.DType), x, x.DType);
        return result.Record("ReciprocalBackward0", static (n, g) => [-g * n.Saved(0) * n.Saved(0)], [this], [result]);   // d/dx 1/x = -1/x²
    }

    /// <summary>-this, like <c>torch.neg</c>.</summary>
    public Tensor Neg()
    {
        if (DType == DType.Bool) throw new ArgumentException("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use LogicalNot() instead.");
        return Compute.Unary<NegOp>(this).Record("NegBackward0", static (n, g) => [-g], [this]);   // d/dx -x = -1
    }

    /// <summary>this raised to a number, like <c>x ** 2</c>.</summary>
    public Tensor Pow(double exponent)
    {
        var e = WrapScalar(exponent);
        var result = Compute.Binary<PowOp>(this, e, DTypes.ResultType(this, e));
        return result.Record("PowBackward0", (n, g) => [
            exponent == 0 ? g * 0 : g * exponent * n.Saved(0).Pow(exponent - 1),   // d/dx x^p = p·x^(p-1)
        ], [this], [this]);
    }

    /// <summary>this raised to an integer power (an integer tensor stays integer).</summary>
    public Tensor Pow(long exponent)
        => DType.IsFloatingPoint() ? Pow((double)exponent) : Compute.Binary<PowOp>(this, Wrap(exponent, DType.Int64), DType);

    /// <summary>this raised to <paramref name="exponent"/> elementwise, like <c>torch.pow(x, y)</c>.</summary>
    public Tensor Pow(Tensor exponent)
    {
        var result = Compute.Binary<PowOp>(this, exponent, DTypes.ResultType(this, exponent));
        return result.Record("PowBackward1", static (n, g) => [
            n.Needs(0) ? g * PowBaseGrad(n.Saved(0), n.Saved(1)) : null,                     // d/dx x^y = y·x^(y-1)
            n.Needs(1) ? g * PowExponentGrad(n.Saved(0), n.Saved(1), n.Saved(2)) : null,     // d/dy x^y = x^y·ln x
        ], [this, exponent], [this, exponent, result]);
    }

    // y·x^(y-1), taken as 0 where y = 0 (PyTorch's pow_backward_self: not 0·0^-1 = NaN at x = 0).
    private static Tensor PowBaseGrad(Tensor x, Tensor y)
    {
        var raw = y * x.Pow(y - 1);
        return raw.Where(y.Ne(0.0), Wrap(0, raw.DType));
    }

    // x^y·ln x, taken as 0 where x = 0 and y >= 0 (PyTorch's pow_backward_exponent: the limit is 0 there; -inf for y < 0).
    private static Tensor PowExponentGrad(Tensor x, Tensor y, Tensor result)
    {
        var raw = result * x.Log();
        return raw.Where(x.Eq(0.0).LogicalAnd(y.Ge(0.0)).LogicalNot(), Wrap(0, raw.DType));
    }

    /// <summary>other·alpha without recording (the rule of Add/Sub accounts for alpha).</summary>
    private static Tensor Scaled(Tensor other, double alpha)
        => alpha == 1 ? other : Compute.Binary<MulOp>(other, Wrap(alpha, DType.Float64), DTypes.ResultType(other, Wrap(alpha, DType.Float64)));

    // The result dtype of this ± alpha·other; integral results take only whole alphas, as in PyTorch.
    private DType AlphaResultType(Tensor other, double alpha)
    {
        var dtype = DTypes.ResultType(this, other);
        if (!dtype.IsFloatingPoint() && alpha != Math.Floor(alpha))
            throw new ArgumentException($"For integral input tensors, argument alpha must not be a floating point number (alpha = {alpha}, operands {DType.Name()} and {other.DType.Name()}).");
        return dtype;
    }

    private static Tensor Scale(Tensor g, double alpha) => alpha == 1 ? g : g * alpha;

    private void CheckNotBoolSubtraction(Tensor other)
    {
        if (DType == DType.Bool && other.DType == DType.Bool)
            throw new ArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or LogicalXor() operator instead.");
    }

    /// <summary>This tensor if it is floating, else converted to the default float dtype (for exp, log, ...).</summary>
    internal Tensor AsFloat() => DType.IsFloatingPoint() ? this : Compute.Cast(this, DTypes.DefaultFloat);
}
