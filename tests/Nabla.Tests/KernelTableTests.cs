using System.Numerics;
using System.Reflection;
using System.Runtime.Intrinsics;
using Nabla.Kernels;

namespace Nabla.Tests;

/// <summary>
/// The kernel table: every elementwise operator struct, its span (vector) path against its scalar
/// path, at every length from 0 to 3·<c>Vector512&lt;float&gt;.Count</c> + 1 (so every vector width,
/// its multiples and a tail are exercised), on inputs that mix NaN, infinities, signed zeros,
/// subnormals and the edges of the functions' ranges with ordinary values. The dtypes are the ones
/// the op runs on: float and double for all, and int32/int64 for the ops that take integers.
/// </summary>
public sealed class KernelTableTests
{
    private static readonly int MaxLength = 3 * Vector512<float>.Count + 1;

    /// <summary>One row: the op struct it covers, and the check of its span forms against its scalar form.</summary>
    public sealed record KernelCase(string Name, Type Op, Action Check)
    {
        public override string ToString() => Name;
    }

    // Tolerances in units in the last place: an op whose span path is another algorithm than its scalar
    // path (TensorPrimitives' or Nabla's own vector code against the BCL's scalar function) may differ
    // by a few ulps; a flushing op may give 0 where the scalar path gives a subnormal.
    private static KernelCase Unary<TOp>(string name, int floatUlps = 0, int doubleUlps = 0, bool integers = false, bool flushes = false)
        where TOp : IUnaryOp
        => new(name, typeof(TOp), () =>
        {
            CheckUnary<TOp, float>(Pools.Float, floatUlps, flushes);
            CheckUnary<TOp, double>(Pools.Double, doubleUlps, flushes);
            if (!integers) return;
            CheckUnary<TOp, int>(Pools.Int, 0, false);
            CheckUnary<TOp, long>(Pools.Long, 0, false);
        });

    private static KernelCase Float<TOp>(string name, int floatUlps = 0, int doubleUlps = 0, bool flushes = false) where TOp : IFloatUnaryOp<TOp>
        => Unary<FloatUnary<TOp>>(name, floatUlps, doubleUlps, integers: false, flushes) with { Op = typeof(TOp) };

    private static KernelCase Binary<TOp>(string name, int floatUlps = 0, int doubleUlps = 0, bool integers = true, bool nonZeroDivisor = false)
        where TOp : IBinaryOp
        => new(name, typeof(TOp), () =>
        {
            CheckBinary<TOp, float>(Pools.Float, Pools.Float, floatUlps);
            CheckBinary<TOp, double>(Pools.Double, Pools.Double, doubleUlps);
            if (!integers) return;
            CheckBinary<TOp, int>(Pools.Int, nonZeroDivisor ? Pools.NonZeroInt : Pools.Int, 0);
            CheckBinary<TOp, long>(Pools.Long, nonZeroDivisor ? Pools.NonZeroLong : Pools.Long, 0);
        });

    private static KernelCase FloatBinary<TOp>(string name, int floatUlps = 0, int doubleUlps = 0) where TOp : IFloatBinaryOp<TOp>
        => Binary<FloatBinary<TOp>>(name, floatUlps, doubleUlps, integers: false) with { Op = typeof(TOp) };

    private static KernelCase Integer<TOp>(string name) where TOp : IIntegerBinaryOp<TOp>
        => new(name, typeof(TOp), () =>
        {
            CheckBinary<IntegerBinary<TOp>, int>(Pools.Int, Pools.Int, 0);
            CheckBinary<IntegerBinary<TOp>, long>(Pools.Long, Pools.Long, 0);
            CheckBinary<IntegerBinary<TOp>, byte>(Pools.Bool, Pools.Bool, 0);
        });

    private static KernelCase Bits<TOp>(string name) where TOp : IUnaryOp
        => new(name, typeof(TOp), () =>
        {
            CheckUnary<TOp, int>(Pools.Int, 0, false);
            CheckUnary<TOp, long>(Pools.Long, 0, false);
            CheckUnary<TOp, byte>(Pools.Bool, 0, false);
        });

    private static KernelCase Ternary<TOp>(string name, bool integers) where TOp : ITernaryOp
        => new(name, typeof(TOp), () =>
        {
            CheckTernary<TOp, float>(Pools.Float);
            CheckTernary<TOp, double>(Pools.Double);
            if (!integers) return;
            CheckTernary<TOp, int>(Pools.Int);
            CheckTernary<TOp, long>(Pools.Long);
        });

