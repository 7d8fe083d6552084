using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>z = √(x² + y²) without overflow or underflow in the squares</summary>
internal readonly struct HypotOp : IFloatBinaryOp<HypotOp>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => T.Hypot(x, y);
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Hypot(x, y, z);
}

/// <summary>z = x with the sign of y (y's sign bit: -0 and NaNs with the bit set count as negative)</summary>
internal readonly struct CopySignOp : IFloatBinaryOp<CopySignOp>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => T.CopySign(x, y);
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.CopySign(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.CopySign(x, y, z);
}

/// <summary>z = x·ln y, with 0 where x = 0 (even for y = 0) and NaN where y is NaN (PyTorch's xlogy)</summary>
internal readonly struct XLogYOp : IFloatBinaryOp<XLogYOp>
{
    private const int Block = 256;

    public static T Apply<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => Finish(x, y, T.Log(y));

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length < x.Length || z.Length < x.Length) throw new ArgumentException("y or z is shorter than x.");
        Span<T> logY = stackalloc T[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            TensorPrimitives.Log(y.Slice(start, n), logY[..n]);
            for (int i = 0; i < n; i++) z[start + i] = Finish(x[start + i], y[start + i], logY[i]);
        }
    }

    private static T Finish<T>(T x, T y, T logY) where T : unmanaged, IFloatingPointIeee754<T>
        => T.IsNaN(y) ? y : x == T.Zero ? T.Zero : x * logY;
}

/// <summary>z = ln(eˣ + eʸ) = max(x, y) + ln(1 + e^-|x - y|), and x itself for two equal infinities</summary>
internal readonly struct LogAddExpOp : IFloatBinaryOp<LogAddExpOp>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T>
        => LogAddExp.Finish(x, y, ExpLogMath.Log1p(T.Exp(-T.Abs(x - y))));

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
        => LogAddExp.Run(x, y, z, @base: 0);
}

/// <summary>z = log₂(2ˣ + 2ʸ) = max(x, y) + log₂(1 + 2^-|x - y|), and x itself for two equal infinities</summary>
internal readonly struct LogAddExp2Op : IFloatBinaryOp<LogAddExp2Op>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T>
        => LogAddExp.Finish(x, y, ExpLogMath.Log1p(Exp2Op.Apply(-T.Abs(x - y))) / Limits<T>.Ln2);

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
        => LogAddExp.Run(x, y, z, @base: 2);
}

/// <summary>The shared steps of logaddexp and logaddexp2 (PyTorch's formula, with an accurate log1p).</summary>
internal static class LogAddExp
{
    private const int Block = 256;

    /// <summary>max(x, y) + the correction; two equal infinities give themselves (x - y is NaN there).</summary>
    public static T Finish<T>(T x, T y, T correction) where T : unmanaged, IFloatingPointIeee754<T>
        => T.IsInfinity(x) && x == y ? x : (x < y ? y : x) + correction;

    /// <summary>z over spans: the exponential and log1p of a block vectorised, base e (0) or 2.</summary>
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z, int @base) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length < x.Length || z.Length < x.Length) throw new ArgumentException("y or z is shorter than x.");
        if (@base == 0 && typeof(T) == typeof(float) && FloatExpLog.IsAccelerated)
        {
            FloatExpLog.LogAddExp(Fp.F(x), Fp.F(y)[..x.Length], Fp.F(z)[..x.Length]);
            return;
        }
        Span<T> c = stackalloc T[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            var cs = c[..n];
            TensorPrimitives.Subtract(x.Slice(start, n), y.Slice(start, n), cs);
            TensorPrimitives.Abs(cs, cs);
            TensorPrimitives.Negate(cs, cs);
            if (@base == 2) Exp2Op.Apply((ReadOnlySpan<T>)cs, cs);
            else TensorPrimitives.Exp(cs, cs);
            ExpLogMath.Log1p((ReadOnlySpan<T>)cs, cs);
            if (@base == 2) TensorPrimitives.Divide(cs, Limits<T>.Ln2, cs);
            FinishBlock(x.Slice(start, n), y.Slice(start, n), cs, z.Slice(start, n));
        }
    }

    // Finish with vectors: the max of random operands is a branch the CPU mispredicts half the time
    // (measured: 10 ns an element as a scalar loop, against 0.5 for the whole of log1p).
    private static void FinishBlock<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> c, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0, w = Vector<T>.Count;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T cr = ref MemoryMarshal.GetReference(c);
        ref T zr = ref MemoryMarshal.GetReference(z);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var infinity = Vector.Create(T.PositiveInfinity);
            for (; i <= x.Length - w; i += w)
            {
                var (a, b) = (Vector.LoadUnsafe(ref xr, (nuint)i), Vector.LoadUnsafe(ref yr, (nuint)i));
                var r = Vector.ConditionalSelect(Vector.LessThan(a, b), b, a) + Vector.LoadUnsafe(ref cr, (nuint)i);
                var sameInfinity = Vector.Equals(a, b) & Vector.Equals(Vector.Abs(a), infinity);
                Vector.ConditionalSelect(sameInfinity, a, r).StoreUnsafe(ref zr, (nuint)i);
            }
        }
        for (; i < x.Length; i++) z[i] = Finish(x[i], y[i], c[i]);
    }
}

/// <summary>
/// z = ln(p/(1 - p)) with p = x clamped to [y, 1 - y] when y ≥ 0 (logit's eps), p = x when y &lt; 0
/// (no eps: NaN outside [0, 1], ±∞ at the ends).
/// </summary>
internal readonly struct LogitOp : IFloatBinaryOp<LogitOp>
{
    private const int Block = 256;

    public static T Apply<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T p = Clamp(x, y);
        return T.Log(p / (T.One - p));
    }

    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (z.Length < x.Length) throw new ArgumentException("z is shorter than x.");
        Span<T> p = stackalloc T[Block];
        Span<T> q = stackalloc T[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            var ps = p[..n];
            var qs = q[..n];
            for (int i = 0; i < n; i++) ps[i] = Clamp(x[start + i], y);
            TensorPrimitives.Subtract(T.One, ps, qs);
            TensorPrimitives.Divide(ps, qs, ps);
            TensorPrimitives.Log(ps, z.Slice(start, n));
        }
    }

    // PyTorch's clamp, as written: NaN stays NaN, and an eps above ½ gives eps below it and 1 - eps above.
    private static T Clamp<T>(T x, T eps) where T : unmanaged, IFloatingPointIeee754<T>
        => !(eps >= T.Zero) ? x : x < eps ? eps : x > T.One - eps ? T.One - eps : x;
}
