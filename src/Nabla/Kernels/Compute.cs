using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// Elementwise kernels at tensor level: allocate the output, pick the element type, run the
/// strided driver. Nothing here knows about autograd.
/// </summary>
internal static class Compute
{
    /// <summary>f(x) into a new contiguous tensor of x's dtype.</summary>
    public static Tensor Unary<TOp>(Tensor x) where TOp : IUnaryOp
    {
        var y = Tensor.Uninitialized(x.DType, x.ShapeArray);
        Dispatch.Run(x.DType, new UnaryAction<TOp>(y, x));
        return y;
    }

    private readonly struct UnaryAction<TOp>(Tensor y, Tensor x) : ITypedAction where TOp : IUnaryOp
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new UnaryKernel<TOp, T>(y.Data<T>(), x.Data<T>());
            int n = y.Count;
            if (n < Strided.ParallelThreshold && x.IsContiguous) { k.Run(n, y.Offset, 1, x.Offset, 1, 0, 0, 0, 0); return; }   // as for binary ops
            Strided.Run(ref k, y.ShapeArray, Operand.Of(y), Operand.Of(x));
        }
    }

    /// <summary>A floating-point f(x) (<see cref="IFloatUnaryOp{TSelf}"/>) of a floating tensor, into a new tensor of its dtype.</summary>
    public static Tensor UnaryFloat<TOp>(Tensor x) where TOp : IFloatUnaryOp<TOp> => Unary<FloatUnary<TOp>>(x);

    /// <summary>A floating-point f(a, b) broadcast, computed in the floating <paramref name="dtype"/>.</summary>
    public static Tensor BinaryFloat<TOp>(Tensor a, Tensor b, DType dtype) where TOp : IFloatBinaryOp<TOp> => Binary<FloatBinary<TOp>>(a, b, dtype);

    /// <summary>f(a, b) broadcast, computed in <paramref name="dtype"/> (operands are converted first).</summary>
    public static Tensor Binary<TOp>(Tensor a, Tensor b, DType dtype) where TOp : IBinaryOp
    {
        if (dtype == DType.Bool)   // bool + bool and bool * bool: compute in int32 and map back to 0/1
            return Cast(Binary<TOp>(a, b, DType.Int32), DType.Bool);
        var z = Tensor.Uninitialized(dtype, ShapeMath.Broadcast(a.ShapeArray, b.ShapeArray));
        BinaryInto<TOp>(z, Cast(a, dtype), Cast(b, dtype));
        return z;
    }

    /// <summary>z = f(a, b) written into an existing <paramref name="z"/> (which may alias a); a and b already of z's dtype.</summary>
    public static void BinaryInto<TOp>(Tensor z, Tensor a, Tensor b) where TOp : IBinaryOp
        => Dispatch.Run(z.DType, new BinaryAction<TOp>(z, a, b));

    private readonly struct BinaryAction<TOp>(Tensor z, Tensor a, Tensor b) : ITypedAction where TOp : IBinaryOp
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new BinaryKernel<TOp, T>(z.Data<T>(), a.Data<T>(), b.Data<T>());
            // Small dense operands (a tensor with a tensor of its shape, or with a number): straight to one
            // kernel row. The strided driver's merging and operand set-up were ~15% of a tiny op.
            if (SmallDenseRow(z, a, b, out int n, out int bStride))
            {
                k.Run(n, z.Offset, 1, a.Offset, 1, b.Offset, bStride, 0, 0);
                return;
            }
            Strided.Run(ref k, z.ShapeArray, Operand.Of(z), Operand.Broadcast(a, z.ShapeArray), Operand.Broadcast(b, z.ShapeArray));
        }
    }

    // z, a contiguous of one shape, b the same or a single number, and too small for threads to pay.
    private static bool SmallDenseRow(Tensor z, Tensor a, Tensor b, out int n, out int bStride)
    {
        n = z.Count;
        bStride = 1;
        if (n >= Strided.ParallelThreshold || !ReferenceEquals(a.ShapeArray, z.ShapeArray) && !ShapeMath.SameShape(a.ShapeArray, z.ShapeArray)) return false;
        if (!a.IsContiguous || !z.IsContiguous) return false;
        if (b.Dim == 0) { bStride = 0; return true; }
        return ShapeMath.SameShape(b.ShapeArray, z.ShapeArray) && b.IsContiguous;
    }

    /// <summary>a ⋈ b broadcast, compared in their promoted dtype; a bool tensor.</summary>
    public static Tensor Compare<TOp>(Tensor a, Tensor b) where TOp : ICompareOp
    {
        DType dtype = DTypes.ResultType(a, b);
        var z = Tensor.Uninitialized(DType.Bool, ShapeMath.Broadcast(a.ShapeArray, b.ShapeArray));
        Dispatch.Run(dtype, new CompareAction<TOp>(z, Cast(a, dtype), Cast(b, dtype)));
        return z;
    }

    private readonly struct CompareAction<TOp>(Tensor z, Tensor a, Tensor b) : ITypedAction where TOp : ICompareOp
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new CompareKernel<TOp, T>(z.Data<byte>(), a.Data<T>(), b.Data<T>());
            Strided.Run(ref k, z.ShapeArray, Operand.Of(z), Operand.Broadcast(a, z.ShapeArray), Operand.Broadcast(b, z.ShapeArray));
        }
    }

    /// <summary>cond ? a : b, broadcast over all three, in <paramref name="dtype"/>.</summary>
    public static Tensor Where(Tensor cond, Tensor a, Tensor b, DType dtype)
    {
        var shape = ShapeMath.Broadcast(ShapeMath.Broadcast(cond.ShapeArray, a.ShapeArray), b.ShapeArray);
        var z = Tensor.Uninitialized(dtype, shape);
        Dispatch.Run(dtype, new WhereAction(z, Cast(cond, DType.Bool), Cast(a, dtype), Cast(b, dtype)));
        return z;
    }

    private readonly struct WhereAction(Tensor z, Tensor c, Tensor a, Tensor b) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var s = z.ShapeArray;
            var k = new WhereKernel<T>(z.Data<T>(), c.Data<byte>(), a.Data<T>(), b.Data<T>());
            Strided.Run(ref k, s, Operand.Of(z), Operand.Broadcast(c, s), Operand.Broadcast(a, s), Operand.Broadcast(b, s));
        }
    }

    /// <summary>x itself when it already has <paramref name="dtype"/>, else a converted contiguous copy.</summary>
    public static Tensor Cast(Tensor x, DType dtype)
    {
        if (x.DType == dtype) return x;
        var y = Tensor.Uninitialized(dtype, x.ShapeArray);
        CopyInto(y, x);
        return y;
    }

    /// <summary>A contiguous copy of x (always a new buffer).</summary>
    public static Tensor Clone(Tensor x)
    {
        var y = Tensor.Uninitialized(x.DType, x.ShapeArray);
        CopyInto(y, x);
        return y;
    }

    /// <summary>dst[...] = src, broadcasting src to dst's shape and converting its dtype.</summary>
    public static void CopyInto(Tensor dst, Tensor src) => Dispatch.Run(src.DType, new CopyFrom(dst, src));

    private readonly struct CopyFrom(Tensor dst, Tensor src) : ITypedAction
    {
        public void Invoke<TFrom>() where TFrom : unmanaged, INumber<TFrom> => Dispatch.Run(dst.DType, new CopyTo<TFrom>(dst, src));
    }

    private readonly struct CopyTo<TFrom>(Tensor dst, Tensor src) : ITypedAction where TFrom : unmanaged, INumber<TFrom>
    {
        public void Invoke<TTo>() where TTo : unmanaged, INumber<TTo>
        {
            var k = new CastKernel<TFrom, TTo>(dst.Data<TTo>(), src.Data<TFrom>(), dst.DType == DType.Bool && src.DType != DType.Bool);
            Strided.Run(ref k, dst.ShapeArray, Operand.Of(dst), Operand.Broadcast(src, dst.ShapeArray));
        }
    }

    /// <summary>Every element of dst (a possibly strided view) set to <paramref name="value"/>.</summary>
    public static void FillInto(Tensor dst, double value) => Dispatch.Run(dst.DType, new FillAction(dst, value));

    private readonly struct FillAction(Tensor dst, double value) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            T v = dst.DType == DType.Bool ? (value != 0 ? T.One : T.Zero) : T.CreateTruncating(value);
            var k = new FillKernel<T>(dst.Data<T>(), v);
            Strided.Run(ref k, dst.ShapeArray, Operand.Of(dst));
        }
    }
}
