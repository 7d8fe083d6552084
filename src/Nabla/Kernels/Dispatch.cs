using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>Work that runs with the CLR element type of a dtype (bool as byte).</summary>
internal interface ITypedAction
{
    void Invoke<T>() where T : unmanaged, INumber<T>;
}

/// <summary>Work that runs with the element type of a floating dtype.</summary>
internal interface IFloatAction
{
    void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>The one place where a <see cref="DType"/> becomes a generic type argument.</summary>
internal static class Dispatch
{
    public static void Run<TA>(DType dtype, ref TA action) where TA : struct, ITypedAction
    {
        switch (dtype)
        {
            case DType.Float32: action.Invoke<float>(); break;
            case DType.Float64: action.Invoke<double>(); break;
            case DType.Int64: action.Invoke<long>(); break;
            case DType.Int32: action.Invoke<int>(); break;
            default: action.Invoke<byte>(); break;
        }
    }

    /// <remarks>
    /// Passing the action by reference keeps it (and the tensors in its fields) reachable until
    /// the kernel returns, so no operand's pooled buffer can be recycled while a kernel reads it.
    /// </remarks>
    public static void Run<TA>(DType dtype, TA action) where TA : struct, ITypedAction => Run(dtype, ref action);

    /// <summary>Runs a float-only action (float32 or float64; the callers check the dtype first).</summary>
    public static void RunFloat<TA>(DType dtype, TA action) where TA : struct, IFloatAction
    {
        switch (dtype)
        {
            case DType.Float32: action.Invoke<float>(); break;
            case DType.Float64: action.Invoke<double>(); break;
            default: throw new NotSupportedException($"a floating-point kernel was given {dtype.Name()} data");
        }
    }
}

/// <summary>
/// Reinterpretation between a generic T and the concrete float type it is: after a
/// <c>typeof(T) == typeof(float)</c> test the JIT removes these calls entirely.
/// </summary>
internal static class Fp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F<T>(T x) => Unsafe.As<T, float>(ref x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double D<T>(T x) => Unsafe.As<T, double>(ref x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T T<T>(float x) => Unsafe.As<float, T>(ref x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T T<T>(double x) => Unsafe.As<double, T>(ref x);

    public static ReadOnlySpan<float> F<T>(ReadOnlySpan<T> x) where T : struct => MemoryMarshal.Cast<T, float>(x);

    public static Span<float> F<T>(Span<T> x) where T : struct => MemoryMarshal.Cast<T, float>(x);

    public static ReadOnlySpan<double> D<T>(ReadOnlySpan<T> x) where T : struct => MemoryMarshal.Cast<T, double>(x);

    public static Span<double> D<T>(Span<T> x) where T : struct => MemoryMarshal.Cast<T, double>(x);

    /// <summary>The error for a float-only op given another element type (a bug: ops convert integers first).</summary>
    public static NotSupportedException NotFloat<T>() => new($"a floating-point kernel was given {typeof(T).Name} elements");

    /// <summary>True when T is float or double: the float-only ops require it.</summary>
    public static bool IsFloat<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double);
}
