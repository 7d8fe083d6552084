using Nabla.Kernels;

namespace Nabla;

// Add, sub, mul, div, neg, pow: each runs its kernel and records its row of the derivative table.
public partial class Tensor
{
    /// <summary>this + alpha·other with broadcasting and type promotion, like <c>torch.add</c>.</summary>
    public Tensor Add(Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = Compute.Binary<AddOp>(this, Scaled(other, alpha), AlphaResultType(other, alpha));
        return Derivatives.Add.Record(result, [this, other], alpha);
    }

    /// <summary>this + a number (a float32 tensor stays float32), like <c>x + 2</c>.</summary>
    public Tensor Add(double other) => Add(WrapScalar(other));

    /// <summary>this + an integer (an integer tensor stays integer).</summary>
    public Tensor Add(long other) => Add(WrapScalar(other));

    /// <summary>this - alpha·other, like <c>torch.sub</c>.</summary>
    public Tensor Sub(Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckNotBoolSubtraction(other);
        var result = Compute.Binary<SubOp>(this, Scaled(other, alpha), AlphaResultType(other, alpha));
        return Derivatives.Sub.Record(result, [this, other], alpha);
    }

    /// <summary>this - a number.</summary>
    public Tensor Sub(double other) => Sub(WrapScalar(other));

    /// <summary>this - an integer.</summary>
    public Tensor Sub(long other) => Sub(WrapScalar(other));

    /// <summary>number - this, PyTorch's <c>rsub</c> (<c>RsubBackward1</c>).</summary>
    internal Tensor Rsub(Tensor number)
    {
        CheckNotBoolSubtraction(number);
        // The number is offered as Other, read by no formula (so never saved), for the trace seam (OpTracer).
        return Derivatives.Rsub.Record(Compute.Binary<SubOp>(number, this, DTypes.ResultType(this, number)), [this], default, (Slot.Other, number));
    }

    /// <summary>this · other with broadcasting, like <c>torch.mul</c>.</summary>
    public Tensor Mul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Derivatives.Mul.Record(Compute.Binary<MulOp>(this, other, DTypes.ResultType(this, other)), this, other);
    }

    /// <summary>this · a number.</summary>
    public Tensor Mul(double other) => Mul(WrapScalar(other));

    /// <summary>this · an integer.</summary>
    public Tensor Mul(long other) => Mul(WrapScalar(other));

    /// <summary>this / other (true division: integers give float32), like <c>torch.div</c>.</summary>
    public Tensor Div(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var dtype = DTypes.ResultType(this, other);
        return Derivatives.Div.Record(Compute.Binary<DivOp>(this, other, dtype.IsFloatingPoint() ? dtype : DTypes.DefaultFloat), this, other);
    }

    /// <summary>this / a number.</summary>
    public Tensor Div(double other) => Div(WrapScalar(other));

    /// <summary>this / a number as ATen's C++ composites divide (div.Scalar, DivBackward1), for ops that PyTorch composes so.</summary>
    internal Tensor DivScalar(double other)
    {
        var divisor = WrapScalar(other);
        var dtype = DTypes.ResultType(this, divisor);
        return Derivatives.DivScalar.Record(Compute.Binary<DivOp>(this, divisor, dtype.IsFloatingPoint() ? dtype : DTypes.DefaultFloat), [this], other);
    }

    /// <summary>1 / this, like <c>torch.reciprocal</c>.</summary>
    public Tensor Reciprocal()
    {
        var x = AsFloat();
        return Derivatives.Reciprocal.Record(Compute.Binary<DivOp>(Wrap(1, x.DType), x, x.DType), this);
    }

    /// <summary>-this, like <c>torch.neg</c>.</summary>
    public Tensor Neg()
    {
        if (DType == DType.Bool) throw new ArgumentException("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use LogicalNot() instead.");
        return Derivatives.Neg.Record(Compute.Unary<NegOp>(this), this);
    }

    /// <summary>this raised to a number, like <c>x ** 2</c>.</summary>
    public Tensor Pow(double exponent)
    {
        var e = WrapScalar(exponent);
        return Derivatives.PowScalar.Record(Compute.Binary<PowOp>(this, e, DTypes.ResultType(this, e)), [this], exponent);
    }

    /// <summary>this raised to an integer power (an integer tensor stays integer).</summary>
    public Tensor Pow(long exponent)
        => DType.IsFloatingPoint() ? Pow((double)exponent) : Compute.Binary<PowOp>(this, Wrap(exponent, DType.Int64), DType);

    /// <summary>this raised to <paramref name="exponent"/> elementwise, like <c>torch.pow(x, y)</c>.</summary>
    public Tensor Pow(Tensor exponent)
    {
        ArgumentNullException.ThrowIfNull(exponent);
        return Derivatives.Pow.Record(Compute.Binary<PowOp>(this, exponent, DTypes.ResultType(this, exponent)), this, exponent);
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

    private void CheckNotBoolSubtraction(Tensor other)
    {
        if (DType == DType.Bool && other.DType == DType.Bool)
            throw new ArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or LogicalXor() operator instead.");
    }

    /// <summary>This tensor if it is floating, else converted to the default float dtype (for exp, log, ...).</summary>
    internal Tensor AsFloat() => DType.IsFloatingPoint() ? this : Compute.Cast(this, DTypes.DefaultFloat);
}
