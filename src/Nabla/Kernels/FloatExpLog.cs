using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>
/// eˣ - 1, ln(1 + x), sinh, cosh and logaddexp for float32 spans on 512-bit lanes, each within 2 ulp of
/// the exact value (tested over sweeps against the double-precision functions). <see cref="ExpLogMath"/>'s
/// generic forms build these from a TensorPrimitives exponential and logarithm plus a division, which
/// measured about as fast as libtorch's; here the reduction is done once and nothing cancels.
/// </summary>
/// <remarks>
/// eˣ - 1: with x = n·ln 2 + r from <see cref="FloatExp.Reduce"/>, eʳ - 1 = r + r²·P(r) keeps its relative
/// accuracy for small r, and eˣ - 1 = 2ⁿ·(eʳ - 1) + (2ⁿ - 1) in one fused multiply-add, 2ⁿ - 1 exact while
/// 2ⁿ has 24 bits to spare. ln(1 + x): u = 1 + x rounded, its rounding error c recovered exactly (Fast2Sum),
/// ln u = k·ln 2 + ln m with m in [√2/2, √2) from vgetexp/vgetmant and Cephes' logf polynomial in m - 1,
/// and ln(1 + x) = ln u + c/u. Other hardware keeps the generic forms.
/// </remarks>
internal static class FloatExpLog
{
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const int HalfSqrt2Bits = 0x3F3504F3;   // √2/2 in float32

    // Past 2^24, 2ⁿ - 1 rounds to 2ⁿ: the -1 of eˣ - 1 (and the e^-x of sinh and cosh) is below half an ulp.
    private const float LargeN = 24f;

    /// <summary>Whether these kernels run here: they need AVX-512, as <see cref="FloatExp"/>'s do.</summary>
    public static bool IsAccelerated => FloatExp.IsAccelerated;

