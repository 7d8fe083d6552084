namespace Nabla.Tests;

/// <summary>
/// prod, var/std, var_mean/std_mean, logsumexp, amax/amin, all/any, count_nonzero, nansum/nanmean: values
/// and dtypes against what PyTorch prints for the same calls, conventions (ties, zeros, NaN), errors.
/// </summary>
public sealed class ReductionsMoreTests
{
    private static readonly Tensor X = Tensor.FromArray(new double[] { 1.5, -2, 3, 0.5, 4, -1 }, [2, 3]);

    /// <summary>Values and shape, each value within <paramref name="tolerance"/> (NaN matches NaN).</summary>
    internal static void Expect(Tensor actual, double[] values, int[] shape, double tolerance = 1e-12)
    {
        Assert.Equal(shape, actual.Shape.ToArray());
        var got = actual.To(DType.Float64).ToArray<double>();
        Assert.Equal(values.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
            Assert.True(double.IsNaN(values[i]) ? double.IsNaN(got[i]) : values[i] == got[i] || Math.Abs(values[i] - got[i]) <= tolerance * Math.Max(1, Math.Abs(values[i])),
                $"element {i}: expected {values[i]}, got {got[i]}");
    }

    private static Tensor Leaf(double[] values, params int[] shape) => Tensor.FromArray(values, shape.Length == 0 ? [values.Length] : shape, requiresGrad: true);

    /// <summary>
    /// Whole-tensor reductions of a large contiguous view (which the kernels cut into fixed chunks spread over
    /// the threads): the sum against a double-precision reference, max/min with the extreme (or a NaN) in a
    /// late chunk, and an offset view, so that chunk boundaries and the view's start both count.
    /// </summary>
    [Fact]
    public void WholeReductionsOfLargeTensors()
    {
        const int n = 300_001;
        var values = new float[n + 7];
        double reference = 0;
        for (int i = 0; i < values.Length; i++) values[i] = (int)((long)i * 7919 % 1000) / 1000f;
        for (int i = 7; i < values.Length; i++) reference += values[i];
        reference += 5 - values[250_000];
        values[250_000] = 5f;
        values[3] = 100f;   // before the view: must not count
        var view = Tensor.FromArray(values, [values.Length]).Narrow(0, 7, n);
        Assert.Equal((long)n, view.Numel);
        Assert.Equal(reference, view.Sum().Item<float>(), reference * 1e-6);
        Assert.Equal(5f, view.Max().Item<float>());
        Assert.Equal(0f, view.Min().Item<float>());
        values[290_000] = float.NaN;
        Assert.True(float.IsNaN(Tensor.FromArray(values, [values.Length]).Max().Item<float>()));
        Assert.True(float.IsNaN(Tensor.FromArray(values, [values.Length]).Sum().Item<float>()));
    }

    [Fact]
    public void ProdValuesAndDTypes()
    {
        Expect(X.Prod(), [18], []);
        Expect(X.Prod(0), [0.75, -8, -3], [3]);
        Expect(X.Prod(1, keepDim: true), [-9, -2], [2, 1]);
        Expect(X.T.Prod(-1), [0.75, -8, -3], [3]);
        var ints = Tensor.FromArray(new[] { 2, 3, 4 });
        Assert.Equal(DType.Int64, ints.Prod().DType);
        Assert.Equal(24L, ints.Prod().Item<long>());
        Assert.Equal(DType.Int64, ints.Prod(0).DType);
        Assert.Equal(0L, Tensor.FromArray(new[] { true, false }).Prod().Item<long>());
        Assert.Equal(DType.Float64, ints.Prod(dtype: DType.Float64).DType);
        Assert.Equal(1f, Tensor.Zeros(0).Prod().Item<float>());   // the empty product
        Expect(Tensor.Zeros(2, 0).Prod(1), [1, 1], [2]);
        Expect(Tensor.Scalar(5.0).Prod(0), [5], []);
    }

    [Fact]
    public void ProdGradientIsExactWithZeros()
    {
        // PyTorch 1.13: a line with two zeros gets no gradient; one zero gets the product of the others.
        var x = Leaf([2, 0, 3, 0, 4, 5, 1, 2, 0, 4, 5, 6], 2, 6);
        x.Prod(1).Backward(Tensor.FromArray([1.0, 2.0]));
        Expect(x.Grad!, [0, 0, 0, 0, 0, 0, 0, 0, 480, 0, 0, 0], [2, 6]);
        var y = Leaf([2, 3, 0.5]);
        y.Prod().Backward();
        Expect(y.Grad!, [1.5, 1, 6], [3]);
        var z = Leaf([2, 0, 3]);
        z.Prod().Backward();
        Expect(z.Grad!, [0, 6, 0], [3]);
    }

    [Fact]
    public void VarAndStdWithCorrection()
    {
        Expect(X.Var(), [5.3], []);
        Expect(X.Var(1), [6.583333333333334, 6.583333333333334], [2]);
        Expect(X.Var(0, correction: 0), [0.25, 9, 4], [3]);
        Expect(X.Var(dim: 1, correction: 1, keepDim: true), [6.583333333333334, 6.583333333333334], [2, 1]);
        Expect(X.Var([0, 1]), [5.3], []);
        Expect(X.Std(), [2.3021728866442674], []);
        Expect(X.Std(1), [2.565800719723442, 2.565800719723442], [2]);
        Expect(X.Std(0, correction: 0), [0.5, 3, 2], [3]);
        Assert.Equal(DType.Float32, X.To(DType.Float32).Var(1).DType);
        Expect(Tensor.Scalar(5.0).Var(), [double.NaN], []);         // no degrees of freedom
        Expect(Tensor.Zeros([0], DType.Float64).Var(), [double.NaN], []);
        Expect(Tensor.FromArray([3.0]).Var(correction: 0), [0], []);
        var error = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new long[] { 1, 2, 3 }).Var());
        Assert.Contains("floating point", error.Message);
        Assert.Throws<ArgumentException>(() => Tensor.FromArray(new long[] { 1, 2, 3 }).Std(0));
    }

    [Fact]
    public void Float32VarianceOfALargeOffsetIsAccurate()
    {
        // Two passes: E[x²] - E[x]² would lose every digit here (values around 1e4, spread 1).
        var values = Enumerable.Range(0, 10_000).Select(i => 10_000f + (i % 2 == 0 ? 1f : -1f)).ToArray();
        Assert.Equal(1.0001, Tensor.FromArray(values).Var().Item<float>(), 4);
    }

    [Fact]
    public void VarMeanAndStdMeanShareOneNode()
    {
        var (v, m) = Tensor.VarMean(X, 1);
        Expect(v, [6.583333333333334, 6.583333333333334], [2]);
        Expect(m, [0.8333333333333333, 1.1666666666666667], [2]);
        var (s, mean) = Tensor.StdMean(X, 0, correction: 0);
        Expect(s, [0.5, 3, 2], [3]);
        Expect(mean, [1, 1, 1], [3]);
        var x = Leaf([1.5, -2, 3, 0.5, 4, -1], 2, 3);
        var (v2, m2) = Tensor.VarMean(x, [1], keepDim: true);
        Assert.Equal("VarMeanBackward0", v2.GradFn!.Name);
        Assert.Same(v2.GradFn, m2.GradFn);
        var (s2, m3) = Tensor.StdMean(x);
        Assert.Equal("StdMeanBackward0", s2.GradFn!.Name);
        Assert.Same(s2.GradFn, m3.GradFn);
    }

    [Fact]
    public void VarMeanBackwardTakesEitherOrBothGradients()
    {
        double[] data = [1.5, -2, 3, 0.5, 4, -1];
        var x = Leaf(data, 2, 3);
        var (v, m) = Tensor.VarMean(x, 1);
        var onlyVar = Autograd.Grad(v.Sum(), x, retainGraph: true)!;
        Expect(onlyVar, Expected(x => x.Var(1).Sum()), [2, 3]);
        var onlyMean = Autograd.Grad(m.Sum(), x, retainGraph: true)!;
        Expect(onlyMean, Expected(x => x.Mean(1).Sum()), [2, 3]);
        var both = Autograd.Grad((v * m).Sum(), x)!;
        Expect(both, Expected(x => (x.Var(1) * x.Mean(1)).Sum()), [2, 3]);

        var y = Leaf(data, 2, 3);
        var (s, sm) = Tensor.StdMean(y, 0);
        Expect(Autograd.Grad((s * sm).Sum(), y)!, Expected(x => (x.Std(0) * x.Mean(0)).Sum()), [2, 3]);

        double[] Expected(Func<Tensor, Tensor> f)
        {
            var z = Leaf(data, 2, 3);
            return Autograd.Grad(f(z), z)!.ToArray<double>();
        }
    }

    [Fact]
    public void VarMeanForwardModeAndDoubleBackward()
    {
        double[] data = [1.5, -2, 3, 0.5, 4, -1];
        var tangent = Tensor.FromArray(new double[] { 1, 0, -1, 2, 1, 0.5 }, [2, 3]);
        Tensor? dv, dm;
        using (Autograd.ForwardAD.DualLevel())
        {
            var (v, m) = Tensor.VarMean(Autograd.ForwardAD.MakeDual(Tensor.FromArray(data, [2, 3]), tangent), 1);
            dv = Autograd.ForwardAD.UnpackDual(v).Tangent;
            dm = Autograd.ForwardAD.UnpackDual(m).Tangent;
        }
        // d var = 2/(N - 1)·Σ (x - mean)·t, d mean = mean of t.
        var x = Tensor.FromArray(data, [2, 3]);
        Expect(dv!, ((x - x.Mean(1, keepDim: true)) * tangent).Sum(1).ToArray<double>().Select(a => a * 2 / (3 - 1)).ToArray(), [2]);
        Expect(dm!, tangent.Mean(1).ToArray<double>(), [2]);

        // Second derivative through the node: d²(Σ var·mean)/dx², against the same built from var and mean.
        Assert.True(Autograd.GradGradCheck(xs => Product(Tensor.VarMean(xs[0], 1)), [Leaf(data, 2, 3)]));
        Assert.True(Autograd.GradGradCheck(xs => Product(Tensor.StdMean(xs[0], 1)), [Leaf(data, 2, 3)]));
        var leaf = Leaf(data, 2, 3);
        var (vv, mm) = Tensor.VarMean(leaf, 1);
        var g = Autograd.Grad((vv * mm).Sum(), leaf, createGraph: true)!;
        var h = Autograd.Grad(g.Sum(), leaf)!;
        var reference = Leaf(data, 2, 3);
        var gr = Autograd.Grad((reference.Var(1) * reference.Mean(1)).Sum(), reference, createGraph: true)!;
        Expect(h, Autograd.Grad(gr.Sum(), reference)!.ToArray<double>(), [2, 3]);

        static Tensor Product((Tensor, Tensor) p) => p.Item1 * p.Item2;
    }

    [Fact]
    public void LogSumExpIsStable()
    {
        Expect(X.LogSumExp(1), [3.2069069336734133, 4.036269565124779], [2]);
        Expect(X.LogSumExp([0, 1]), [4.398358933882533], []);
        Expect(X.LogSumExp(0, keepDim: true), [1.8132616875182228, 4.00247568513773, 3.01814992791781], [1, 3]);
        Expect(Tensor.FromArray([1000.0, 1000, -1000]).LogSumExp(0), [1000.6931471805599], []);
        Expect(Tensor.FromArray([double.NegativeInfinity, double.NegativeInfinity]).LogSumExp(0), [double.NegativeInfinity], []);
        Expect(Tensor.FromArray([double.PositiveInfinity, 1]).LogSumExp(0), [double.PositiveInfinity], []);
        Expect(Tensor.Zeros([2, 0], DType.Float64).LogSumExp(1), [double.NegativeInfinity, double.NegativeInfinity], [2]);
        var ints = Tensor.FromArray(new long[] { 1, 2, 3 }).LogSumExp(0);
        Assert.Equal(DType.Float32, ints.DType);
        Assert.Equal(3.4076059644443806, ints.Item<float>(), 5);
    }

    [Fact]
    public void AmaxAminShareTheGradientAmongTies()
    {
        var y = Leaf([3, 1, 3, 2, 2, 0], 2, 3);
        var a = y.Amax(1);
        Expect(a, [3, 2], [2]);
        a.Sum().Backward();
        Expect(y.Grad!, [0.5, 0, 0.5, 0.5, 0.5, 0], [2, 3]);
        y.Grad = null;
        y.Amin([0, 1]).Backward();
        Expect(y.Grad!, [0, 0, 0, 0, 0, 1], [2, 3]);
        y.Grad = null;
        var k = y.Amax(0, keepDim: true);
        Expect(k, [3, 2, 3], [1, 3]);
        k.Sum().Backward();
        Expect(y.Grad!, [1, 0, 1, 0, 1, 0], [2, 3]);
        Expect(Tensor.FromArray([3.0, double.NaN, 1]).Amax(), [double.NaN], []);
        Assert.Equal(DType.Int32, Tensor.FromArray(new[] { 1, 5, 2 }).Amax().DType);
        Assert.Equal(5, Tensor.FromArray(new[] { 1, 5, 2 }).Amax().Item<int>());
        Assert.True(Tensor.FromArray(new[] { true, false }).Amax().Item<bool>());
        Assert.False(Tensor.FromArray(new[] { true, false }).Amin().Item<bool>());
        Expect(Tensor.Scalar(5.0).Amax(0), [5], []);
    }

    [Fact]
    public void AmaxOfEmptyDimsThrows()
    {
        var all = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(0).Amax());
        Assert.Contains("amax(): Expected reduction dim to be specified for input.numel() == 0", all.Message);
        var dim = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 0).Amin(1));
        Assert.Equal("amin(): Expected reduction dim 1 to have non-zero size.", dim.Message);
        Assert.Equal([0], Tensor.Zeros(2, 0).Amax(0).Shape.ToArray());   // reducing a non-empty dim of an empty tensor
        Assert.Throws<ArgumentOutOfRangeException>(() => X.Amax(2));
    }

    [Fact]
    public void AllAnyAndCountNonzero()
    {
        var m = Tensor.FromArray(new double[] { 0, 1, 2, 0, 0, 3 }, [2, 3]);
        Assert.Equal(DType.Bool, m.All().DType);
        Assert.False(m.All().Item<bool>());
        Assert.True(m.Any().Item<bool>());
        Assert.Equal([false, false], m.All(1).ToArray<bool>());
        Assert.Equal([false, true, true], m.Any(0).ToArray<bool>());
        Assert.Equal([1, 3], m.All(0, keepDim: true).Shape.ToArray());
        Assert.Equal([false, false, true], m.All(0, keepDim: true).ToArray<bool>());
        Assert.True(m.Any([0, 1]).Item<bool>());
        Assert.True(Tensor.Zeros(0).All().Item<bool>());
        Assert.False(Tensor.Zeros(0).Any().Item<bool>());
        Assert.True(Tensor.FromArray([double.NaN]).All().Item<bool>());   // NaN is not zero
        Assert.True(Tensor.FromArray(new[] { 1, 2, 3 }).All().Item<bool>());
        Assert.False(Tensor.FromArray(new[] { false, false }).Any().Item<bool>());

        Assert.Equal(DType.Int64, m.CountNonzero().DType);
        Assert.Equal(3L, m.CountNonzero().Item<long>());
        Assert.Equal([2L, 1], m.CountNonzero(1).ToArray<long>());
        Assert.Equal(3L, m.CountNonzero([0, 1]).Item<long>());
        Assert.Equal(0L, Tensor.Zeros(0).CountNonzero().Item<long>());
    }

    [Fact]
    public void NanSumAndNanMeanSkipNaN()
    {
        var n = Leaf([1, double.NaN, 2, double.NaN, double.NaN, 3], 2, 3);
        var s = n.NanSum(1);
        Expect(s, [3, 3], [2]);
        s.Sum().Backward();
        Expect(n.Grad!, [1, 0, 1, 0, 0, 1], [2, 3]);
        Expect(n.NanSum(), [6], []);
        n.Grad = null;
        var mean = n.NanMean(1);
        Assert.Equal("DivBackward0", mean.GradFn!.Name);
        Expect(mean, [1.5, 3], [2]);
        mean.Sum().Backward();
        Expect(n.Grad!, [0.5, 0, 0.5, 0, 0, 1], [2, 3]);
        Expect(n.NanMean(), [2], []);
        Expect(Tensor.FromArray([double.NaN, double.NaN]).NanMean(), [double.NaN], []);
        var ints = Tensor.FromArray(new[] { 1, 2, 3 });
        Assert.Equal(DType.Int64, ints.NanSum().DType);
        Assert.Equal(6L, ints.NanSum().Item<long>());
        var error = Assert.Throws<ArgumentException>(() => ints.NanMean());
        Assert.Equal("nanmean(): expected input to have floating point dtype but got int32", error.Message);
    }
}

