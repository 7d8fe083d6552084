using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>
/// e^x for float32 spans in single precision, and the kernels built on it (sigmoid, tanh, softmax's
/// shifted exponent with its sum). TensorPrimitives.Exp(float) measured ~0.5 ns an element here, which made
/// sigmoid and softmax slower than libtorch's single-precision SIMD versions; this one stays within
/// 2 ulp of the exact value (tested against Math.Exp over the whole range) at a fraction of the cost.
/// </summary>
/// <remarks>
/// Method: e^x = 2^n · e^r with n = round(x·log₂e) and r = x - n·ln 2 (ln 2 in two parts, so r is exact),
/// |r| ≤ ln2/2; e^r = 1 + r + r²·P(r) with Cephes' degree-5 minimax P; 2^n is applied by AVX-512's
/// vscalefps, which gets results down in the subnormal range and up to overflow right. Written once, over
/// 512-bit vectors: 256-bit ones measured 30% slower even on AMD, which splits each 512-bit operation
/// in two. Without AVX-512 the entry points fall back to TensorPrimitives.
/// </remarks>
internal static class FloatExp
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;         // ln 2 = Ln2Hi - Ln2Lo, Ln2Hi with few mantissa bits
    private const float Ln2Lo = -2.12194440e-4f;
    internal const float MinInput = -104f;            // e^-104 rounds to 0 in float32
    internal const float MaxInput = 89f;              // e^89 overflows to +∞

    /// <summary>e^x, lane by lane. NaN stays NaN; ±∞ give +∞ and 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        // The native min/max/convert forms: the IEEE-exact ones cost several extra instructions each, and the
        // clamped range never meets the cases they differ in (NaN is restored below).
        var xc = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(MinInput)), Vector512.Create(MaxInput));
        var p = Reduce(xc, out var n, out var r);
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        var y = Avx512F.Scale(p, n);   // p·2ⁿ in one instruction, subnormal results and overflow included
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);   // x != x only for NaN
    }

    /// <summary>
    /// The range reduction and polynomial of <see cref="Exp(Vector512{float})"/>, for x already clamped:
    /// x = n·ln 2 + r with |r| ≤ ln2/2, and e^r = 1 + r + r²·P(r), P returned. <see cref="FloatExpLog"/>'s
    /// e^x - 1 and sinh take r + r²·P(r) from it, which keeps the relative accuracy of small results.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Reduce(Vector512<float> xc, out Vector512<float> n, out Vector512<float> r)
    {
        n = Vector512.Round(xc * Vector512.Create(Log2E));
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), xc);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.Create(1.9875691500e-4f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        return Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
    }

    /// <summary>Whether the single-precision kernels run here (else Exp and Sigmoid defer to TensorPrimitives).</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>y = e^x.</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> y)
    {
        if (IsAccelerated) Map<ExpMap>(x, y, 0f);
        else TensorPrimitives.Exp(x, y);
    }

    /// <summary>y = 1 / (1 + e^-x).</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        if (IsAccelerated) Map<SigmoidMap>(x, y, 0f);
        else TensorPrimitives.Sigmoid(x, y);
    }

    /// <summary>y = tanh x.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        if (IsAccelerated) Map<TanhMap>(x, y, 0f);
        else TensorPrimitives.Tanh(x, y);
    }

    /// <summary>
    /// tanh, lane by lane: for |x| &lt; 0.625 Cephes' odd polynomial x + x³·P(x²) (the exponent form
    /// 1 - 2/(e^2|x| + 1) loses the relative accuracy of small results there), else the exponent form
    /// with the sign put back. Both are computed and one is picked per lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var a = Vector512.Abs(x);
        var z = x * x;
        var p = Vector512.Create(-5.70498872745e-3f);
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(2.06390887954e-2f));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(-5.37397155531e-2f));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(1.33314422036e-1f));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(-3.33332819422e-1f));
        var small = Vector512.FusedMultiplyAdd(p * z, x, x);
        var large = Vector512<float>.One - Vector512.Create(2f) / (Exp(a + a) + Vector512<float>.One);   // e^2|x| = ∞ gives 1
        large = Vector512.CopySign(large, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(0.625f)), small, large);   // NaN: large is NaN
    }

    /// <summary>
    /// The largest element, for softmax's shift, with plain vector max: NaN may be skipped here (unlike
    /// TensorPrimitives.Max, whose IEEE handling costs a third of a softmax row), but then e^(x - max) is
    /// NaN for it and the whole row comes out NaN, as PyTorch's. AVX-512 only.
    /// </summary>
    public static float Max(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty) throw new ArgumentException("max of an empty row");
        int w = Vector512<float>.Count, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        var m0 = Vector512.Create(float.NegativeInfinity);
        var m1 = m0;
        for (; i <= x.Length - 2 * w; i += 2 * w)
        {
            m0 = Vector512.MaxNative(m0, Vector512.LoadUnsafe(ref xr, (nuint)i));
            m1 = Vector512.MaxNative(m1, Vector512.LoadUnsafe(ref xr, (nuint)(i + w)));
        }
        m0 = Vector512.MaxNative(m0, m1);
        float max = float.NegativeInfinity;
        for (int j = 0; j < w; j++) max = m0[j] > max ? m0[j] : max;
        for (; i < x.Length; i++) max = x[i] > max ? x[i] : max;
        return max;
    }

    /// <summary>y = e^(x - shift); returns Σ y (softmax's numerator and denominator in one pass). AVX-512 only.</summary>
    public static float ExpShifted(ReadOnlySpan<float> x, float shift, Span<float> y) => Map<ExpShiftedMap>(x, y, shift);

    /// <summary>Σ e^(x - shift), writing nothing (log-softmax's normaliser). AVX-512 only.</summary>
    public static float SumExpShifted(ReadOnlySpan<float> x, float shift) => Map<SumOnlyMap>(x, default, shift);

    /// <summary>A lane-wise function for <see cref="Map"/>: whether it stores, and its value given the shift.</summary>
    internal interface IMap
    {
        static abstract bool Stores { get; }
        static abstract Vector512<float> Apply(Vector512<float> x, Vector512<float> shift);
    }

    private readonly struct ExpMap : IMap
    {
        public static bool Stores => true;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> shift) => Exp(x);
    }

    private readonly struct SigmoidMap : IMap
    {
        public static bool Stores => true;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> shift) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));
    }

    private readonly struct TanhMap : IMap
    {
        public static bool Stores => true;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> shift) => Tanh(x);
    }

    private readonly struct ExpShiftedMap : IMap
    {
        public static bool Stores => true;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> shift) => Exp(x - shift);
    }

    private readonly struct SumOnlyMap : IMap
    {
        public static bool Stores => false;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> shift) => Exp(x - shift);
    }

    /// <summary>
    /// y = f(x) vector by vector (the tail through a zero-padded vector, so it gets the same rounding as
    /// the body), returning Σ f(x). The sum is free next to the exponent and only softmax reads it.
    /// </summary>
    internal static float Map<TMap>(ReadOnlySpan<float> x, Span<float> y, float shift) where TMap : IMap
    {
        if (!IsAccelerated) throw new PlatformNotSupportedException("FloatExp's span kernels need AVX-512.");
        if (TMap.Stores && y.Length != x.Length) throw new ArgumentException("x and y differ in length.");
        int w = Vector512<float>.Count, i = 0;
        var vshift = Vector512.Create(shift);
        var sum0 = Vector512<float>.Zero;
        var sum1 = Vector512<float>.Zero;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        for (; i <= x.Length - 2 * w; i += 2 * w)
        {
            var a = TMap.Apply(Vector512.LoadUnsafe(ref xr, (nuint)i), vshift);
            var b = TMap.Apply(Vector512.LoadUnsafe(ref xr, (nuint)(i + w)), vshift);
            if (TMap.Stores)
            {
                a.StoreUnsafe(ref yr, (nuint)i);
                b.StoreUnsafe(ref yr, (nuint)(i + w));
            }
            sum0 += a;
            sum1 += b;
        }
        float sum = Vector512.Sum(sum0 + sum1);
        if (i < x.Length)
        {
            Span<float> pad = stackalloc float[2 * w];
            int rest = x.Length - i;
            x[i..].CopyTo(pad);
            for (int j = 0; j < rest; j += w)
            {
                var v = TMap.Apply(Vector512.Create((ReadOnlySpan<float>)pad[j..]), vshift);
                v.CopyTo(pad[j..]);
            }
            if (TMap.Stores) pad[..rest].CopyTo(y[i..]);
            for (int j = 0; j < rest; j++) sum += pad[j];
        }
        return sum;
    }
}
