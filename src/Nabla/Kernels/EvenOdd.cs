using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>
/// Splitting a run into its even- and odd-indexed elements, and merging two runs back alternately, with
/// AVX2 shuffles where there are (element by element elsewhere, and for the last few). Winograd
/// convolution's tiles step by two: it splits input rows by column parity and merges output columns.
/// </summary>
internal static class EvenOdd
{
    /// <summary>evens[i] = source[2i], odds[i] = source[2i + 1] for i &lt; evens.Length (source holds 2·evens.Length).</summary>
    public static void Split<T>(ReadOnlySpan<T> source, Span<T> evens, Span<T> odds) where T : unmanaged
    {
        int count = evens.Length, i = 0;
        if (source.Length < 2 * count || odds.Length < count) throw new ArgumentException("The runs are too short.");
        if (Shuffles<T>())
        {
            int lanes = Vector256<T>.Count;
            ref T s = ref MemoryMarshal.GetReference(source);
            ref T e = ref MemoryMarshal.GetReference(evens);
            ref T o = ref MemoryMarshal.GetReference(odds);
            for (; i + lanes <= count; i += lanes)
            {
                var (even, odd) = Unzip(Vector256.LoadUnsafe(ref s, (nuint)(2 * i)), Vector256.LoadUnsafe(ref s, (nuint)(2 * i + lanes)));
                even.StoreUnsafe(ref e, (nuint)i);
                odd.StoreUnsafe(ref o, (nuint)i);
            }
        }
        for (; i < count; i++)
        {
            evens[i] = source[2 * i];
            odds[i] = source[2 * i + 1];
        }
    }

    /// <summary>target[2i] = evens[i], target[2i + 1] = odds[i] for i &lt; evens.Length (target holds 2·evens.Length).</summary>
    public static void Merge<T>(ReadOnlySpan<T> evens, ReadOnlySpan<T> odds, Span<T> target) where T : unmanaged
    {
        int count = evens.Length, i = 0;
        if (target.Length < 2 * count || odds.Length < count) throw new ArgumentException("The runs are too short.");
        if (Shuffles<T>())
        {
            int lanes = Vector256<T>.Count;
            ref T e = ref MemoryMarshal.GetReference(evens);
            ref T o = ref MemoryMarshal.GetReference(odds);
            ref T t = ref MemoryMarshal.GetReference(target);
            for (; i + lanes <= count; i += lanes)
            {
                var (low, high) = Zip(Vector256.LoadUnsafe(ref e, (nuint)i), Vector256.LoadUnsafe(ref o, (nuint)i));
                low.StoreUnsafe(ref t, (nuint)(2 * i));
                high.StoreUnsafe(ref t, (nuint)(2 * i + lanes));
            }
        }
        for (; i < count; i++)
        {
            target[2 * i] = evens[i];
            target[2 * i + 1] = odds[i];
        }
    }

    // Whether the AVX2 loops run: the shuffles below are written for float and double lanes.
    private static bool Shuffles<T>() => Avx2.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    // (a0 a1 a2 ..., b0 b1 b2 ...) -> (a0 b0 a1 b1 ..., the rest): unpack within 128-bit halves, then order the halves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<T> Low, Vector256<T> High) Zip<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Vector256<float> lo = Avx.UnpackLow(a.AsSingle(), b.AsSingle()), hi = Avx.UnpackHigh(a.AsSingle(), b.AsSingle());
            return (Avx.Permute2x128(lo, hi, 0x20).As<float, T>(), Avx.Permute2x128(lo, hi, 0x31).As<float, T>());
        }
        Vector256<double> l = Avx.UnpackLow(a.AsDouble(), b.AsDouble()), h = Avx.UnpackHigh(a.AsDouble(), b.AsDouble());
        return (Avx.Permute2x128(l, h, 0x20).As<double, T>(), Avx.Permute2x128(l, h, 0x31).As<double, T>());
    }

    // Two vectors of a run -> its even and odd elements: pick them within 128-bit halves, then order the 64-bit quarters.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<T> Even, Vector256<T> Odd) Unzip<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Vector256<float> even = Avx.Shuffle(a.AsSingle(), b.AsSingle(), 0x88), odd = Avx.Shuffle(a.AsSingle(), b.AsSingle(), 0xDD);
            return (Avx2.Permute4x64(even.AsDouble(), 0xD8).As<double, T>(), Avx2.Permute4x64(odd.AsDouble(), 0xD8).As<double, T>());
        }
        Vector256<double> e = Avx.UnpackLow(a.AsDouble(), b.AsDouble()), o = Avx.UnpackHigh(a.AsDouble(), b.AsDouble());
        return (Avx2.Permute4x64(e, 0xD8).As<double, T>(), Avx2.Permute4x64(o, 0xD8).As<double, T>());
    }
}
