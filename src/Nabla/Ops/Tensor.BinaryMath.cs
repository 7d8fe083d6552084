using Nabla.Kernels;

namespace Nabla;

// Elementwise functions of two tensors (issue 10 part 2), with broadcasting and PyTorch's type
// promotion; each runs its kernel and records its row of the derivative table.
public partial class Tensor
{
    /// <summary>The larger of this and <paramref name="other"/> elementwise, NaN if either is NaN, like <c>torch.maximum</c> (ties share the gradient).</summary>
    public Tensor Maximum(Tensor other) => Extremum<MaximumOp>(other, Derivatives.Maximum);

    /// <summary>The smaller of this and <paramref name="other"/> elementwise, NaN if either is NaN, like <c>torch.minimum</c> (ties share the gradient).</summary>
    public Tensor Minimum(Tensor other) => Extremum<MinimumOp>(other, Derivatives.Minimum);

    /// <summary>The larger of this and <paramref name="other"/> elementwise, ignoring a NaN (the number wins), like <c>torch.fmax</c>.</summary>
    public Tensor Fmax(Tensor other) => Extremum<FmaxOp>(other, Derivatives.Fmax);

    /// <summary>The smaller of this and <paramref name="other"/> elementwise, ignoring a NaN (the number wins), like <c>torch.fmin</c>.</summary>
    public Tensor Fmin(Tensor other) => Extremum<FminOp>(other, Derivatives.Fmin);

    /// <summary>
    /// The remainder of this / <paramref name="other"/> with the dividend's sign (C's fmod), elementwise
    /// with broadcasting, like <c>torch.fmod</c>. Integers stay integers.
    /// </summary>
    /// <exception cref="DivideByZeroException">For an integer divisor with a zero element (PyTorch's ZeroDivisionError).</exception>
    /// <exception cref="ArgumentException">For two bool tensors.</exception>
    public Tensor Fmod(Tensor other) => Derivatives.Fmod.Record(Divided<FmodOp>(other, "fmod"), this, other);

    /// <summary>The remainder of this / a number with the dividend's sign, like <c>torch.fmod(x, 1.5)</c> (<c>FmodBackward0</c>).</summary>
    public Tensor Fmod(double other) => ByNumber<FmodOp>(Derivatives.FmodScalar, WrapScalar(other), "fmod");

    /// <summary>The remainder of this / an integer with the dividend's sign (an integer tensor stays integer).</summary>
    public Tensor Fmod(long other) => ByNumber<FmodOp>(Derivatives.FmodScalar, WrapScalar(other), "fmod");

    /// <summary>
    /// The remainder of this / <paramref name="other"/> with the divisor's sign (Python's %), elementwise
    /// with broadcasting, like <c>torch.remainder</c>. Integers stay integers.
    /// </summary>
    /// <exception cref="DivideByZeroException">For an integer divisor with a zero element (PyTorch's ZeroDivisionError).</exception>
    /// <exception cref="ArgumentException">For two bool tensors.</exception>
    public Tensor Remainder(Tensor other) => Derivatives.Remainder.Record(Divided<RemainderOp>(other, "remainder"), this, other);

    /// <summary>The remainder of this / a number with the divisor's sign, like <c>torch.remainder(x, 1.5)</c> (<c>RemainderBackward0</c>).</summary>
    public Tensor Remainder(double other) => ByNumber<RemainderOp>(Derivatives.RemainderScalar, WrapScalar(other), "remainder");

    /// <summary>The remainder of this / an integer with the divisor's sign (an integer tensor stays integer).</summary>
    public Tensor Remainder(long other) => ByNumber<RemainderOp>(Derivatives.RemainderScalar, WrapScalar(other), "remainder");

    /// <summary>√(x² + y²) elementwise without overflow in the squares, like <c>torch.hypot</c>; the promoted dtype must be floating.</summary>
    /// <exception cref="ArgumentException">When both operands are integer or bool (PyTorch refuses them).</exception>
    public Tensor Hypot(Tensor other)
        => Derivatives.Hypot.Record(Compute.BinaryFloat<HypotOp>(this, other, FloatingResultType(other, "hypot")), this, other);

    /// <summary>ln(eˣ + eʸ) elementwise without overflow, like <c>torch.logaddexp</c>; the promoted dtype must be floating.</summary>
    /// <exception cref="ArgumentException">When both operands are integer or bool (PyTorch refuses them).</exception>
    public Tensor LogAddExp(Tensor other)
        => Derivatives.LogAddExp.Record(Compute.BinaryFloat<LogAddExpOp>(this, other, FloatingResultType(other, "logaddexp")), this, other);

