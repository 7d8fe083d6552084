using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>
/// erf, erfc and the exact GELU over 512-bit vectors of doubles (float32 inputs widened): the scalar
/// <see cref="SpecialFunctions"/> code took ~40 ns an element, which made GELU most of a transformer's step.
/// </summary>
/// <remarks>
/// Cody's ranges are evaluated side by side (Horner with FMA) and chosen per lane; the third (beyond 4) only
/// when some lane needs it. The Gaussian factor e^(-a²)
/// is one exponential of the split argument -s² + (s - a)(a + s) (s = a rounded down to a multiple of 1/16,
/// so s² is exact), reduced as 2ⁿ·e^r with the exact part -s² - n·ln2 formed first; e^r is a degree-13 Taylor
/// polynomial (|r| ≤ ln2/2) and 2ⁿ is applied by vscalefpd, which rounds once into the subnormal range.
/// The scalar forms evaluate the same code on a broadcast vector, so the two paths agree to the bit. Without
/// AVX-512 everything falls back to the scalar <see cref="SpecialFunctions"/>.
/// </remarks>
internal static class VectorErf
{
    private const double InvSqrtPi = 0.56418958354775628695;   // 1/√π
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 0.693145751953125;            // 22713/2¹⁵: n·Ln2Hi - s² is exact
    private const double Ln2Lo = 1.42860682030941723212e-6;    // ln 2 - Ln2Hi
    private const double Small = 0.46875;                      // below it erf x = x·P₁(x²)/Q₁(x²)

    // 1/k! for k = 13 down to 2: e^r = 1 + r + r²·Σ r^(k-2)/k!, the omitted r¹⁴/14! below 1e-17 at |r| ≤ ln2/2.
    private static ReadOnlySpan<double> ExpTaylor =>
    [
        1.6059043836821613e-10, 2.08767569878681e-9, 2.505210838544172e-8, 2.755731922398589e-7, 2.7557319223985893e-6,
        2.48015873015873e-5, 1.984126984126984e-4, 1.388888888888889e-3, 8.333333333333333e-3, 4.1666666666666664e-2,
        0.16666666666666666, 0.5,
    ];

    /// <summary>Whether the vector kernels run here (else the scalar code does, on both paths).</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>One function, as a vector kernel and as its scalar fallback.</summary>
    public interface IFunction
    {
        /// <summary>The function on each lane.</summary>
        static abstract Vector512<double> Apply(Vector512<double> x);

        /// <summary>The scalar code, used where AVX-512 is missing.</summary>
        static abstract double Fallback(double x);
    }

    /// <summary>erf x.</summary>
    public readonly struct Erf : IFunction
    {
        public static Vector512<double> Apply(Vector512<double> x) => ErfOf(x);
        public static double Fallback(double x) => SpecialFunctions.Erf(x);
    }

    /// <summary>erfc x.</summary>
    public readonly struct Erfc : IFunction
    {
        public static Vector512<double> Apply(Vector512<double> x) => ErfcOf(x);
        public static double Fallback(double x) => SpecialFunctions.Erfc(x);
    }

    /// <summary>x·Φ(x) = x/2 · (1 + erf(x/√2)).</summary>
    public readonly struct Gelu : IFunction
    {
        private const double Sqrt1_2 = 0.7071067811865476;
        public static Vector512<double> Apply(Vector512<double> x) => Vector512.Create(0.5) * x * (Vector512<double>.One + ErfOf(x * Vector512.Create(Sqrt1_2)));
        public static double Fallback(double x) => 0.5 * x * (1 + SpecialFunctions.Erf(x * Sqrt1_2));
    }

    /// <summary>f(x) for one element, bit for bit what the span form gives.</summary>
    public static double At<TFn>(double x) where TFn : IFunction
        => IsAccelerated ? TFn.Apply(Vector512.Create(x)).ToScalar() : TFn.Fallback(x);

