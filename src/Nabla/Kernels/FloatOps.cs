using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// A floating-point function y = f(x), written once for float and double (and any IEEE type) with
/// generic math. The span form defaults to the scalar form in a loop; an op overrides it with
/// <c>TensorPrimitives</c> or a SIMD kernel where one exists.
/// </summary>
internal interface IFloatUnaryOp<TSelf> where TSelf : IFloatUnaryOp<TSelf>
{
    static abstract T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>;

    static virtual void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = TSelf.Apply(x[i]);
    }
}

/// <summary>A floating-point function z = f(x, y), written once with generic math; span forms default to loops.</summary>
internal interface IFloatBinaryOp<TSelf> where TSelf : IFloatBinaryOp<TSelf>
{
    static abstract T Apply<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T>;

    static virtual void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) z[i] = TSelf.Apply(x[i], y[i]);
    }

    static virtual void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) z[i] = TSelf.Apply(x[i], y);
    }

    static virtual void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++) z[i] = TSelf.Apply(x, y[i]);
    }
}

/// <summary>
/// A float op as the strided driver sees it (an <see cref="IUnaryOp"/> over every element type): the
/// one place where the element type becomes float or double. The JIT keeps one branch per
/// instantiation. Ops run here only on floating tensors (integers are converted first).
/// </summary>
internal readonly struct FloatUnary<TOp> : IUnaryOp where TOp : IFloatUnaryOp<TOp>
{
    public static T Apply<T>(T x) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) return Fp.T<T>(TOp.Apply(Fp.F(x)));
        if (typeof(T) == typeof(double)) return Fp.T<T>(TOp.Apply(Fp.D(x)));
        throw Fp.NotFloat<T>();
    }

    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) TOp.Apply(Fp.F(x), Fp.F(y));
        else if (typeof(T) == typeof(double)) TOp.Apply(Fp.D(x), Fp.D(y));
        else throw Fp.NotFloat<T>();
    }
}

/// <summary>A float binary op as the strided driver sees it (see <see cref="FloatUnary{TOp}"/>).</summary>
internal readonly struct FloatBinary<TOp> : IBinaryOp where TOp : IFloatBinaryOp<TOp>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) return Fp.T<T>(TOp.Apply(Fp.F(x), Fp.F(y)));
        if (typeof(T) == typeof(double)) return Fp.T<T>(TOp.Apply(Fp.D(x), Fp.D(y)));
        throw Fp.NotFloat<T>();
    }

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) TOp.Apply(Fp.F(x), Fp.F(y), Fp.F(z));
        else if (typeof(T) == typeof(double)) TOp.Apply(Fp.D(x), Fp.D(y), Fp.D(z));
        else throw Fp.NotFloat<T>();
    }

    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) TOp.Apply(Fp.F(x), Fp.F(y), Fp.F(z));
        else if (typeof(T) == typeof(double)) TOp.Apply(Fp.D(x), Fp.D(y), Fp.D(z));
        else throw Fp.NotFloat<T>();
    }

    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) TOp.Apply(Fp.F(x), Fp.F(y), Fp.F(z));
        else if (typeof(T) == typeof(double)) TOp.Apply(Fp.D(x), Fp.D(y), Fp.D(z));
        else throw Fp.NotFloat<T>();
    }
}
