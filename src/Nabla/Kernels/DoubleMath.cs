using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// Double-precision span functions where <c>TensorPrimitives</c> is not accurate enough: its tanh is
/// computed as (e²ˣ - 1)/(e²ˣ + 1), which cancels near 0 (tanh 1e-10 came out 8e-8 relatively wrong,
/// tanh 1e-20 as -0; measured with System.Numerics.Tensors 10.0). PyTorch's results are accurate there.
/// </summary>
internal static class DoubleMath
{
    private const double SmallTanh = 0.625;   // below it the rational form; above it 1 - 2/(e²ˣ + 1) has no cancellation
    private const int Block = 256;            // elements per pass: the e²ˣ buffer stays in L1

    /// <summary>tanh x within 2 ulps of <c>Math.Tanh</c> (Cephes' rational form x + x³·P(x²)/Q(x²) below 0.625).</summary>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y)
    {
        if (y.Length < x.Length) throw new ArgumentException("y is shorter than x.");
        Span<double> e = stackalloc double[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            var xs = x.Slice(start, Math.Min(Block, x.Length - start));
            var ys = y.Slice(start, xs.Length);
            var es = e[..xs.Length];
            TensorPrimitives.Abs(xs, es);
            TensorPrimitives.Multiply(es, 2.0, es);
            TensorPrimitives.Exp(es, es);
            TanhBlock(xs, es, ys);
        }
    }

    // y = sign(x)·(1 - 2/(e + 1)) above the threshold, the rational form below, with e = e^(2|x|).
    private static void TanhBlock(ReadOnlySpan<double> x, ReadOnlySpan<double> e, Span<double> y)
    {
        int i = 0, w = Vector<double>.Count;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double er = ref MemoryMarshal.GetReference(e);
        ref double yr = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated)
            for (; i <= x.Length - w; i += w)
            {
                var v = Vector.LoadUnsafe(ref xr, (nuint)i);
                var a = Vector.Abs(v);
                var large = Vector<double>.One - Vector.Create(2.0) / (Vector.LoadUnsafe(ref er, (nuint)i) + Vector<double>.One);
                var z = v * v;
                var small = v + v * z * P(z) / Q(z);
                var result = Vector.ConditionalSelect(Vector.GreaterThan(a, Vector.Create(SmallTanh)), Vector.CopySign(large, v), small);
                Vector.ConditionalSelect(Vector.Equals(v, Vector<double>.Zero), v, result).StoreUnsafe(ref yr, (nuint)i);   // tanh ±0 = ±0
            }
        for (; i < x.Length; i++) y[i] = Tanh(x[i], e[i]);
    }

    private static double Tanh(double x, double e2a)
    {
        if (x == 0) return x;
        if (Math.Abs(x) > SmallTanh) return Math.CopySign(1 - 2 / (e2a + 1), x);
        double z = x * x;
        return x + x * z * P(z) / Q(z);
    }

    // Cephes tanh.c's coefficients (S. L. Moshier): P = P0·z² + P1·z + P2, Q = z³ + Q0·z² + Q1·z + Q2.
    private const double P0 = -9.64399179425052238628E-1, P1 = -9.92877231001918586564E1, P2 = -1.61468768441708447952E3;
    private const double Q0 = 1.12811678491632931402E2, Q1 = 2.23548839060100448583E3, Q2 = 4.84406305325125486048E3;

    private static double P(double z) => (z * P0 + P1) * z + P2;

    private static double Q(double z) => ((z + Q0) * z + Q1) * z + Q2;

    private static Vector<double> P(Vector<double> z) => (z * Vector.Create(P0) + Vector.Create(P1)) * z + Vector.Create(P2);

    private static Vector<double> Q(Vector<double> z) => ((z + Vector.Create(Q0)) * z + Vector.Create(Q1)) * z + Vector.Create(Q2);
}