    /// <summary>y = f(x) elementwise, for float and double elements.</summary>
    public static void Map<TFn, T>(ReadOnlySpan<T> x, Span<T> y) where TFn : IFunction where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsAccelerated && typeof(T) == typeof(double)) MapDouble<TFn>(Fp.D(x), Fp.D(y));
        else if (IsAccelerated && typeof(T) == typeof(float)) MapFloat<TFn>(Fp.F(x), Fp.F(y));
        else for (int i = 0; i < x.Length; i++) y[i] = T.CreateTruncating(At<TFn>(double.CreateTruncating(x[i])));
    }

    private static void MapDouble<TFn>(ReadOnlySpan<double> x, Span<double> y) where TFn : IFunction
    {
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i <= x.Length - Vector512<double>.Count; i += Vector512<double>.Count)
            TFn.Apply(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        for (; i < x.Length; i++) y[i] = At<TFn>(x[i]);
    }

    private static void MapFloat<TFn>(ReadOnlySpan<float> x, Span<float> y) where TFn : IFunction
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            var (lower, upper) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, (nuint)i));
            Vector512.Narrow(TFn.Apply(lower), TFn.Apply(upper)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < x.Length; i++) y[i] = (float)At<TFn>(x[i]);
    }

    private static Vector512<double> ErfOf(Vector512<double> x) => ErfOf(x, ExpMinusSquare(Vector512.Abs(x)));

    /// <summary>erf x, given <paramref name="gaussian"/> = <see cref="ExpMinusSquare"/>(|x|) (GELU's backward needs it too).</summary>
    internal static Vector512<double> ErfOf(Vector512<double> x, Vector512<double> gaussian)
    {
        var a = Vector512.Abs(x);
        var nearZero = Vector512.LessThanOrEqual(a, Vector512.Create(Small));
        var q = Quotient(x, a, gaussian, nearZero);
        var one = Vector512<double>.One;
        var result = Vector512.ConditionalSelect(nearZero, q, Vector512.CopySign(one - q, x));
        result = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a, Vector512.Create(6.0)), Vector512.CopySign(one, x), result);   // erfc 6 ≈ 2e-17
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);   // x != x only for NaN
    }

    private static Vector512<double> ErfcOf(Vector512<double> x)
    {
        var a = Vector512.Abs(x);
        var nearZero = Vector512.LessThanOrEqual(a, Vector512.Create(Small));
        var q = Quotient(x, a, ExpMinusSquare(a), nearZero);
        // erfc 27.3 ≈ 2e-325, below the least subnormal (and ∞ makes a - s NaN)
        var tail = Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512.Create(27.3)), Vector512<double>.Zero, q);
        var result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<double>.Zero), Vector512.Create(2.0) - tail, tail);
        result = Vector512.ConditionalSelect(nearZero, Vector512<double>.One - q, result);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    // erf x = x·P₁(x²)/Q₁(x²) in the lanes near zero, erfc |x| in the others. The first two ranges share one
    // division (their numerators and denominators are selected first); the third range, beyond 4, costs three
    // more and is skipped when no lane is there (the usual case for activations).
    private static Vector512<double> Quotient(Vector512<double> x, Vector512<double> a, Vector512<double> gaussian, Vector512<double> nearZero)
    {
        var z = x * x;
        var numerator = Vector512.ConditionalSelect(nearZero, x * Horner(z, SpecialFunctions.P1), gaussian * Horner(a, SpecialFunctions.P2));
        var denominator = Vector512.ConditionalSelect(nearZero, Horner(z, SpecialFunctions.Q1), Horner(a, SpecialFunctions.Q2));
        var q = numerator / denominator;
        var far = Vector512.GreaterThan(a, Vector512.Create(4.0));
        if (far == Vector512<double>.Zero) return q;
        var a2 = a * a;
        var w = Vector512<double>.One / a2;
        var tail = gaussian / a * (Vector512.Create(InvSqrtPi) - Horner(w, SpecialFunctions.P3) / (a2 * Horner(w, SpecialFunctions.Q3)));
        return Vector512.ConditionalSelect(far, tail, q);
    }

    /// <summary>e^(-a²) for 0 ≤ a ≤ 27.3 (other lanes meaningless): e^(hi + lo) with hi = -s² exact and lo = (s - a)(a + s).</summary>
    internal static Vector512<double> ExpMinusSquare(Vector512<double> a)
    {
        var s = Vector512.Floor(a * Vector512.Create(16.0)) * Vector512.Create(1.0 / 16);
        var hi = -(s * s);
        var lo = (s - a) * (a + s);
        var n = Vector512.Round((hi + lo) * Vector512.Create(Log2E));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), hi) + lo;
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.FusedMultiplyAdd(Horner(r, ExpTaylor), r * r, r) + Vector512<double>.One;
        return Avx512F.Scale(p, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Horner(Vector512<double> x, ReadOnlySpan<double> coefficients)
    {
        var sum = Vector512.Create(coefficients[0]);
        for (int i = 1; i < coefficients.Length; i++) sum = Vector512.FusedMultiplyAdd(sum, x, Vector512.Create(coefficients[i]));
        return sum;
    }
}