    /// <summary>Every elementwise operator, in the order of the kernel files.</summary>
    public static readonly KernelCase[] All =
    [
        Unary<NegOp>("neg", integers: true),
        Unary<AbsOp>("abs", integers: true),
        Unary<SignOp>("sign", integers: true),
        Unary<ReluOp>("relu", integers: true),
        Float<ExpOp>("exp", floatUlps: 2, doubleUlps: 2, flushes: true),
        Float<LogOp>("log", floatUlps: 1, doubleUlps: 1),
        Float<SqrtOp>("sqrt"),
        Float<SinOp>("sin", floatUlps: 1, doubleUlps: 1),
        Float<CosOp>("cos", floatUlps: 1, doubleUlps: 1),
        Float<TanhOp>("tanh", floatUlps: 3, doubleUlps: 2, flushes: true),
        Float<SigmoidOp>("sigmoid", floatUlps: 3, doubleUlps: 3, flushes: true),
        Float<AtanOp>("atan"),
        Float<ErfOp>("erf"),
        Float<GeluOp>("gelu"),
        FloatBinary<GeluGradOp>("gelu_grad"),
        Binary<AddOp>("add"),
        Binary<SubOp>("sub"),
        Binary<MulOp>("mul"),
        Binary<DivOp>("div", nonZeroDivisor: true),
        Binary<ReluGradOp>("relu_grad"),
        Binary<MaximumOp>("maximum"),
        Binary<MinimumOp>("minimum"),
        Binary<PowOp>("pow", floatUlps: 1, doubleUlps: 1),
        FloatBinary<FloatPowOp>("pow (float)", floatUlps: 1, doubleUlps: 1),
        FloatBinary<Atan2Op>("atan2", floatUlps: 1, doubleUlps: 1),
        // issue 10 part 2. Where the span form is TensorPrimitives or Nabla's vector code and the scalar form
        // the BCL, they may differ by the few ulps that each is from the exact value.
        Float<TanOp>("tan", floatUlps: 2, doubleUlps: 2),
        Float<AsinOp>("asin", floatUlps: 1, doubleUlps: 1),
        Float<AcosOp>("acos", floatUlps: 1, doubleUlps: 1),
        Float<AsinhOp>("asinh", floatUlps: 1, doubleUlps: 1),
        Float<AcoshOp>("acosh", floatUlps: 2, doubleUlps: 2),
        Float<AtanhOp>("atanh", floatUlps: 2, doubleUlps: 2),
        Float<Log1pOp>("log1p", floatUlps: 2, doubleUlps: 2),
        Float<Expm1Op>("expm1", floatUlps: 3, doubleUlps: 3),
        Float<SinhOp>("sinh", floatUlps: 3, doubleUlps: 3),
        Float<CoshOp>("cosh", floatUlps: 3, doubleUlps: 3),
        Float<Exp2Op>("exp2", floatUlps: 3, doubleUlps: 3),
        Float<Log2Op>("log2", floatUlps: 4, doubleUlps: 4),     // TensorPrimitives.Log2 measured up to 4 ulps from the BCL's near 1
        Float<Log10Op>("log10", floatUlps: 4, doubleUlps: 4),   // likewise
        Float<RsqrtOp>("rsqrt", floatUlps: 1, doubleUlps: 1),
        Float<ErfcOp>("erfc"),
        Float<ErfInvOp>("erfinv", floatUlps: 1),   // float32: the vector form takes TensorPrimitives.Log, the scalar Math.Log
        Float<FloorOp>("floor"),
        Float<CeilOp>("ceil"),
        Float<RoundOp>("round"),
        Float<TruncOp>("trunc"),
        Float<FracOp>("frac"),
        FloatBinary<HypotOp>("hypot", floatUlps: 1, doubleUlps: 1),
        FloatBinary<CopySignOp>("copysign"),
        FloatBinary<XLogYOp>("xlogy", floatUlps: 1, doubleUlps: 1),
        // max(x, y) + ln(1 + e^-|x-y|) cancels where the result is small next to x and y: the 1-2 ulp differences
        // of the two exp/log implementations in the correction grow by max/result in ulps of the result.
        FloatBinary<LogAddExpOp>("logaddexp", floatUlps: 8, doubleUlps: 8),
        FloatBinary<LogAddExp2Op>("logaddexp2", floatUlps: 8, doubleUlps: 8),
        FloatBinary<LogitOp>("logit", floatUlps: 2, doubleUlps: 2),
        Binary<FmaxOp>("fmax"),
        Binary<FminOp>("fmin"),
        Binary<FmodOp>("fmod", nonZeroDivisor: true),
        Binary<RemainderOp>("remainder", nonZeroDivisor: true),
        Integer<BitwiseAndOp>("bitwise_and"),
        Integer<BitwiseOrOp>("bitwise_or"),
        Integer<BitwiseXorOp>("bitwise_xor"),
        Bits<BitwiseNotOp>("bitwise_not"),
        Ternary<LerpOp>("lerp", integers: false),
        Ternary<AddcmulOp>("addcmul", integers: true),
        Ternary<AddcdivOp>("addcdiv", integers: false),
    ];