/// <summary>
/// The new reduce operators' span form (used on contiguous rows) against folding their pairwise form, at
/// every length from 1 past three 512-bit vectors, as the kernel table does for elementwise operators.
/// </summary>
public sealed class ReduceOpTableTests
{
    private static readonly int MaxLength = 3 * System.Runtime.Intrinsics.Vector512<float>.Count + 1;

    [Fact]
    public void SpanFormMatchesTheFold()
    {
        Check<Nabla.Kernels.ProdOp, double>(i => 1 + Math.Sin(i) / 4, exact: false);
        Check<Nabla.Kernels.ProdOp, float>(i => 1 + MathF.Sin(i) / 4, exact: false);
        Check<Nabla.Kernels.ProdOp, long>(i => i % 7 == 3 ? -1 : 1, exact: true);
        Check<Nabla.Kernels.AllOp, byte>(i => (byte)(i % 11 == 5 ? 0 : 1), exact: true);
        Check<Nabla.Kernels.AllOp, byte>(i => 1, exact: true);
        Check<Nabla.Kernels.AnyOp, byte>(i => (byte)(i % 13 == 7 ? 1 : 0), exact: true);
        Check<Nabla.Kernels.AnyOp, byte>(i => 0, exact: true);
    }

    private static void Check<TOp, T>(Func<int, T> value, bool exact) where TOp : Nabla.Kernels.IReduceOp where T : unmanaged, System.Numerics.INumber<T>
    {
        for (int n = 1; n <= MaxLength; n++)
        {
            var x = Enumerable.Range(0, n).Select(i => value(i * 3 + n)).ToArray();
            T fold = TOp.Identity<T>();
            foreach (var v in x) fold = TOp.Combine(fold, v);
            T span = TOp.Reduce<T>(x);
            double a = double.CreateTruncating(fold), b = double.CreateTruncating(span);
            Assert.True(exact ? a == b : Math.Abs(a - b) <= 1e-6 * Math.Abs(a), $"{typeof(TOp).Name}<{typeof(T).Name}> at length {n}: fold {a}, span {b}");
        }
    }
}
