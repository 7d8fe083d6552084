using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>Special functions the BCL lacks, in double precision.</summary>
internal static class SpecialFunctions
{
    private const double InvSqrtPi = 0.56418958354775628695;   // 1/√π

    // W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the error
    // function", Math. Comp. 23, 1969), as polynomial coefficients from the highest power down:
    // erf x = x·P₁(x²)/Q₁(x²) on |x| ≤ 0.46875; erfc x = e^(-x²)·P₂(x)/Q₂(x) on (0.46875, 4];
    // erfc x = e^(-x²)/x·(1/√π - z·P₃(z)/Q₃(z)) with z = 1/x² beyond 4.
    internal static ReadOnlySpan<double> P1 => [1.85777706184603153e-1, 3.16112374387056560e0, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3];
    internal static ReadOnlySpan<double> Q1 => [1, 2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
    internal static ReadOnlySpan<double> P2 => [2.15311535474403846e-8, 5.64188496988670089e-1, 8.88314979438837594e0, 6.61191906371416295e1, 2.98635138197400131e2,
        8.81952221241769090e2, 1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3];
    internal static ReadOnlySpan<double> Q2 => [1, 1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3,
        3.29079923573345963e3, 4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3];
    internal static ReadOnlySpan<double> P3 => [1.63153871373020978e-2, 3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4];
    internal static ReadOnlySpan<double> Q3 => [1, 2.56852019228982242e0, 1.87295284992346047e0, 5.27905102951428412e-1, 6.05183413124413191e-2,
        2.33520497626869185e-3];

    /// <summary>The error function erf x = 2/√π ∫₀ˣ e^(-t²) dt, to about 1e-16 (Cody's approximations).</summary>
    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        if (a <= 0.46875) return x * Horner(x * x, P1) / Horner(x * x, Q1);
        if (a >= 6) return Math.Sign(x);   // erfc 6 ≈ 2e-17: erf rounds to ±1
        if (double.IsNaN(x)) return x;
        return Math.CopySign(1 - ErfcAbove(a), x);
    }

    /// <summary>
    /// The complementary error function erfc x = 1 - erf x, computed directly (not as 1 - erf x, which is 0
    /// beyond x ≈ 6 where erfc x is still 1e-17, and loses relative accuracy well before that); to about
    /// 1e-16 relative down to the subnormal range (x ≈ 26.6), and within an ulp of the subnormal results beyond.
    /// </summary>
    public static double Erfc(double x)
    {
        double a = Math.Abs(x);
        if (a <= 0.46875) return 1 - x * Horner(x * x, P1) / Horner(x * x, Q1);
        if (double.IsNaN(x)) return x;
        double tail = a > 27.3 ? 0 : ErfcAbove(a);   // erfc 27.3 ≈ 2e-325, below the least subnormal (and ∞ makes a - s NaN)
        return x < 0 ? 2 - tail : tail;
    }

    // erfc a for a > 0.46875. e^(-a²) is formed as e^(-s²)·e^(-(a - s)(a + s)) with s = a rounded down to
    // a multiple of 1/16 (Cody's splitting): s² is exact, so the rounding of a² (whose relative error e^(-a²)
    // would multiply by a², hundreds of ulps near the underflow) never enters.
    private static double ErfcAbove(double a)
    {
        double s = Math.Floor(a * 16) / 16;
        double gaussian = Math.Exp(-s * s) * Math.Exp(-(a - s) * (a + s));
        return a <= 4
            ? gaussian * Horner(a, P2) / Horner(a, Q2)
            : gaussian / a * (InvSqrtPi - Horner(1 / (a * a), P3) / (a * a * Horner(1 / (a * a), Q3)));
    }

    /// <summary>The polynomial with <paramref name="coefficients"/> (highest power first) at x.</summary>
    internal static double Horner(double x, ReadOnlySpan<double> coefficients)
    {
        double sum = 0;
        foreach (double c in coefficients) sum = sum * x + c;
        return sum;
    }
}

/// <summary>y = erf x (computed in double precision; span form vectorised, see <see cref="VectorErf"/>)</summary>
internal readonly struct ErfOp : IFloatUnaryOp<ErfOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(VectorErf.At<VectorErf.Erf>(double.CreateTruncating(x)));
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => VectorErf.Map<VectorErf.Erf, T>(x, y);
}

/// <summary>y = erfc x = 1 - erf x, accurate in the tail (computed in double precision, vectorised like erf)</summary>
internal readonly struct ErfcOp : IFloatUnaryOp<ErfcOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(VectorErf.At<VectorErf.Erfc>(double.CreateTruncating(x)));
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => VectorErf.Map<VectorErf.Erfc, T>(x, y);
}

/// <summary>
/// y = x·Φ(x) = x/2 · (1 + erf(x/√2)), the exact GELU: float32 in single precision (<see cref="FloatGelu"/>) where
/// AVX-512 runs it, otherwise in double precision (vectorised like erf)
/// </summary>
internal readonly struct GeluOp : IFloatUnaryOp<GeluOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) && FloatGelu.IsAccelerated
            ? Fp.T<T>(FloatGelu.Gelu(Vector512.Create(Fp.F(x))).ToScalar())
            : T.CreateTruncating(VectorErf.At<VectorErf.Gelu>(double.CreateTruncating(x)));

    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && FloatGelu.IsAccelerated) FloatGelu.Gelu(Fp.F(x), Fp.F(y));
        else VectorErf.Map<VectorErf.Gelu, T>(x, y);
    }
}
