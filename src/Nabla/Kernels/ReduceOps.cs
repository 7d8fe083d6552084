using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

// More associative reductions for Reductions.Reduce (sum, max and min are in ReduceKernels.cs).

/// <summary>Π x (integers and bools are converted to int64 first, as PyTorch's prod does)</summary>
internal readonly struct ProdOp : IReduceOp
{
    public static T Identity<T>() where T : unmanaged, INumber<T> => T.One;
    public static T Combine<T>(T a, T b) where T : unmanaged, INumber<T> => a * b;
    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Product(x);
    public static void Combine<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Multiply(a, b, d);
}

/// <summary>x₀ ∧ x₁ ∧ ... over bool (0/1) bytes: the minimum, 1 (true) for nothing</summary>
internal readonly struct AllOp : IReduceOp
{
    public static T Identity<T>() where T : unmanaged, INumber<T> => T.One;
    public static T Combine<T>(T a, T b) where T : unmanaged, INumber<T> => T.Min(a, b);
    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Min(x);
    public static void Combine<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Min(a, b, d);
}

/// <summary>x₀ ∨ x₁ ∨ ... over bool (0/1) bytes: the maximum, 0 (false) for nothing</summary>
internal readonly struct AnyOp : IReduceOp
{
    public static T Identity<T>() where T : unmanaged, INumber<T> => T.Zero;
    public static T Combine<T>(T a, T b) where T : unmanaged, INumber<T> => T.Max(a, b);
    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Max(x);
    public static void Combine<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Max(a, b, d);
}