    public static TheoryData<string> Names => [.. All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void VectorPathMatchesScalarPath(string name) => All.Single(c => c.Name == name).Check();

    [Fact]
    public void EveryOperatorStructIsInTheTable()
    {
        var covered = All.Select(c => c.Op).ToHashSet();
        var ops = typeof(Tensor).Assembly.GetTypes().Where(t => t.IsValueType && !t.IsGenericTypeDefinition && IsOperator(t)).ToList();
        Assert.NotEmpty(ops);
        var missing = ops.Where(t => !covered.Contains(t)).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, $"operator structs without a row in the kernel table: {string.Join(", ", missing)}");
    }

    [Fact]
    public void TheCheckFailsForAVectorPathThatDisagrees()
    {
        var error = Assert.ThrowsAny<Exception>(() => CheckUnary<OffByOneUlpInTheVectorPath, float>(Pools.Float, 0, false));
        Assert.Contains("scalar path", error.Message);
    }

    private static bool IsOperator(Type t) => t.GetInterfaces().Any(i =>
        i == typeof(IUnaryOp) || i == typeof(IBinaryOp) || i == typeof(ITernaryOp)
        || i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IFloatUnaryOp<>) || i.GetGenericTypeDefinition() == typeof(IFloatBinaryOp<>)
            || i.GetGenericTypeDefinition() == typeof(IIntegerBinaryOp<>)))
        && t.Namespace == "Nabla.Kernels" && !IsBridge(t.Name);

    // The structs that adapt a float or integer op to the driver's interfaces: covered through the ops they carry.
    private static bool IsBridge(string name) => name.StartsWith("FloatUnary", StringComparison.Ordinal)
        || name.StartsWith("FloatBinary", StringComparison.Ordinal) || name.StartsWith("IntegerBinary", StringComparison.Ordinal);

    private static void CheckUnary<TOp, T>(T[] pool, int ulps, bool flushes) where TOp : IUnaryOp where T : unmanaged, INumber<T>
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            var x = Draw(pool, n, 0);
            var y = new T[n];
            TOp.Apply<T>(x, y);
            for (int i = 0; i < n; i++) Agree(TOp.Apply(x[i]), y[i], ulps, flushes, $"{typeof(TOp).Name}<{typeof(T).Name}> at length {n}, index {i}, x = {x[i]}");
        }
    }

    private static void CheckBinary<TOp, T>(T[] left, T[] right, int ulps) where TOp : IBinaryOp where T : unmanaged, INumber<T>
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            var x = Draw(left, n, 0);
            var y = Draw(right, n, 5);
            var z = new T[n];
            TOp.Apply<T>(x, y, z);
            for (int i = 0; i < n; i++) Agree(TOp.Apply(x[i], y[i]), z[i], ulps, false, $"{typeof(TOp).Name}<{typeof(T).Name}> at length {n}, index {i}, x = {x[i]}, y = {y[i]}");
            if (n == 0) continue;
            T scalar = y[n / 2];
            TOp.Apply<T>(x, scalar, z);
            for (int i = 0; i < n; i++) Agree(TOp.Apply(x[i], scalar), z[i], ulps, false, $"{typeof(TOp).Name}<{typeof(T).Name}>(span, {scalar}) at length {n}, index {i}, x = {x[i]}");
            T first = x[n / 2];
            TOp.Apply<T>(first, y, z);
            for (int i = 0; i < n; i++) Agree(TOp.Apply(first, y[i]), z[i], ulps, false, $"{typeof(TOp).Name}<{typeof(T).Name}>({first}, span) at length {n}, index {i}, y = {y[i]}");
        }
    }

    // The span form (w full-length, then w one broadcast number) against the scalar form.
    private static void CheckTernary<TOp, T>(T[] pool) where TOp : ITernaryOp where T : unmanaged, INumber<T>
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            var (x, y, w) = (Draw(pool, n, 0), Draw(pool, n, 5), Draw(pool, n, 11));
            T value = pool[n % pool.Length];
            var r = new T[n];
            Nabla.Kernels.Ternary.Apply<TOp, T>(x, y, w, value, r);
            for (int i = 0; i < n; i++)
                Agree(TOp.Apply(x[i], y[i], w[i], value), r[i], 0, false, $"{typeof(TOp).Name}<{typeof(T).Name}> at length {n}, index {i}, x = {x[i]}, y = {y[i]}, w = {w[i]}, value = {value}");
            if (n == 0) continue;
            T scalar = w[n / 2];
            Nabla.Kernels.Ternary.Apply<TOp, T>(x, y, [scalar], value, r);
            for (int i = 0; i < n; i++)
                Agree(TOp.Apply(x[i], y[i], scalar, value), r[i], 0, false, $"{typeof(TOp).Name}<{typeof(T).Name}>(w = {scalar}) at length {n}, index {i}, x = {x[i]}, y = {y[i]}");
        }
    }

    // n values from the pool, starting at a different place for each length, so that every special
    // value passes through vector lanes and tails.
    private static T[] Draw<T>(T[] pool, int n, int shift)
    {
        var x = new T[n];
        for (int i = 0; i < n; i++) x[i] = pool[(i * 7 + n * 3 + shift) % pool.Length];
        return x;
    }

    private static void Agree<T>(T expected, T actual, int ulps, bool flushes, string where) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float) && UlpsApart(Fp.F(expected), Fp.F(actual), flushes) <= ulps) return;
        if (typeof(T) == typeof(double) && UlpsApart(Fp.D(expected), Fp.D(actual), flushes) <= ulps) return;
        if (!Fp.IsFloat<T>() && expected == actual) return;
        Assert.Fail($"{where}: scalar path {expected}, vector path {actual}");
    }

    // Bit-pattern distance (so +0 and -0 are one apart, NaN only matches NaN); a flushing op may give
    // a zero of either sign where the scalar path gives a subnormal.
    private static long UlpsApart(double a, double b, bool flushes)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
        if (flushes && (Math.Abs(a) < 2.2250738585072014E-308 || Math.Abs(b) < 2.2250738585072014E-308) && Math.Abs(a - b) < 1e-300) return 0;
        return Ordered(BitConverter.DoubleToInt64Bits(a)) - Ordered(BitConverter.DoubleToInt64Bits(b)) is var d && d < 0 ? -d : d;
    }

    private static long UlpsApart(float a, float b, bool flushes)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
        if (flushes && (Math.Abs(a) < 1.17549435e-38f || Math.Abs(b) < 1.17549435e-38f) && Math.Abs(a - b) < 1.17549435e-38f) return 0;
        return Math.Abs((long)Ordered(BitConverter.SingleToInt32Bits(a)) - Ordered(BitConverter.SingleToInt32Bits(b)));
    }

    // IEEE bit patterns mapped to a monotonic integer line (negative floats count down from -0).
    private static long Ordered(long bits) => bits < 0 ? long.MinValue - bits : bits;

    private static int Ordered(int bits) => bits < 0 ? int.MinValue - bits : bits;

    /// <summary>A vector path that is one ulp off: the table's check must catch it.</summary>
    private readonly struct OffByOneUlpInTheVectorPath : IUnaryOp
    {
        public static T Apply<T>(T x) where T : unmanaged, INumber<T> => x;

        public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
        {
            for (int i = 0; i < x.Length; i++) y[i] = typeof(T) == typeof(float) && x[i] != T.Zero ? Fp.T<T>(MathF.BitIncrement(Fp.F(x[i]))) : x[i];
        }
    }

    /// <summary>The inputs: special values and the edges of the functions' ranges, then ordinary values.</summary>
    private static class Pools
    {
        private static readonly double[] Special =
        [
            0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1, -1, 0.5, -0.5, 2, 3,
            1e-310, -1e-310, 1e-40, -1e-40, 1e-8, -1e-8, 88.7, 89, -87, -104, 710, -745, 9, -9, 20, -20, Math.PI, 1e30, -1e30,
        ];

        private static readonly double[] Ordinary = [.. Enumerable.Range(0, 71).Select(i => Math.Sin(i * 1.7) * (i % 5 == 0 ? 30 : 4))];

        public static readonly double[] Double = [.. Special, .. Ordinary];

        public static readonly float[] Float = [.. Special.Select(v => (float)v), .. Ordinary.Select(v => (float)v), float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue];

        public static readonly int[] Int = [0, 1, -1, 2, 3, -7, 100, int.MaxValue, int.MinValue, .. Enumerable.Range(0, 40).Select(i => (i * 37) % 23 - 11)];

        public static readonly long[] Long = [0, 1, -1, 2, 3, -7, 100, long.MaxValue, long.MinValue, .. Enumerable.Range(0, 40).Select(i => (long)((i * 37) % 23 - 11))];

        public static readonly byte[] Bool = [0, 1, 1, 0, 0, 0, 1];

        public static readonly int[] NonZeroInt = [.. Int.Where(v => v != 0 && v != -1)];   // int.MinValue / -1 overflows in C#, as in C

        public static readonly long[] NonZeroLong = [.. Long.Where(v => v != 0 && v != -1)];
    }
}
