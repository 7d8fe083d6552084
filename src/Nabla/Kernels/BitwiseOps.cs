using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// An integer function z = f(x, y), written once with generic math over <see cref="IBinaryInteger{TSelf}"/>.
/// Bool tensors run it on their 0/1 bytes, so an op must map {0, 1} to {0, 1} (and, or, xor do).
/// </summary>
internal interface IIntegerBinaryOp<TSelf> where TSelf : IIntegerBinaryOp<TSelf>
{
    static abstract T Apply<T>(T x, T y) where T : unmanaged, IBinaryInteger<T>;
    static abstract void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IBinaryInteger<T>;
    static abstract void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, IBinaryInteger<T>;
}

/// <summary>z = x &amp; y</summary>
internal readonly struct BitwiseAndOp : IIntegerBinaryOp<BitwiseAndOp>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, IBinaryInteger<T> => x & y;
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IBinaryInteger<T> => TensorPrimitives.BitwiseAnd(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, IBinaryInteger<T> => TensorPrimitives.BitwiseAnd(x, y, z);
}

/// <summary>z = x | y</summary>
internal readonly struct BitwiseOrOp : IIntegerBinaryOp<BitwiseOrOp>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, IBinaryInteger<T> => x | y;
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IBinaryInteger<T> => TensorPrimitives.BitwiseOr(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, IBinaryInteger<T> => TensorPrimitives.BitwiseOr(x, y, z);
}

/// <summary>z = x ^ y</summary>
internal readonly struct BitwiseXorOp : IIntegerBinaryOp<BitwiseXorOp>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, IBinaryInteger<T> => x ^ y;
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IBinaryInteger<T> => TensorPrimitives.Xor(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, IBinaryInteger<T> => TensorPrimitives.Xor(x, y, z);
}

/// <summary>y = ~x for integers; for bools (bytes 0/1) the logical not, x ^ 1, as PyTorch's bitwise_not of a bool tensor</summary>
internal readonly struct BitwiseNotOp : IUnaryOp
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(int)) return Bits.T<T, int>(~Bits.As<T, int>(x));
        if (typeof(T) == typeof(long)) return Bits.T<T, long>(~Bits.As<T, long>(x));
        if (typeof(T) == typeof(byte)) return Bits.T<T, byte>((byte)(Bits.As<T, byte>(x) ^ 1));
        throw Bits.NotInteger<T>();
    }

    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(int)) TensorPrimitives.OnesComplement(Bits.Cast<T, int>(x), Bits.Cast<T, int>(y));
        else if (typeof(T) == typeof(long)) TensorPrimitives.OnesComplement(Bits.Cast<T, long>(x), Bits.Cast<T, long>(y));
        else if (typeof(T) == typeof(byte)) TensorPrimitives.Xor(Bits.Cast<T, byte>(x), (byte)1, Bits.Cast<T, byte>(y));
        else throw Bits.NotInteger<T>();
    }
}

/// <summary>
/// An integer op as the strided driver sees it (an <see cref="IBinaryOp"/> over every element type): the one
/// place where the element type becomes int, long or byte (bool). The JIT keeps one branch per
/// instantiation. The ops refuse floating tensors before running.
/// </summary>
internal readonly struct IntegerBinary<TOp> : IBinaryOp where TOp : IIntegerBinaryOp<TOp>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(int)) return Bits.T<T, int>(TOp.Apply(Bits.As<T, int>(x), Bits.As<T, int>(y)));
        if (typeof(T) == typeof(long)) return Bits.T<T, long>(TOp.Apply(Bits.As<T, long>(x), Bits.As<T, long>(y)));
        if (typeof(T) == typeof(byte)) return Bits.T<T, byte>(TOp.Apply(Bits.As<T, byte>(x), Bits.As<T, byte>(y)));
        throw Bits.NotInteger<T>();
    }

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(int)) TOp.Apply(Bits.Cast<T, int>(x), Bits.Cast<T, int>(y), Bits.Cast<T, int>(z));
        else if (typeof(T) == typeof(long)) TOp.Apply(Bits.Cast<T, long>(x), Bits.Cast<T, long>(y), Bits.Cast<T, long>(z));
        else if (typeof(T) == typeof(byte)) TOp.Apply(Bits.Cast<T, byte>(x), Bits.Cast<T, byte>(y), Bits.Cast<T, byte>(z));
        else throw Bits.NotInteger<T>();
    }

    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(int)) TOp.Apply(Bits.Cast<T, int>(x), Bits.As<T, int>(y), Bits.Cast<T, int>(z));
        else if (typeof(T) == typeof(long)) TOp.Apply(Bits.Cast<T, long>(x), Bits.As<T, long>(y), Bits.Cast<T, long>(z));
        else if (typeof(T) == typeof(byte)) TOp.Apply(Bits.Cast<T, byte>(x), Bits.As<T, byte>(y), Bits.Cast<T, byte>(z));
        else throw Bits.NotInteger<T>();
    }

    // The bitwise ops commute, so the number goes on the right.
    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => Apply(y, x, z);
}

/// <summary>Reinterpretation between a generic T and the integer type it is (see <see cref="Fp"/> for floats).</summary>
internal static class Bits
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TTo As<TFrom, TTo>(TFrom x) => Unsafe.As<TFrom, TTo>(ref x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T T<T, TFrom>(TFrom x) => Unsafe.As<TFrom, T>(ref x);

    public static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> x) where TFrom : struct where TTo : struct => MemoryMarshal.Cast<TFrom, TTo>(x);

    public static Span<TTo> Cast<TFrom, TTo>(Span<TFrom> x) where TFrom : struct where TTo : struct => MemoryMarshal.Cast<TFrom, TTo>(x);

    /// <summary>The error for an integer-only op given floats (a bug: the ops refuse floating tensors first).</summary>
    public static NotSupportedException NotInteger<T>() => new($"an integer kernel was given {typeof(T).Name} elements");
}