    /// <summary>log₂(2ˣ + 2ʸ) elementwise without overflow, like <c>torch.logaddexp2</c>; the promoted dtype must be floating.</summary>
    /// <exception cref="ArgumentException">When both operands are integer or bool (PyTorch refuses them).</exception>
    public Tensor LogAddExp2(Tensor other)
        => Derivatives.LogAddExp2.Record(Compute.BinaryFloat<LogAddExp2Op>(this, other, FloatingResultType(other, "logaddexp2")), this, other);

    /// <summary>
    /// x·ln y elementwise (x this, y <paramref name="other"/>), 0 where x = 0 even for y = 0, NaN where y is
    /// NaN, like <c>torch.xlogy</c> (integers give the default float dtype).
    /// </summary>
    public Tensor XLogY(Tensor other)
        => Derivatives.XLogY.Record(Compute.BinaryFloat<XLogYOp>(this, other, FloatResultType(other)), this, other);

    /// <summary>x·ln y for a number y, like <c>torch.xlogy(x, 2.0)</c> (<c>XlogyBackward2</c>).</summary>
    public Tensor XLogY(double other)
    {
        var y = WrapScalar(other);
        return Derivatives.XLogYScalarOther.Record(Compute.BinaryFloat<XLogYOp>(this, y, FloatResultType(y)), [this], other);
    }

    /// <summary>x·ln y for a number x and a tensor y, like <c>torch.xlogy(2.0, y)</c> (<c>XlogyBackward1</c>).</summary>
    public static Tensor XLogY(double self, Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var x = other.WrapScalar(self);
        return Derivatives.XLogYScalarSelf.Record(Compute.BinaryFloat<XLogYOp>(x, other, x.FloatResultType(other)), [other], self);
    }

    /// <summary>
    /// |x| with the sign of <paramref name="other"/> elementwise (its sign bit: -0 counts as negative), like
    /// <c>torch.copysign</c> (integers give the default float dtype).
    /// </summary>
    public Tensor CopySign(Tensor other)
        => Derivatives.CopySign.Record(Compute.BinaryFloat<CopySignOp>(this, other, FloatResultType(other)), this, other);

    /// <summary>|x| with the sign of a number, like <c>torch.copysign(x, -1.0)</c> (<c>CopysignBackward1</c>).</summary>
    public Tensor CopySign(double other)
    {
        var y = WrapScalar(other);
        return Derivatives.CopySignScalar.Record(Compute.BinaryFloat<CopySignOp>(this, y, FloatResultType(y)), [this], default, (Slot.Other, y));   // the number offered for exporters
    }

    // maximum, minimum, fmax, fmin: any dtypes, promoted (bools stay bools).
    private Tensor Extremum<TOp>(Tensor other, Derivative<NoArgs> row) where TOp : IBinaryOp
    {
        ArgumentNullException.ThrowIfNull(other);
        return row.Record(Compute.Binary<TOp>(this, other, DTypes.ResultType(this, other)), this, other);
    }

    // fmod or remainder by a number, which is offered as Other: the gradient reads nothing, an exporter (Nabla.Onnx) needs it.
    private Tensor ByNumber<TOp>(Derivative<NoArgs> row, Tensor number, string name) where TOp : IBinaryOp
        => row.Record(Divided<TOp>(number, name), [this], default, (Slot.Other, number));

    // fmod and remainder: integers divide exactly and refuse a zero divisor, as PyTorch's ZeroDivisionError.
    private Tensor Divided<TOp>(Tensor other, string name) where TOp : IBinaryOp
    {
        ArgumentNullException.ThrowIfNull(other);
        var dtype = DTypes.ResultType(this, other);
        if (dtype == DType.Bool)
            throw new ArgumentException($"{name} is not implemented for two bool tensors (nor in PyTorch); convert one with To(DType.Int64) first");
        var divisor = Compute.Cast(other, dtype);
        if (!dtype.IsFloatingPoint() && Compute.Compare<EqOp>(divisor, Wrap(0, dtype)).ToArray<bool>().Contains(true))
            throw new DivideByZeroException($"ZeroDivisionError: integer {name} by zero (a {dtype.Name()} divisor has a zero element)");
        return Compute.Binary<TOp>(this, divisor, dtype);
    }

    // The promoted dtype, or the default float for integers (xlogy, copysign: PyTorch's int-to-float ops).
    private DType FloatResultType(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var dtype = DTypes.ResultType(this, other);
        return dtype.IsFloatingPoint() ? dtype : DTypes.DefaultFloat;
    }

    // The promoted dtype, which must be floating (hypot, logaddexp: PyTorch has no integer kernels for them).
    private DType FloatingResultType(Tensor other, string name)
    {
        ArgumentNullException.ThrowIfNull(other);
        var dtype = DTypes.ResultType(this, other);
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"{name} is not implemented for {dtype.Name()} operands (nor in PyTorch); convert one to a floating dtype first");
        return dtype;
    }
}
