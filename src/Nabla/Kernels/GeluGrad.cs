using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// z = g·(Φ(x) + x·φ(x)), the exact GELU's backward in one pass (it was ~11 tensor ops): float32 in single
/// precision on <see cref="FloatGelu"/> where AVX-512 runs it, otherwise in double precision on
/// <see cref="VectorErf"/>'s kernels; the scalar forms run the same code on a broadcast vector.
/// </summary>
internal readonly struct GeluGradOp : IFloatBinaryOp<GeluGradOp>
{
    private const double Sqrt1_2 = 0.7071067811865476;      // 1/√2
    private const double InvSqrt2Pi = 0.3989422804014327;   // 1/√(2π)

    public static T Apply<T>(T g, T x) where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) && FloatGelu.IsAccelerated
            ? Fp.T<T>(FloatGelu.GeluGrad(Vector512.Create(Fp.F(g)), Vector512.Create(Fp.F(x))).ToScalar())
            : T.CreateTruncating(At(double.CreateTruncating(g), double.CreateTruncating(x)));

    public static void Apply<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && FloatGelu.IsAccelerated) { FloatGelu.GeluGrad(Fp.F(g), Fp.F(x), Fp.F(z)); return; }
        if (x.Length < g.Length || z.Length < g.Length) throw new ArgumentException("x or z is shorter than g.");
        int i = 0;
        if (VectorErf.IsAccelerated && Fp.IsFloat<T>())
            for (int width = Vector512<byte>.Count / Unsafe.SizeOf<T>(); i <= g.Length - width; i += width)
                Block(g[i..], x[i..], z[i..]);
        for (; i < g.Length; i++) z[i] = Apply(g[i], x[i]);
    }

    private static double At(double g, double x)
        => VectorErf.IsAccelerated
            ? (Vector512.Create(g) * Derivative(Vector512.Create(x))).ToScalar()
            : g * (0.5 * (1 + SpecialFunctions.Erf(x * Sqrt1_2)) + x * Math.Exp(-0.5 * x * x) * InvSqrt2Pi);

    // Φ(x) + x·φ(x); e^(-x²/2) as e^(-u²) with u = x/√2, which is 0 from |u| = 27.3 on (±∞ gives NaN, as x·e^(-x²/2) does).
    private static Vector512<double> Derivative(Vector512<double> x)
    {
        var u = x * Vector512.Create(Sqrt1_2);
        var a = Vector512.Abs(u);
        var gaussian = VectorErf.ExpMinusSquare(a);   // shared with erf's tail
        var phi = Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512.Create(27.3)), Vector512<double>.Zero, gaussian) * Vector512.Create(InvSqrt2Pi);
        return Vector512.Create(0.5) * (Vector512<double>.One + VectorErf.ErfOf(u, gaussian)) + x * phi;
    }

    // One vector's worth: 8 doubles, or 16 floats widened to two vectors of doubles.
    private static void Block<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> z) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            (Vector512.Create(Fp.D(g)) * Derivative(Vector512.Create(Fp.D(x)))).CopyTo(Fp.D(z));
            return;
        }
        var (gLower, gUpper) = Vector512.Widen(Vector512.Create(Fp.F(g)));
        var (xLower, xUpper) = Vector512.Widen(Vector512.Create(Fp.F(x)));
        Vector512.Narrow(gLower * Derivative(xLower), gUpper * Derivative(xUpper)).CopyTo(Fp.F(z));
    }
}
