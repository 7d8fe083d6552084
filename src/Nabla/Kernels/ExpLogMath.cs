using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// eˣ - 1, ln(1 + x), sinh and cosh, accurate over the whole range for float and double (written once
/// with generic math). The BCL's ExpM1 and LogP1 are exp(x) - 1 and log(1 + x), which lose every digit
/// near 0; TensorPrimitives' sinh cancels near 0 and its sinh and cosh are hundreds of ulps off for
/// large arguments (measured with System.Numerics.Tensors 10.0).
/// </summary>
/// <remarks>
/// float32 spans on AVX-512 take <see cref="FloatExpLog"/>'s single-pass kernels instead (<see cref="IBlockKernel.Single"/>).
/// Each function is a correction applied to an exponential and a logarithm (Kahan's and Goldberg's
/// tricks): the span forms take those from TensorPrimitives a block at a time, so the block stays in L1,
/// and apply the correction with <see cref="Vector{T}"/>; the scalar forms apply the same correction to
/// <c>T.Exp</c> and <c>T.Log</c>.
/// </remarks>
internal static class ExpLogMath
{
    private const int Block = 256;

    /// <summary>ln(1 + x): with u = 1 + x rounded, ln u · x/(u - 1) cancels the rounding of u (Goldberg).</summary>
    public static T Log1p<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T u = T.One + x;
        return Log1pKernel.Finish(x, u, T.Log(u));
    }

    /// <summary>eˣ - 1: with u = eˣ rounded, (u - 1) · x/ln u cancels the rounding of u (Kahan).</summary>
    public static T Expm1<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T u = T.Exp(x);
        return Expm1Kernel.Finish(x, u, T.Log(u));
    }

    /// <summary>sinh x = (E + E/(E + 1))/2 with E = e^|x| - 1, the sign put back: no cancellation anywhere.</summary>
    public static T Sinh<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = T.Abs(x);
        if (a > Limits<T>.NearExpOverflow) return T.CopySign(HalfSquare(T.Exp(a / Limits<T>.Two)), x);
        T u = T.Exp(a);
        return SinhKernel.Finish(x, u, T.Log(u));
    }

    /// <summary>cosh x = (u + 1/u)/2 with u = e^|x|: two positive terms.</summary>
    public static T Cosh<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = T.Abs(x);
        if (a > Limits<T>.NearExpOverflow) return HalfSquare(T.Exp(a / Limits<T>.Two));
        return CoshKernel.Finish(x, T.Exp(a), T.Zero);
    }

    // e^a/2 as (w/2)·w with w = e^(a/2), for the stretch where e^a overflows but e^a/2 does not.
    private static T HalfSquare<T>(T w) where T : unmanaged, IFloatingPointIeee754<T> => w / Limits<T>.Two * w;

    /// <summary>y = ln(1 + x) over spans.</summary>
    public static void Log1p<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => Run<Log1pKernel, T>(x, y);

    /// <summary>y = eˣ - 1 over spans.</summary>
    public static void Expm1<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => Run<Expm1Kernel, T>(x, y);

    /// <summary>y = sinh x over spans.</summary>
    public static void Sinh<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => Run<SinhKernel, T>(x, y);

    /// <summary>y = cosh x over spans.</summary>
    public static void Cosh<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => Run<CoshKernel, T>(x, y);

    /// <summary>
    /// A function computed as Finish(x, a, b), where a and b come from x by TensorPrimitives calls
    /// (an exponential and its logarithm, say). Lanes with |x| above <see cref="ScalarAbove{T}"/> take the
    /// scalar path (the overflow stretch of sinh and cosh).
    /// </summary>
    private interface IBlockKernel
    {
        static abstract void Prepare<T>(ReadOnlySpan<T> x, Span<T> a, Span<T> b) where T : unmanaged, IFloatingPointIeee754<T>;
        static abstract T Finish<T>(T x, T a, T b) where T : unmanaged, IFloatingPointIeee754<T>;
        static abstract Vector<T> Finish<T>(Vector<T> x, Vector<T> a, Vector<T> b) where T : unmanaged, IFloatingPointIeee754<T>;
        static abstract T ScalarAbove<T>() where T : unmanaged, IFloatingPointIeee754<T>;
        static abstract T Scalar<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>;

        /// <summary>The whole span in float32 by <see cref="FloatExpLog"/>, where it runs (AVX-512).</summary>
        static abstract void Single(ReadOnlySpan<float> x, Span<float> y);
    }

    private static void Run<TK, T>(ReadOnlySpan<T> x, Span<T> y) where TK : IBlockKernel where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length < x.Length) throw new ArgumentException("y is shorter than x.");
        if (typeof(T) == typeof(float) && FloatExpLog.IsAccelerated)
        {
            TK.Single(Fp.F(x), Fp.F(y)[..x.Length]);
            return;
        }
        Span<T> a = stackalloc T[Block];
        Span<T> b = stackalloc T[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            var xs = x.Slice(start, n);
            TK.Prepare(xs, a[..n], b[..n]);   // before y is written: y may be x
            FinishBlock<TK, T>(xs, a[..n], b[..n], y.Slice(start, n));
        }
    }

    private static void FinishBlock<TK, T>(ReadOnlySpan<T> x, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where TK : IBlockKernel where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0, w = Vector<T>.Count;
        T edge = TK.ScalarAbove<T>();
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i <= x.Length - w; i += w)
            {
                var v = Vector.LoadUnsafe(ref xr, (nuint)i);
                var r = TK.Finish(v, Vector.LoadUnsafe(ref ar, (nuint)i), Vector.LoadUnsafe(ref br, (nuint)i));
                r.StoreUnsafe(ref yr, (nuint)i);
                if (Vector.GreaterThanAny(Vector.Abs(v), Vector.Create(edge)))
                    for (int j = i; j < i + w; j++)
                        if (T.Abs(x[j]) > edge) y[j] = TK.Scalar(x[j]);
            }
        for (; i < x.Length; i++) y[i] = T.Abs(x[i]) > edge ? TK.Scalar(x[i]) : TK.Finish(x[i], a[i], b[i]);
    }

    private readonly struct Log1pKernel : IBlockKernel
    {
        public static void Prepare<T>(ReadOnlySpan<T> x, Span<T> u, Span<T> logU) where T : unmanaged, IFloatingPointIeee754<T>
        {
            TensorPrimitives.Add(x, T.One, u);
            TensorPrimitives.Log(u, logU);
        }

        // x below half an ulp of 1 (u = 1) is its own ln(1 + x), -0 included; x/(u - 1) ≈ 1 is taken first so
        // that ln u · x cannot overflow; u = ∞ only for x = ∞.
        public static T Finish<T>(T x, T u, T logU) where T : unmanaged, IFloatingPointIeee754<T>
            => u == T.One ? x : T.IsPositiveInfinity(u) ? u : logU * (x / (u - T.One));

        public static Vector<T> Finish<T>(Vector<T> x, Vector<T> u, Vector<T> logU) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var r = Vector.ConditionalSelect(Vector.Equals(u, Vector.Create(T.PositiveInfinity)), u, logU * (x / (u - Vector<T>.One)));
            return Vector.ConditionalSelect(Vector.Equals(u, Vector<T>.One), x, r);
        }

        public static T ScalarAbove<T>() where T : unmanaged, IFloatingPointIeee754<T> => T.PositiveInfinity;

        public static T Scalar<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => Log1p(x);

        public static void Single(ReadOnlySpan<float> x, Span<float> y) => FloatExpLog.Log1p(x, y);
    }

    private readonly struct Expm1Kernel : IBlockKernel
    {
        public static void Prepare<T>(ReadOnlySpan<T> x, Span<T> u, Span<T> logU) where T : unmanaged, IFloatingPointIeee754<T>
        {
            TensorPrimitives.Exp(x, u);
            TensorPrimitives.Log(u, logU);
        }

        // u = 1: x is its own eˣ - 1 (-0 included); u - 1 = -1: eˣ is below half an ulp of 1; u = ∞: overflow.
        // Otherwise (u - 1)·x/ln u: u - 1 is exact near 1, and x/ln u absorbs the rounding of u.
        public static T Finish<T>(T x, T u, T logU) where T : unmanaged, IFloatingPointIeee754<T>
        {
            T um1 = u - T.One;
            return u == T.One ? x : um1 == T.NegativeOne ? um1 : T.IsPositiveInfinity(u) ? u : um1 * (x / logU);
        }

        public static Vector<T> Finish<T>(Vector<T> x, Vector<T> u, Vector<T> logU) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var um1 = u - Vector<T>.One;
            var r = um1 * (x / logU);
            r = Vector.ConditionalSelect(Vector.Equals(u, Vector.Create(T.PositiveInfinity)), u, r);
            r = Vector.ConditionalSelect(Vector.Equals(um1, Vector.Create(T.NegativeOne)), um1, r);
            return Vector.ConditionalSelect(Vector.Equals(u, Vector<T>.One), x, r);
        }

        public static T ScalarAbove<T>() where T : unmanaged, IFloatingPointIeee754<T> => T.PositiveInfinity;

        public static T Scalar<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => Expm1(x);

        public static void Single(ReadOnlySpan<float> x, Span<float> y) => FloatExpLog.Expm1(x, y);
    }

    private readonly struct SinhKernel : IBlockKernel
    {
        public static void Prepare<T>(ReadOnlySpan<T> x, Span<T> u, Span<T> logU) where T : unmanaged, IFloatingPointIeee754<T>
        {
            TensorPrimitives.Abs(x, u);
            TensorPrimitives.Exp(u, u);
            TensorPrimitives.Log(u, logU);
        }

        public static T Finish<T>(T x, T u, T logU) where T : unmanaged, IFloatingPointIeee754<T>
        {
            T e = Expm1Kernel.Finish(T.Abs(x), u, logU);
            return T.CopySign((e + e / (e + T.One)) / Limits<T>.Two, x);
        }

        public static Vector<T> Finish<T>(Vector<T> x, Vector<T> u, Vector<T> logU) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var e = Expm1Kernel.Finish(Vector.Abs(x), u, logU);
            return Vector.CopySign((e + e / (e + Vector<T>.One)) / Vector.Create(Limits<T>.Two), x);
        }

        public static T ScalarAbove<T>() where T : unmanaged, IFloatingPointIeee754<T> => Limits<T>.NearExpOverflow;

        public static T Scalar<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => Sinh(x);

        public static void Single(ReadOnlySpan<float> x, Span<float> y) => FloatExpLog.Sinh(x, y);
    }

    private readonly struct CoshKernel : IBlockKernel
    {
        public static void Prepare<T>(ReadOnlySpan<T> x, Span<T> u, Span<T> unused) where T : unmanaged, IFloatingPointIeee754<T>
        {
            TensorPrimitives.Abs(x, u);
            TensorPrimitives.Exp(u, u);
        }

        public static T Finish<T>(T x, T u, T unused) where T : unmanaged, IFloatingPointIeee754<T> => u / Limits<T>.Two + Limits<T>.Half / u;

        public static Vector<T> Finish<T>(Vector<T> x, Vector<T> u, Vector<T> unused) where T : unmanaged, IFloatingPointIeee754<T>
            => u / Vector.Create(Limits<T>.Two) + Vector.Create(Limits<T>.Half) / u;

        public static T ScalarAbove<T>() where T : unmanaged, IFloatingPointIeee754<T> => Limits<T>.NearExpOverflow;

        public static T Scalar<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => Cosh(x);

        public static void Single(ReadOnlySpan<float> x, Span<float> y) => FloatExpLog.Cosh(x, y);
    }
}

/// <summary>Constants of a floating type, computed once per type.</summary>
internal static class Limits<T> where T : IFloatingPointIeee754<T>
{
    public static readonly T Two = T.One + T.One;

    public static readonly T Half = T.One / Two;

    /// <summary>One below ln of the largest finite value: above it eˣ overflows or comes close (TensorPrimitives' exp may overflow a little early).</summary>
    public static readonly T NearExpOverflow = T.Log(T.BitDecrement(T.PositiveInfinity)) - T.One;

    /// <summary>ln 2 in T.</summary>
    public static readonly T Ln2 = T.Log(Two);
}
