using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>z = max(x, y), the number where one is NaN (C's fmax; max for integers)</summary>
internal readonly struct FmaxOp : IBinaryOp
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T> => T.MaxNumber(x, y);
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.MaxNumber(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.MaxNumber(x, y, z);
    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.MaxNumber(y, x, z);
}

/// <summary>z = min(x, y), the number where one is NaN (C's fmin; min for integers)</summary>
internal readonly struct FminOp : IBinaryOp
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T> => T.MinNumber(x, y);
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.MinNumber(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.MinNumber(x, y, z);
    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.MinNumber(y, x, z);
}

/// <summary>
/// z = x - trunc(x/y)·y, the remainder with the dividend's sign (C's fmod, exact for floats; NaN for
/// y = 0). Integers: the op refuses a zero divisor before running; x mod -1 is 0 (not an overflow).
/// </summary>
internal readonly struct FmodOp : IBinaryOp
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T> => !Fp.IsFloat<T>() && y == -T.One ? T.Zero : x % y;
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => ElementLoop.Run<FmodOp, T>(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T> => ElementLoop.Run<FmodOp, T>(x, y, z);
    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => ElementLoop.Run<FmodOp, T>(x, y, z);
}

/// <summary>
/// z = x - ⌊x/y⌋·y, the remainder with the divisor's sign (Python's %): fmod, then y added where the
/// signs differ, as PyTorch computes it (so it is exact wherever y + fmod is).
/// </summary>
internal readonly struct RemainderOp : IBinaryOp
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T>
    {
        T r = FmodOp.Apply(x, y);
        return r != T.Zero && T.IsNegative(r) != T.IsNegative(y) ? r + y : r;
    }

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => ElementLoop.Run<RemainderOp, T>(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T> => ElementLoop.Run<RemainderOp, T>(x, y, z);
    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => ElementLoop.Run<RemainderOp, T>(x, y, z);
}

/// <summary>
/// The span forms of a binary op that has no vector algorithm (an exact remainder is a loop of
/// divisions): its scalar form element by element, inlined (no delegate).
/// </summary>
internal static class ElementLoop
{
    public static void Run<TOp, T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where TOp : IBinaryOp where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < x.Length; i++) z[i] = TOp.Apply(x[i], y[i]);
    }

    public static void Run<TOp, T>(ReadOnlySpan<T> x, T y, Span<T> z) where TOp : IBinaryOp where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < x.Length; i++) z[i] = TOp.Apply(x[i], y);
    }

    public static void Run<TOp, T>(T x, ReadOnlySpan<T> y, Span<T> z) where TOp : IBinaryOp where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < y.Length; i++) z[i] = TOp.Apply(x, y[i]);
    }
}
