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

/// <summary>y = |x|</summary>
internal readonly struct AbsOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> => T.Abs(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T> => TensorPrimitives.Abs(x, y);
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

/// <summary>y = e^x</summary>
internal readonly struct ExpOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? Fp.T<T>(MathF.Exp(Fp.F(x))) : Fp.T<T>(Math.Exp(Fp.D(x)));
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) FloatExp.Exp(Fp.F(x), Fp.F(y));
        else TensorPrimitives.Exp(Fp.D(x), Fp.D(y));
    }
}

/// <summary>y = ln x</summary>
internal readonly struct LogOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? Fp.T<T>(MathF.Log(Fp.F(x))) : Fp.T<T>(Math.Log(Fp.D(x)));
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) TensorPrimitives.Log(Fp.F(x), Fp.F(y));
        else TensorPrimitives.Log(Fp.D(x), Fp.D(y));
    }
}

/// <summary>y = √x</summary>
internal readonly struct SqrtOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? Fp.T<T>(MathF.Sqrt(Fp.F(x))) : Fp.T<T>(Math.Sqrt(Fp.D(x)));
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) TensorPrimitives.Sqrt(Fp.F(x), Fp.F(y));
        else TensorPrimitives.Sqrt(Fp.D(x), Fp.D(y));
    }
}

/// <summary>y = sin x</summary>
internal readonly struct SinOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? Fp.T<T>(MathF.Sin(Fp.F(x))) : Fp.T<T>(Math.Sin(Fp.D(x)));
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) TensorPrimitives.Sin(Fp.F(x), Fp.F(y));
        else TensorPrimitives.Sin(Fp.D(x), Fp.D(y));
    }
}

/// <summary>y = cos x</summary>
internal readonly struct CosOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? Fp.T<T>(MathF.Cos(Fp.F(x))) : Fp.T<T>(Math.Cos(Fp.D(x)));
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) TensorPrimitives.Cos(Fp.F(x), Fp.F(y));
        else TensorPrimitives.Cos(Fp.D(x), Fp.D(y));
    }
}

/// <summary>y = tanh x</summary>
internal readonly struct TanhOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? Fp.T<T>(MathF.Tanh(Fp.F(x))) : Fp.T<T>(Math.Tanh(Fp.D(x)));
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) FloatExp.Tanh(Fp.F(x), Fp.F(y));
        else TensorPrimitives.Tanh(Fp.D(x), Fp.D(y));
    }
}

/// <summary>y = 1 / (1 + e^-x)</summary>
internal readonly struct SigmoidOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? Fp.T<T>(1f / (1f + MathF.Exp(-Fp.F(x)))) : Fp.T<T>(1.0 / (1.0 + Math.Exp(-Fp.D(x))));
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) FloatExp.Sigmoid(Fp.F(x), Fp.F(y));
        else TensorPrimitives.Sigmoid(Fp.D(x), Fp.D(y));
    }
}
