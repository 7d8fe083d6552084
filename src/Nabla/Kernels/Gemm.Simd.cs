using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

// Vector helpers shared by the kernels. Every typeof(T) test is resolved when the JIT specialises T.
internal static partial class Gemm
{
    /// <summary>x·y + acc in one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }

    /// <summary>x·y + acc in one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }

    /// <summary>Fused where the hardware has it; elsewhere multiply-then-add, since emulated FMA is very slow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<T> Fma<T>(Vector<T> x, Vector<T> y, Vector<T> acc)
    {
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported && !AdvSimd.IsSupported) return x * y + acc;
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), acc.As<T, float>()).As<float, T>();
        return Vector.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), acc.As<T, double>()).As<double, T>();
    }

    /// <summary>Whether a Vector&lt;T&gt; tail can be finished with AVX masked loads and stores (same width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MaskedTails<T>() => Avx.IsSupported && Vector<T>.Count == Vector256<T>.Count;

    /// <summary>All-ones in the first count lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> TailMask<T>(int count)
    {
        if (typeof(T) == typeof(float))
            return Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).As<int, T>();
        return Vector256.LessThan(Vector256.Create(0L, 1, 2, 3), Vector256.Create((long)count)).As<long, T>();
    }

    /// <summary>The masked lanes of p, zero elsewhere; lanes outside the mask are never touched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<T> MaskLoad<T>(T* p, Vector256<T> mask) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Avx.MaskLoad((float*)p, mask.AsSingle()).As<float, T>();
        return Avx.MaskLoad((double*)p, mask.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void MaskStore<T>(T* p, Vector256<T> mask, Vector256<T> value) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) Avx.MaskStore((float*)p, mask.AsSingle(), value.AsSingle());
        else Avx.MaskStore((double*)p, mask.AsDouble(), value.AsDouble());
    }
}
