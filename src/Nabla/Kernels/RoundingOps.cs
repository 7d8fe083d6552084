using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

// Rounding to integers, on floats only: PyTorch's floor, ceil, round and trunc return integer tensors
// unchanged, so the ops never run these on them.

/// <summary>y = ⌊x⌋</summary>
internal readonly struct FloorOp : IFloatUnaryOp<FloorOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Floor(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Floor(x, y);
}

/// <summary>y = ⌈x⌉</summary>
internal readonly struct CeilOp : IFloatUnaryOp<CeilOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Ceiling(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Ceiling(x, y);
}

/// <summary>y = x rounded to the nearest integer, ties to even (C's nearbyint, as PyTorch's round)</summary>
internal readonly struct RoundOp : IFloatUnaryOp<RoundOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Round(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Round(x, y);
}

/// <summary>y = x rounded toward 0</summary>
internal readonly struct TruncOp : IFloatUnaryOp<TruncOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Truncate(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Truncate(x, y);
}

/// <summary>y = x - trunc x, the fractional part with x's sign (NaN for ±∞, as PyTorch's frac)</summary>
internal readonly struct FracOp : IFloatUnaryOp<FracOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => x - T.Truncate(x);

    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length < x.Length) throw new ArgumentException("y is shorter than x.");
        const int Block = 256;   // trunc x a block at a time, so that y may be x
        Span<T> t = stackalloc T[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            var xs = x.Slice(start, Math.Min(Block, x.Length - start));
            TensorPrimitives.Truncate(xs, t[..xs.Length]);
            TensorPrimitives.Subtract(xs, t[..xs.Length], y.Slice(start, xs.Length));
        }
    }
}
