using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>An elementwise function y = f(x): a scalar form and a contiguous-span form.</summary>
internal interface IUnaryOp
{
    static abstract T Apply<T>(T x) where T : unmanaged, INumber<T>;
    static abstract void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>;
}

/// <summary>y = -x</summary>
internal readonly struct NegOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> => -x;
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T> => TensorPrimitives.Negate(x, y);
}

/// <summary>y = |x| (integers wrap at their minimum, as PyTorch's: |int.MinValue| = int.MinValue)</summary>
internal readonly struct AbsOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> => T.IsNegative(x) ? -x : x;

    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (Fp.IsFloat<T>()) TensorPrimitives.Abs(x, y);   // TensorPrimitives.Abs throws on an integer minimum
        else for (int i = 0; i < x.Length; i++) y[i] = Apply(x[i]);
    }
}

/// <summary>y = sign(x) in {-1, 0, 1} (NaN stays NaN)</summary>
internal readonly struct SignOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> => x > T.Zero ? T.One : x < T.Zero ? -T.One : x;
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = Apply(x[i]);
    }
}

/// <summary>y = max(x, 0) (NaN propagates, as in PyTorch)</summary>
internal readonly struct ReluOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> => x < T.Zero ? T.Zero : x;

    // A compare and a select: TensorPrimitives.Max's IEEE NaN and signed-zero handling measured 1.6x slower.
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (y.Length < x.Length) throw new ArgumentException("y is shorter than x.");
        int i = 0, w = Vector<T>.Count;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i <= x.Length - w; i += w)
            {
                var v = Vector.LoadUnsafe(ref xr, (nuint)i);
                Vector.ConditionalSelect(Vector.LessThan(v, Vector<T>.Zero), Vector<T>.Zero, v).StoreUnsafe(ref yr, (nuint)i);
            }
        for (; i < x.Length; i++) y[i] = Apply(x[i]);
    }
}

/// <summary>y = eˣ</summary>
internal readonly struct ExpOp : IFloatUnaryOp<ExpOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Exp(x);

    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) FloatExp.Exp(Fp.F(x), Fp.F(y));   // Nabla's own single-precision kernel (measured faster)
        else TensorPrimitives.Exp(x, y);
    }
}

/// <summary>y = ln x</summary>
internal readonly struct LogOp : IFloatUnaryOp<LogOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Log(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Log(x, y);
}

/// <summary>y = √x</summary>
internal readonly struct SqrtOp : IFloatUnaryOp<SqrtOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Sqrt(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sqrt(x, y);
}

/// <summary>y = sin x</summary>
internal readonly struct SinOp : IFloatUnaryOp<SinOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Sin(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sin(x, y);
}

/// <summary>y = cos x</summary>
internal readonly struct CosOp : IFloatUnaryOp<CosOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Cos(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Cos(x, y);
}

/// <summary>y = tanh x</summary>
internal readonly struct TanhOp : IFloatUnaryOp<TanhOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Tanh(x);

    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) FloatExp.Tanh(Fp.F(x), Fp.F(y));          // steadier than TensorPrimitives under PGO (measured)
        else if (typeof(T) == typeof(double)) DoubleMath.Tanh(Fp.D(x), Fp.D(y));   // TensorPrimitives cancels near 0
        else TensorPrimitives.Tanh(x, y);
    }
}

/// <summary>y = 1 / (1 + e^-x)</summary>
internal readonly struct SigmoidOp : IFloatUnaryOp<SigmoidOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));

    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.IsEmpty) return;   // TensorPrimitives.Sigmoid refuses empty spans
        if (typeof(T) == typeof(float)) FloatExp.Sigmoid(Fp.F(x), Fp.F(y));
        else TensorPrimitives.Sigmoid(x, y);
    }
}

/// <summary>y = atan x</summary>
internal readonly struct AtanOp : IFloatUnaryOp<AtanOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Atan(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Atan(x, y);
}
