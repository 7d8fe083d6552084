using Nabla.Kernels;

namespace Nabla;

// Logical and bitwise ops and the floating-point class tests (issue 10 part 2). None is differentiable:
// all give bool or integer tensors.
public partial class Tensor
{
    /// <summary>Elementwise logical and of two tensors of any dtypes read as bools (nonzero is true), like <c>torch.logical_and</c>.</summary>
    public Tensor LogicalAnd(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Bitwise<BitwiseAndOp>(AsBool(this), AsBool(other), DType.Bool);
    }

    /// <summary>Elementwise logical or of two tensors read as bools, like <c>torch.logical_or</c>.</summary>
    public Tensor LogicalOr(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Bitwise<BitwiseOrOp>(AsBool(this), AsBool(other), DType.Bool);
    }

    /// <summary>Elementwise logical exclusive or of two tensors read as bools, like <c>torch.logical_xor</c>.</summary>
    public Tensor LogicalXor(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Bitwise<BitwiseXorOp>(AsBool(this), AsBool(other), DType.Bool);
    }

    /// <summary>Elementwise logical not of a tensor read as bools, like <c>torch.logical_not</c>.</summary>
    public Tensor LogicalNot() => Compute.Unary<BitwiseNotOp>(AsBool(this));

    /// <summary>Elementwise bitwise and of integer or bool tensors (logical and for bools), like <c>torch.bitwise_and</c> and PyTorch's <c>&amp;</c>.</summary>
    /// <exception cref="ArgumentException">When the promoted dtype is floating (PyTorch refuses it).</exception>
    public Tensor BitwiseAnd(Tensor other) => Bitwise<BitwiseAndOp>(this, other, BitwiseResultType(other, "bitwise_and"));

    /// <summary>Bitwise and with an integer.</summary>
    public Tensor BitwiseAnd(long other) => BitwiseAnd(WrapScalar(other));

    /// <summary>Elementwise bitwise or of integer or bool tensors, like <c>torch.bitwise_or</c> and PyTorch's <c>|</c>.</summary>
    /// <exception cref="ArgumentException">When the promoted dtype is floating.</exception>
    public Tensor BitwiseOr(Tensor other) => Bitwise<BitwiseOrOp>(this, other, BitwiseResultType(other, "bitwise_or"));

    /// <summary>Bitwise or with an integer.</summary>
    public Tensor BitwiseOr(long other) => BitwiseOr(WrapScalar(other));

    /// <summary>Elementwise bitwise exclusive or of integer or bool tensors, like <c>torch.bitwise_xor</c> and PyTorch's <c>^</c>.</summary>
    /// <exception cref="ArgumentException">When the promoted dtype is floating.</exception>
    public Tensor BitwiseXor(Tensor other) => Bitwise<BitwiseXorOp>(this, other, BitwiseResultType(other, "bitwise_xor"));

    /// <summary>Bitwise exclusive or with an integer.</summary>
    public Tensor BitwiseXor(long other) => BitwiseXor(WrapScalar(other));

    /// <summary>Elementwise bitwise not of an integer tensor (logical not of a bool one), like <c>torch.bitwise_not</c> and PyTorch's <c>~</c>.</summary>
    /// <exception cref="ArgumentException">For floating tensors.</exception>
    public Tensor BitwiseNot()
    {
        if (DType.IsFloatingPoint())
            throw new ArgumentException($"bitwise_not (~) is only implemented on integer and bool tensors, not {DType.Name()} (as in PyTorch)");
        return Compute.Unary<BitwiseNotOp>(this);
    }

    /// <summary>this &amp;= other in place, like <c>x.bitwise_and_(other)</c> and PyTorch's <c>&amp;=</c>; returns this tensor.</summary>
    public Tensor BitwiseAndInPlace(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return BitwiseInPlace(other, BitwiseAnd);
    }

    /// <summary>this |= other in place, like <c>x.bitwise_or_(other)</c>.</summary>
    public Tensor BitwiseOrInPlace(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return BitwiseInPlace(other, BitwiseOr);
    }

    /// <summary>this ^= other in place, like <c>x.bitwise_xor_(other)</c>.</summary>
    public Tensor BitwiseXorInPlace(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return BitwiseInPlace(other, BitwiseXor);
    }

    /// <summary>Whether each element is NaN (a bool tensor; false for integers), like <c>torch.isnan</c>.</summary>
    public Tensor IsNan() => Predicates.Test<IsNanOp>(this);

    /// <summary>Whether each element is +∞ or -∞, like <c>torch.isinf</c>.</summary>
    public Tensor IsInf() => Predicates.Test<IsInfOp>(this);

    /// <summary>Whether each element is finite (neither NaN nor infinite; true for integers), like <c>torch.isfinite</c>.</summary>
    public Tensor IsFinite() => Predicates.Test<IsFiniteOp>(this);

    /// <summary>Whether each element is +∞, like <c>torch.isposinf</c>.</summary>
    public Tensor IsPosInf() => Predicates.Test<IsPosInfOp>(this);

    /// <summary>Whether each element is -∞, like <c>torch.isneginf</c>.</summary>
    public Tensor IsNegInf() => Predicates.Test<IsNegInfOp>(this);

    private static Tensor AsBool(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Compute.Cast(t, DType.Bool);
    }

    // The op on a and b broadcast, in an integer or bool dtype (bools run on their 0/1 bytes).
    private static Tensor Bitwise<TOp>(Tensor a, Tensor b, DType dtype) where TOp : IIntegerBinaryOp<TOp>
    {
        var z = Uninitialized(dtype, ShapeMath.Broadcast(a.ShapeArray, b.ShapeArray));
        Compute.BinaryInto<IntegerBinary<TOp>>(z, Compute.Cast(a, dtype), Compute.Cast(b, dtype));
        return z;
    }

    private DType BitwiseResultType(Tensor other, string name)
    {
        ArgumentNullException.ThrowIfNull(other);
        var dtype = DTypes.ResultType(this, other);
        if (dtype.IsFloatingPoint())
            throw new ArgumentException($"{name} is only implemented on integer and bool tensors, not {dtype.Name()} (operands {DType.Name()} and {other.DType.Name()}), as in PyTorch");
        return dtype;
    }

    // Not differentiable, so no history: the result (which must keep this dtype) is copied in.
    private Tensor BitwiseInPlace(Tensor other, Func<Tensor, Tensor> op)
    {
        CheckInPlaceAllowed();
        CheckBroadcastsToSelf(other);
        var result = op(other);
        if (!CanCast(result.DType, DType))
            throw new ArgumentException($"result type {result.DType.Name()} can't be cast to the desired output type {DType.Name()} (in-place update of a {DType.Name()} tensor)");
        Compute.CopyInto(this, result);
        Storage.Version++;
        return this;
    }
}
