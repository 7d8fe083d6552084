using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>y = ln(1 + x), accurate near 0 (<see cref="ExpLogMath"/>)</summary>
internal readonly struct Log1pOp : IFloatUnaryOp<Log1pOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => ExpLogMath.Log1p(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => ExpLogMath.Log1p(x, y);
}

/// <summary>y = eˣ - 1, accurate near 0 (<see cref="ExpLogMath"/>)</summary>
internal readonly struct Expm1Op : IFloatUnaryOp<Expm1Op>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => ExpLogMath.Expm1(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => ExpLogMath.Expm1(x, y);
}

/// <summary>y = sinh x, accurate near 0 and up to overflow (<see cref="ExpLogMath"/>)</summary>
internal readonly struct SinhOp : IFloatUnaryOp<SinhOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => ExpLogMath.Sinh(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => ExpLogMath.Sinh(x, y);
}

/// <summary>y = cosh x, accurate up to overflow (<see cref="ExpLogMath"/>)</summary>
internal readonly struct CoshOp : IFloatUnaryOp<CoshOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => ExpLogMath.Cosh(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => ExpLogMath.Cosh(x, y);
}

/// <summary>
/// y = 2ˣ as 2ⁿ·e^(f·ln 2) with n = round(x) and f = x - n exact, so the error of the exponent stays
/// that of a number below ½ (TensorPrimitives.Exp2 multiplies x by ln 2 first: 700 ulps off near 1000).
/// </summary>
internal readonly struct Exp2Op : IFloatUnaryOp<Exp2Op>
{
    private const int Block = 256;

    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.Round(x);
        return Scale(x, n, T.Exp((x - n) * Limits<T>.Ln2));
    }

    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length < x.Length) throw new ArgumentException("y is shorter than x.");
        Span<T> n = stackalloc T[Block];
        Span<T> e = stackalloc T[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            var xs = x.Slice(start, Math.Min(Block, x.Length - start));
            var ns = n[..xs.Length];
            var es = e[..xs.Length];
            TensorPrimitives.Round(xs, ns);
            TensorPrimitives.Subtract(xs, ns, es);
            TensorPrimitives.Multiply(es, Limits<T>.Ln2, es);
            TensorPrimitives.Exp(es, es);
            var ys = y.Slice(start, xs.Length);
            for (int i = 0; i < xs.Length; i++) ys[i] = Scale(xs[i], ns[i], es[i]);
        }
    }

    // e·2ⁿ (ScaleB rounds subnormal results once); ±∞ are handled here because x - n is NaN for them.
    private static T Scale<T>(T x, T n, T e) where T : unmanaged, IFloatingPointIeee754<T>
        => T.IsInfinity(x) ? (x > T.Zero ? x : T.Zero) : T.ScaleB(e, int.CreateSaturating(T.Clamp(n, T.CreateTruncating(-4096), T.CreateTruncating(4096))));
}

/// <summary>y = log₂ x</summary>
internal readonly struct Log2Op : IFloatUnaryOp<Log2Op>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Log2(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Log2(x, y);
}

/// <summary>y = log₁₀ x</summary>
internal readonly struct Log10Op : IFloatUnaryOp<Log10Op>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Log10(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Log10(x, y);
}

/// <summary>y = 1/√x</summary>
internal readonly struct RsqrtOp : IFloatUnaryOp<RsqrtOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.One / T.Sqrt(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.ReciprocalSqrt(x, y);
}
