using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// The inverse error function: in double precision (<see cref="ErfInv(double)"/>), and for float32 as Giles'
/// single-precision approximation evaluated in double (<see cref="Single(float)"/>), over vectors for spans.
/// </summary>
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

    /// <summary>
    /// erfinv x for float32: Giles' approximation, evaluated in double and rounded once: within 2 ulp of the
    /// double-precision erfinv rounded to float, measured over every 64th float in (0, 1) and the last 4,096
    /// below 1 (relative error at most 1.25e-7; Float32ErfInvTests keeps a sweep). The Halley step of the
    /// double path, at ~75 ns an element (libtorch: ~2), changed the float32 result by those 2 ulp at most.
    /// </summary>
    public static float Single(float x)
    {
        double t = Math.Abs((double)x);
        if (!(t < 1)) return t == 1 ? float.CopySign(float.PositiveInfinity, x) : float.NaN;
        return (float)(x * Polynomial(-Math.Log(Math.FusedMultiplyAdd(-t, t, 1))));
    }

    /// <summary><see cref="Single(float)"/> of each element, on Vector512 lanes of doubles where they run.</summary>
    public static void Single(ReadOnlySpan<float> x, Span<float> y)
    {
        const int Chunk = 512, Step = 16;   // 16 floats: two vectors of 8 doubles
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Span<double> ws = stackalloc double[Chunk];
            while (x.Length - i >= Step)
            {
                int n = Math.Min(Chunk, x.Length - i) & ~(Step - 1);
                // ln((1 - t)(1 + t)) for a chunk; (1 - t)(1 + t) = 1 - t² is exact for a float t.
                for (int k = 0; k < n; k += Step)
                {
                    var (lo, hi) = Vector512.Widen(Vector512.Create(x.Slice(i + k, Step)));
                    Vector512.FusedMultiplyAdd(-lo, lo, Vector512<double>.One).CopyTo(ws[k..]);
                    Vector512.FusedMultiplyAdd(-hi, hi, Vector512<double>.One).CopyTo(ws[(k + 8)..]);
                }
                TensorPrimitives.Log(ws[..n], ws[..n]);
                for (int k = 0; k < n; k += Step)
                {
                    var (lo, hi) = Vector512.Widen(Vector512.Create(x.Slice(i + k, Step)));
                    Vector512.Narrow(Lanes(lo, Vector512.Create(ws[k..])), Lanes(hi, Vector512.Create(ws[(k + 8)..]))).CopyTo(y.Slice(i + k, Step));
                }
                i += n;
            }
        }
        for (; i < x.Length; i++) y[i] = Single(x[i]);
    }

    // x·p(-ln u) for u = (1 - x)(1 + x); ±∞ at |x| = 1 and NaN beyond (or for NaN), as the scalar form gives.
    private static Vector512<double> Lanes(Vector512<double> x, Vector512<double> logU)
    {
        var t = Vector512.Abs(x);
        var edge = Vector512.ConditionalSelect(Vector512.Equals(t, Vector512<double>.One),
            Vector512.CopySign(Vector512.Create(double.PositiveInfinity), x), Vector512.Create(double.NaN));
        return Vector512.ConditionalSelect(Vector512.LessThan(t, Vector512<double>.One), x * Polynomial(-logU), edge);
    }

    // Giles' p(w): x·p(w) ≈ erfinv x for w = -ln((1 - x)(1 + x)).
    private static double Polynomial(double w)
        => w < 5 ? SpecialFunctions.Horner(w - 2.5, Central) : SpecialFunctions.Horner(Math.Sqrt(w) - 3, Tail);

    // The tail (|x| above 0.9966, with its square root) only where a lane needs it: most vectors hold none.
    private static Vector512<double> Polynomial(Vector512<double> w)
    {
        var central = Vector512.LessThan(w, Vector512.Create(5.0));
        var p = Horner(w - Vector512.Create(2.5), Central);
        if (Vector512.EqualsAll(central.AsInt64(), Vector512<long>.AllBitsSet)) return p;
        return Vector512.ConditionalSelect(central, p, Horner(Vector512.Sqrt(w) - Vector512.Create(3.0), Tail));
    }

    private static Vector512<double> Horner(Vector512<double> x, ReadOnlySpan<double> c)
    {
        var r = Vector512.Create(c[0]);
        for (int i = 1; i < c.Length; i++) r = Vector512.FusedMultiplyAdd(r, x, Vector512.Create(c[i]));
        return r;
    }

    private static double Guess(double t) => t * Polynomial(-Math.Log((1 - t) * (1 + t)));

    // erf y - t. From t = ½ on, as (1 - t) - erfc y: 1 - t is exact there and erfc y keeps its relative
    // accuracy, where erf y - t would cancel to nothing as t nears 1.
    private static double Residual(double t, double y)
        => t < 0.5 ? SpecialFunctions.Erf(y) - t : (1 - t) - SpecialFunctions.Erfc(y);
}

/// <summary>y = erfinv x, the inverse of erf on (-1, 1): float32 by <see cref="InverseErf.Single(float)"/>, double to double precision</summary>
internal readonly struct ErfInvOp : IFloatUnaryOp<ErfInvOp>
{
    public static T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? Fp.T<T>(InverseErf.Single(Fp.F(x))) : T.CreateTruncating(InverseErf.ErfInv(double.CreateTruncating(x)));

    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) InverseErf.Single(Fp.F(x), Fp.F(y));
        else for (int i = 0; i < x.Length; i++) y[i] = Apply(x[i]);
    }
}