    /// <summary>eˣ - 1 lane by lane; -0 and NaN stay, ±∞ give +∞ and -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Expm1(Vector512<float> x)
    {
        var xc = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(FloatExp.MinInput)), Vector512.Create(FloatExp.MaxInput));
        var (n, em1r, er) = Reduced(xc);
        var t = Avx512F.Scale(Vector512<float>.One, n);
        var y = Vector512.FusedMultiplyAdd(t, em1r, t - Vector512<float>.One);
        y = Vector512.ConditionalSelect(Vector512.GreaterThan(n, Vector512.Create(LargeN)), Avx512F.Scale(er, n), y);
        return Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<float>.Zero) | ~Vector512.Equals(x, x), x, y);
    }

    /// <summary>
    /// sinh lane by lane: (E + E/(E + 1))/2 with E = e^|x| - 1 (no cancellation near 0), or e^|x|/2 as
    /// 2ⁿ⁻¹·eʳ once e^-|x| no longer counts (which also reaches the stretch where e^|x| overflows but sinh
    /// does not); the sign put back. NaN stays.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sinh(Vector512<float> x)
    {
        var (n, e, half) = AbsExpParts(x);
        var small = (e + e / (e + Vector512<float>.One)) * Vector512.Create(0.5f);
        var y = Vector512.ConditionalSelect(Vector512.GreaterThan(n, Vector512.Create(LargeN)), half, small);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), Vector512.CopySign(y, x), x);
    }

    /// <summary>cosh lane by lane: u/2 + 1/(2u) with u = e^|x|, or 2ⁿ⁻¹·eʳ for large |x| as in <see cref="Sinh(Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Cosh(Vector512<float> x)
    {
        var (n, e, half) = AbsExpParts(x);
        var u = half + half;   // e^|x|, exact
        var small = Vector512.FusedMultiplyAdd(u, Vector512.Create(0.5f), Vector512.Create(0.5f) / u);
        var y = Vector512.ConditionalSelect(Vector512.GreaterThan(n, Vector512.Create(LargeN)), half, small);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    }

    /// <summary>ln(1 + x) lane by lane; -0 stays, -1 gives -∞, below -1 and NaN give NaN, +∞ gives +∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log1p(Vector512<float> x)
    {
        var one = Vector512<float>.One;
        var u = one + x;
        // Fast2Sum: the larger operand first, so the rounding error c of u is exact.
        var c = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(Vector512.Abs(x), one), x - (u - one), one - (u - x));
        // ln(1 + x) has the sign of x, -0 included (the sum below gives +0 there).
        var y = Vector512.CopySign(Log1pOrdinary(u, c), x);
        // u a positive normal number in every lane (it is never subnormal: x > -1 gives u ≥ 2^-24): done.
        var normal = Vector512.LessThan((u.AsInt32() - Vector512.Create(0x00800000)).AsUInt32(), Vector512.Create(0x7F000000u));
        if (Vector512.EqualsAll(normal.AsInt32(), Vector512<int>.AllBitsSet)) return y;
        // u = 0 (x = -1), u < 0, u = +∞ and NaN: ln u itself.
        var special = Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<float>.Zero), Vector512.Create(float.NegativeInfinity),
            Vector512.ConditionalSelect(Vector512.Equals(u, Vector512.Create(float.PositiveInfinity)), u, Vector512.Create(float.NaN)));
        return Vector512.ConditionalSelect(normal.AsSingle(), y, special);
    }

    /// <summary>
    /// ln(1 + x) = ln u + c/u for u = 1 + x rounded and c its rounding error, where u is a positive normal
    /// number (the callers deal with the other lanes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Log1pOrdinary(Vector512<float> u, Vector512<float> c)
    {
        // u = 2ᵏ·m with m in [√2/2, √2), from the bits: shifting them by 1 - √2/2's bits moves the exponent's
        // step from m = 1 to m = √2/2.
        var bits = u.AsInt32() + Vector512.Create(0x3F800000 - HalfSqrt2Bits);
        var k = Vector512.ConvertToSingle((bits >>> 23) - Vector512.Create(127));
        var m = ((bits & Vector512.Create(0x007FFFFF)) + Vector512.Create(HalfSqrt2Bits)).AsSingle();
        var f = m - Vector512<float>.One;   // exact: m is within a factor 2 of 1
        var z = f * f;
        var p = Vector512.Create(7.0376836292e-2f);
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(-1.1514610310e-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(1.1676998740e-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(-1.2420140846e-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(1.4249322787e-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(-1.6668057665e-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(2.0000714765e-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(-2.4999993993e-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(3.3333331174e-1f));
        var tail = p * f * z;
        tail = Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2Lo), tail);
        tail += c / u;
        tail = Vector512.FusedMultiplyAdd(z, Vector512.Create(-0.5f), tail);
        return Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2Hi), f + tail);
    }

    /// <summary>ln(eˣ + eʸ) = max + ln(1 + e^-|x - y|) lane by lane; two equal infinities give themselves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LogAddExp(Vector512<float> x, Vector512<float> y)
    {
        var d = x - y;
        // e = e^-|d| in (0, 1], so 1 + e rounds with an exact error e - (u - 1) and is an ordinary u.
        var nd = Vector512.MaxNative(-Vector512.Abs(d), Vector512.Create(FloatExp.MinInput));
        var p = FloatExp.Reduce(nd, out var n, out var r);
        var e = Avx512F.Scale(Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One), n);
        var u = Vector512<float>.One + e;
        var max = Vector512.ConditionalSelect(Vector512.LessThan(x, y), y, x);
        var z = max + Log1pOrdinary(u, e - (u - Vector512<float>.One));
        z = Vector512.ConditionalSelect(Vector512.Equals(d, d), z, d);   // d is NaN for a NaN operand
        var sameInfinity = Vector512.Equals(x, y) & Vector512.Equals(Vector512.Abs(x), Vector512.Create(float.PositiveInfinity));
        return Vector512.ConditionalSelect(sameInfinity, x, z);
    }

    // n, eʳ - 1 and eʳ for x = n·ln 2 + r.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> N, Vector512<float> Em1r, Vector512<float> Er) Reduced(Vector512<float> xc)
    {
        var p = FloatExp.Reduce(xc, out var n, out var r);
        var r2 = r * r;
        return (n, Vector512.FusedMultiplyAdd(p, r2, r), Vector512.FusedMultiplyAdd(p, r2, r + Vector512<float>.One));
    }

    // For a = |x| (clamped just past where e^a/2 overflows): n, e^a - 1 (for n ≤ LargeN) and e^a/2 as 2ⁿ⁻¹·eʳ.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> N, Vector512<float> E, Vector512<float> Half) AbsExpParts(Vector512<float> x)
    {
        var a = Vector512.MinNative(Vector512.Abs(x), Vector512.Create(FloatExp.MaxInput + 2f));
        var (n, em1r, er) = Reduced(a);
        var t = Avx512F.Scale(Vector512<float>.One, n);
        var e = Vector512.FusedMultiplyAdd(t, em1r, t - Vector512<float>.One);
        return (n, e, Avx512F.Scale(er, n - Vector512<float>.One));
    }

    /// <summary>y = eˣ - 1.</summary>
    public static void Expm1(ReadOnlySpan<float> x, Span<float> y) => FloatExp.Map<Expm1Map>(x, y, 0f);

    /// <summary>y = ln(1 + x).</summary>
    public static void Log1p(ReadOnlySpan<float> x, Span<float> y) => FloatExp.Map<Log1pMap>(x, y, 0f);

    /// <summary>y = sinh x.</summary>
    public static void Sinh(ReadOnlySpan<float> x, Span<float> y) => FloatExp.Map<SinhMap>(x, y, 0f);

    /// <summary>y = cosh x.</summary>
    public static void Cosh(ReadOnlySpan<float> x, Span<float> y) => FloatExp.Map<CoshMap>(x, y, 0f);

    /// <summary>z = ln(eˣ + eʸ), the tail through zero-padded vectors so it rounds as the body does.</summary>
    public static void LogAddExp(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        if (!IsAccelerated) throw new PlatformNotSupportedException("FloatExpLog's span kernels need AVX-512.");
        if (y.Length != x.Length || z.Length != x.Length) throw new ArgumentException("x, y and z differ in length.");
        int w = Vector512<float>.Count, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float zr = ref MemoryMarshal.GetReference(z);
        for (; i <= x.Length - w; i += w)
            LogAddExp(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref zr, (nuint)i);
        if (i == x.Length) return;
        Span<float> a = stackalloc float[w];
        Span<float> b = stackalloc float[w];
        a.Clear();
        b.Clear();
        x[i..].CopyTo(a);
        y[i..].CopyTo(b);
        LogAddExp(Vector512.Create((ReadOnlySpan<float>)a), Vector512.Create((ReadOnlySpan<float>)b)).CopyTo(a);
        a[..(x.Length - i)].CopyTo(z[i..]);
    }

    private readonly struct Expm1Map : FloatExp.IMap
    {
        public static bool Stores => true;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> shift) => Expm1(x);
    }

    private readonly struct Log1pMap : FloatExp.IMap
    {
        public static bool Stores => true;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> shift) => Log1p(x);
    }

    private readonly struct SinhMap : FloatExp.IMap
    {
        public static bool Stores => true;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> shift) => Sinh(x);
    }

    private readonly struct CoshMap : FloatExp.IMap
    {
        public static bool Stores => true;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> shift) => Cosh(x);
    }
}
