using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

// The trigonometric and inverse hyperbolic functions: TensorPrimitives is within 2 ulps of the BCL for
// these (measured with System.Numerics.Tensors 10.0; the kernel table holds it to that). sinh and cosh,
// which it gets wrong, are in ExpLogOps.cs.

/// <summary>y = tan x</summary>
internal readonly struct TanOp : IFloatUnaryOp<TanOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Tan(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Tan(x, y);
}

/// <summary>y = asin x</summary>
internal readonly struct AsinOp : IFloatUnaryOp<AsinOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Asin(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Asin(x, y);
}

/// <summary>y = acos x</summary>
internal readonly struct AcosOp : IFloatUnaryOp<AcosOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Acos(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Acos(x, y);
}

/// <summary>y = asinh x</summary>
internal readonly struct AsinhOp : IFloatUnaryOp<AsinhOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Asinh(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Asinh(x, y);
}

/// <summary>y = acosh x</summary>
internal readonly struct AcoshOp : IFloatUnaryOp<AcoshOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Acosh(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Acosh(x, y);
}

/// <summary>y = atanh x</summary>
internal readonly struct AtanhOp : IFloatUnaryOp<AtanhOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Atanh(x);
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Atanh(x, y);
}
