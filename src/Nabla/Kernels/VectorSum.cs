using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// The sum of a contiguous run of numbers with eight independent vector accumulators, for
/// whole-tensor sums that stream from memory. Each accumulator's additions wait on each other, so
/// more independent chains keep more loads in flight: on 16M floats read from DRAM this ran
/// 10-40% faster than <see cref="TensorPrimitives.Sum{T}(ReadOnlySpan{T})"/> on one thread, and as
/// fast on data already in cache.
/// </summary>
internal static class VectorSum
{
    private const int Accumulators = 8;

    /// <summary>x[0] + x[1] + ..., in an order that depends only on x's length (never on threads or alignment).</summary>
    public static T Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
    {
        // Short rows (and machines without SIMD) gain nothing from eight chains: the library's sum serves them.
        if (!Vector.IsHardwareAccelerated || !Vector<T>.IsSupported || x.Length < Accumulators * Vector<T>.Count) return TensorPrimitives.Sum(x);
        int width = Vector<T>.Count, i = 0;
        ref T start = ref MemoryMarshal.GetReference(x);
        Vector<T> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (; i <= x.Length - Accumulators * width; i += Accumulators * width)
        {
            a0 += Vector.LoadUnsafe(ref start, (nuint)i);
            a1 += Vector.LoadUnsafe(ref start, (nuint)(i + width));
            a2 += Vector.LoadUnsafe(ref start, (nuint)(i + 2 * width));
            a3 += Vector.LoadUnsafe(ref start, (nuint)(i + 3 * width));
            a4 += Vector.LoadUnsafe(ref start, (nuint)(i + 4 * width));
            a5 += Vector.LoadUnsafe(ref start, (nuint)(i + 5 * width));
            a6 += Vector.LoadUnsafe(ref start, (nuint)(i + 6 * width));
            a7 += Vector.LoadUnsafe(ref start, (nuint)(i + 7 * width));
        }
        return Vector.Sum((a0 + a1) + (a2 + a3) + ((a4 + a5) + (a6 + a7))) + TensorPrimitives.Sum(x[i..]);
    }
}
