using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// z = g·(Φ(x) + x·φ(x)), the exact GELU's backward in one pass (it was ~11 tensor ops), computed in double
/// precision on <see cref="VectorErf"/>'s kernels; the scalar form runs the same code on a broadcast vector.
/// </summary>
internal readonly struct GeluGradOp : IFloatBinaryOp<GeluGradOp>
{
    private const double Sqrt1_2 = 0.7071067811865476;      // 1/√2
    private const double InvSqrt2Pi = 0.3989422804014327;   // 1/√(2π)

    public static T Apply<T>(T g, T x) where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateTruncating(At(double.CreateTruncating(g), double.CreateTruncating(x)));

    public static void Apply<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length < g.Length || z.Length < g.Length) throw new ArgumentException("x or z is shorter than g.");
        if (VectorErf.IsAccelerated && typeof(T) == typeof(double)) MapDouble(Fp.D(g), Fp.D(x), Fp.D(z));
        else if (VectorErf.IsAccelerated && typeof(T) == typeof(float)) MapFloat(Fp.F(g), Fp.F(x), Fp.F(z));
        else for (int i = 0; i < g.Length; i++) z[i] = Apply(g[i], x[i]);
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

    private static void MapDouble(ReadOnlySpan<double> g, ReadOnlySpan<double> x, Span<double> z)
    {
        ref double gr = ref MemoryMarshal.GetReference(g);
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double zr = ref MemoryMarshal.GetReference(z);
        int i = 0;
        for (; i <= g.Length - Vector512<double>.Count; i += Vector512<double>.Count)
            (Vector512.LoadUnsafe(ref gr, (nuint)i) * Derivative(Vector512.LoadUnsafe(ref xr, (nuint)i))).StoreUnsafe(ref zr, (nuint)i);
        for (; i < g.Length; i++) z[i] = At(g[i], x[i]);
    }

    private static void MapFloat(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> z)
    {
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float zr = ref MemoryMarshal.GetReference(z);
        int i = 0;
        for (; i <= g.Length - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            var (gLower, gUpper) = Vector512.Widen(Vector512.LoadUnsafe(ref gr, (nuint)i));
            var (xLower, xUpper) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, (nuint)i));
            Vector512.Narrow(gLower * Derivative(xLower), gUpper * Derivative(xUpper)).StoreUnsafe(ref zr, (nuint)i);
        }
        for (; i < g.Length; i++) z[i] = (float)At(g[i], x[i]);
    }
}
