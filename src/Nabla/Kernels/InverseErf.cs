using System.Numerics;

namespace Nabla.Kernels;

/// <summary>The inverse error function in double precision.</summary>
internal static class InverseErf
{
    private const double HalfSqrtPi = 0.88622692545275801365;   // √π/2
    private const double FittedTail = 6e-8;   // the least 1 - t Giles' single-precision fit covers
    private const int MaxTailSteps = 10;

    // M. Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011), single-precision version:
    // erfinv x ≈ x·p(w) with w = -ln((1 - x)(1 + x)), p a polynomial in w - 2.5 (w < 5) or in √w - 3 (beyond),
    // coefficients from the highest power down.
    private static ReadOnlySpan<double> Central => [2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
        -0.00125372503, -0.00417768164, 0.246640727, 1.50140941];
    private static ReadOnlySpan<double> Tail => [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
        -0.0076224613, 0.00943887047, 1.00167406, 2.83297682];

    /// <summary>
    /// erfinv x, the y with erf y = x (±∞ at ±1, NaN outside [-1, 1]): Giles' approximation, good to about
    /// 1e-7, polished by Halley steps on erf y - x (cubic convergence), to double precision.
    /// </summary>
    public static double ErfInv(double x)
    {
        double t = Math.Abs(x);
        if (!(t < 1)) return t == 1 ? Math.CopySign(double.PositiveInfinity, x) : double.NaN;   // NaN fails t < 1 too
        if (t == 0) return x;
        double y = Guess(t);
        // Within the range Giles fitted (1 - t down to float's 6e-8) the guess is good to about 1e-7, and one
        // Halley step (cubic convergence) takes it below double's rounding. Beyond, the guess is up to 9%
        // low and the steps go on until they stop moving.
        int steps = 1 - t >= FittedTail ? 1 : MaxTailSteps;
        for (int step = 0; step < steps; step++)
        {
            double d = Residual(t, y) / (Math.Exp(-y * y) / HalfSqrtPi);   // Newton's step (erf y - t)/erf' y
            double next = y - d / (1 + y * d);                             // Halley's: erf'' = -2y·erf'
            bool converged = Math.Abs(next - y) <= 1e-15 * y;
            y = next;
            if (converged) break;
        }
        return Math.CopySign(y, x);
    }

    private static double Guess(double t)
    {
        double w = -Math.Log((1 - t) * (1 + t));
        return t * (w < 5 ? SpecialFunctions.Horner(w - 2.5, Central) : SpecialFunctions.Horner(Math.Sqrt(w) - 3, Tail));
    }

    // erf y - t. From t = ½ on, as (1 - t) - erfc y: 1 - t is exact there and erfc y keeps its relative
    // accuracy, where erf y - t would cancel to nothing as t nears 1.
    private static double Residual(double t, double y)
        => t < 0.5 ? SpecialFunctions.Erf(y) - t : (1 - t) - SpecialFunctions.Erfc(y);
}

/// <summary>y = erfinv x, the inverse of erf on (-1, 1) (computed in double precision)</summary>
internal readonly struct ErfInvOp : IFloatUnaryOp<ErfInvOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(InverseErf.ErfInv(double.CreateTruncating(x)));
}
