namespace Nabla.Tests;

/// <summary>
/// The factories of API.md, with the dtypes PyTorch infers (metadata and read-out are in
/// TensorMetadataTests).
/// </summary>
public class FactoryTests
{
    // ---- Zeros / Ones / Empty / Full ----

    [Fact]
    public void ZerosParamsOverloadIsFloat32()
    {
        var z = Tensor.Zeros(3, 4);
        Assert.Equal(new[] { 3, 4 }, z.Shape.ToArray());
        Assert.Equal(DType.Float32, z.DType);
        Assert.Equal(new float[12], z.ToArray<float>());
        Assert.False(z.RequiresGrad);
        Assert.True(z.IsLeaf);
    }

    [Fact]
    public void ZerosWithDTypeAndRequiresGrad()
    {
        var z = Tensor.Zeros([2], DType.Int64);
        Assert.Equal(DType.Int64, z.DType);
        Assert.Equal(new long[] { 0, 0 }, z.ToArray<long>());

        var g = Tensor.Zeros([2, 1], DType.Float64, requiresGrad: true);
        Assert.Equal(DType.Float64, g.DType);
        Assert.True(g.RequiresGrad);
        Assert.True(g.IsLeaf);
        Assert.Null(g.GradFn);
    }

    [Fact]
    public void ZeroDimensionalAndEmptyShapes()
    {
        var s = Tensor.Zeros([]);
        Assert.Equal(0, s.Dim);
        Assert.Equal(1L, s.Numel);
        Assert.Equal(new float[] { 0 }, s.ToArray<float>());

        var e = Tensor.Zeros(2, 0, 3);
        Assert.Equal(new[] { 2, 0, 3 }, e.Shape.ToArray());
        Assert.Equal(0L, e.Numel);
        Assert.Empty(e.ToArray<float>());
    }

    [Fact]
    public void NegativeDimensionThrows()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, -1));
        Assert.Contains("-1", ex.Message);
    }

    [Fact]
    public void OnesAllDTypes()
    {
        Assert.Equal(new float[] { 1, 1, 1, 1 }, Tensor.Ones(2, 2).ToArray<float>());
        Assert.Equal(DType.Float32, Tensor.Ones(2, 2).DType);
        Assert.Equal(new double[] { 1, 1 }, Tensor.Ones([2], DType.Float64).ToArray<double>());
        Assert.Equal(new long[] { 1, 1, 1 }, Tensor.Ones([3], DType.Int64).ToArray<long>());
        Assert.Equal(new int[] { 1 }, Tensor.Ones([1], DType.Int32).ToArray<int>());
        Assert.Equal(new[] { true, true }, Tensor.Ones([2], DType.Bool).ToArray<bool>());
        var x = Tensor.Ones([2, 2], requiresGrad: true);
        Assert.True(x.RequiresGrad);
        Assert.True(x.IsLeaf);
    }

    [Fact]
    public void EmptyHasShapeAndDType()
    {
        var e = Tensor.Empty(2, 5);
        Assert.Equal(new[] { 2, 5 }, e.Shape.ToArray());
        Assert.Equal(DType.Float32, e.DType);
        var i = Tensor.Empty([4], DType.Int32);
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal(4L, i.Numel);
        Assert.True(Tensor.Empty([3], requiresGrad: true).RequiresGrad);
    }

    [Fact]
    public void FullWithDoubleIsFloat32()
    {
        var f = Tensor.Full([2, 3], 7.5);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new[] { 2, 3 }, f.Shape.ToArray());
        Assert.Equal(Enumerable.Repeat(7.5f, 6).ToArray(), f.ToArray<float>());
    }

    [Fact]
    public void FullWithIntegerIsInt64()
    {
        // torch.full((2,), 3) is int64: an int literal picks the long overload.
        var f = Tensor.Full([2], 3);
        Assert.Equal(DType.Int64, f.DType);
        Assert.Equal(new long[] { 3, 3 }, f.ToArray<long>());
        var g = Tensor.Full([2], -4L);
        Assert.Equal(DType.Int64, g.DType);
        Assert.Equal(new long[] { -4, -4 }, g.ToArray<long>());
    }

    [Fact]
    public void FullWithExplicitDType()
    {
        Assert.Equal(new long[] { 7, 7 }, Tensor.Full([2], 7.5, DType.Int64).ToArray<long>());   // torch truncates
        var d = Tensor.Full([3], 2L, DType.Float64);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new double[] { 2, 2, 2 }, d.ToArray<double>());
        Assert.Equal(new[] { true }, Tensor.Full([1], 5.0, DType.Bool).ToArray<bool>());
        Assert.True(Tensor.Full([2], 1.5, requiresGrad: true).RequiresGrad);
    }

    [Fact]
    public void FullIntegerWithRequiresGradThrows()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Full([2], 3, requiresGrad: true));
        Assert.Contains("floating point", ex.Message);
    }

    // ---- FromArray ----

    [Fact]
    public void FromArrayOneDimensionalOverloadsPickTheDType()
    {
        var f = Tensor.FromArray([0.1f, 1.0f, 0.0001f]);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new[] { 3 }, f.Shape.ToArray());
        Assert.Equal(new[] { 0.1f, 1.0f, 0.0001f }, f.ToArray<float>());

        var d = Tensor.FromArray(new double[] { 0.1, -2 });
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new[] { 0.1, -2.0 }, d.ToArray<double>());

        var l = Tensor.FromArray(new long[] { long.MaxValue, -1 });
        Assert.Equal(DType.Int64, l.DType);
        Assert.Equal(new[] { long.MaxValue, -1L }, l.ToArray<long>());

        var i = Tensor.FromArray(new int[] { 5, -6, 7 });
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal(new[] { 5, -6, 7 }, i.ToArray<int>());

        var b = Tensor.FromArray(new bool[] { true, false });
        Assert.Equal(DType.Bool, b.DType);
        Assert.Equal(new[] { true, false }, b.ToArray<bool>());
    }

    [Fact]
    public void FromArrayCopiesTheData()
    {
        var data = new float[] { 1, 2, 3 };
        var t = Tensor.FromArray(data);
        data[0] = 100;
        Assert.Equal(new float[] { 1, 2, 3 }, t.ToArray<float>());
    }

    [Fact]
    public void FromArrayWithShape()
    {
        var m = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal(DType.Float64, m.DType);
        Assert.Equal(new[] { 2, 3 }, m.Shape.ToArray());
        Assert.Equal(new long[] { 3, 1 }, m.Strides);
        Assert.Equal(6.0, m[1, 2].Item<double>());
        Assert.Equal(2.0, m[0, 1].Item<double>());

        var i = Tensor.FromArray(new int[] { 1, 2, 3, 4 }, [2, 1, 2]);
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal(new[] { 2, 1, 2 }, i.Shape.ToArray());
        Assert.Equal(3, i[1, 0, 0].Item<int>());

        var b = Tensor.FromArray(new bool[] { true, false, false, true }, [2, 2]);
        Assert.Equal(DType.Bool, b.DType);
        Assert.True(b[1, 1].Item<bool>());

        var s = Tensor.FromArray(new float[] { 9 }, []);
        Assert.Equal(0, s.Dim);
        Assert.Equal(9f, s.Item<float>());
    }

    [Fact]
    public void FromArrayWithWrongElementCountThrows()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[] { 1, 2, 3, 4, 5 }, [2, 3]));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("5", ex.Message);
    }

    [Fact]
    public void FromArrayWithUnsupportedElementTypeThrows()
        => Assert.Throws<NotSupportedException>(() => Tensor.FromArray(new short[] { 1, 2 }, [2]));

    [Fact]
    public void FromArrayTwoDimensional()
    {
        var f = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new[] { 2, 3 }, f.Shape.ToArray());
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, f.ToArray<float>());
        Assert.Equal(4f, f[1, 0].Item<float>());

        var d = Tensor.FromArray(new double[,] { { 1.5 }, { -2.5 } });
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new[] { 2, 1 }, d.Shape.ToArray());
        Assert.Equal(new[] { 1.5, -2.5 }, d.ToArray<double>());
    }

    [Fact]
    public void FromArrayWithDTypeConverts()
    {
        var t = Tensor.FromArray([1.7f, -1.7f, 2.0f], DType.Int64);
        Assert.Equal(DType.Int64, t.DType);
        Assert.Equal(new long[] { 1, -1, 2 }, t.ToArray<long>());   // truncation toward zero, as torch

        var d = Tensor.FromArray(new long[] { 1, 2 }, DType.Float64);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new double[] { 1, 2 }, d.ToArray<double>());

        var b = Tensor.FromArray(new int[] { 0, 3, -1 }, DType.Bool);
        Assert.Equal(new[] { false, true, true }, b.ToArray<bool>());

        var m = Tensor.FromArray(new float[,] { { 1, 2 } }, DType.Float64, requiresGrad: true);
        Assert.Equal(DType.Float64, m.DType);
        Assert.True(m.RequiresGrad);
    }

    [Fact]
    public void FromArrayRequiresGrad()
    {
        var x = Tensor.FromArray([1f, 2f], requiresGrad: true);
        Assert.True(x.RequiresGrad);
        Assert.True(x.IsLeaf);
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.FromArray(new long[] { 1 }, requiresGrad: true));
        Assert.Contains("floating point", ex.Message);
    }

    // ---- Scalar ----

    [Fact]
    public void ScalarDTypesFollowTheCSharpType()
    {
        var i = Tensor.Scalar(3);   // torch.tensor(3): int64
        Assert.Equal(DType.Int64, i.DType);
        Assert.Equal(0, i.Dim);
        Assert.Empty(i.Shape.ToArray());
        Assert.Equal(3L, i.Item<long>());

        var l = Tensor.Scalar(-5L);
        Assert.Equal(DType.Int64, l.DType);
        Assert.Equal(-5L, l.Item<long>());

        var f = Tensor.Scalar(3.0f);   // torch.tensor(3.0): float32
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(3.0f, f.Item<float>());

        // A C# double is a 64-bit value, as FromArray(double[]) (and torch.tensor(np.float64(3.0))).
        var d = Tensor.Scalar(0.1);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(0.1, d.Item<double>());

        var b = Tensor.Scalar(true);
        Assert.Equal(DType.Bool, b.DType);
        Assert.True(b.Item<bool>());
    }

    [Fact]
    public void ScalarWithDTypeAndRequiresGrad()
    {
        var s = Tensor.Scalar(2.5f, DType.Float64, requiresGrad: true);
        Assert.Equal(DType.Float64, s.DType);
        Assert.Equal(2.5, s.Item<double>());
        Assert.True(s.RequiresGrad);

        var i = Tensor.Scalar(7L, DType.Int32);
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal(7, i.Item<int>());

        Assert.Throws<InvalidOperationException>(() => Tensor.Scalar(3, requiresGrad: true));
    }

    // ---- Arange ----

    [Fact]
    public void ArangeWithIntegersIsInt64()
    {
        var a = Tensor.Arange(0, 10);
        Assert.Equal(DType.Int64, a.DType);
        Assert.Equal(new[] { 10 }, a.Shape.ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(v => (long)v).ToArray(), a.ToArray<long>());

        var e = Tensor.Arange(4);
        Assert.Equal(DType.Int64, e.DType);
        Assert.Equal(new long[] { 0, 1, 2, 3 }, e.ToArray<long>());
    }

    [Fact]
    public void ArangeWithStep()
    {
        Assert.Equal(new long[] { 1, 4, 7 }, Tensor.Arange(1, 10, 3).ToArray<long>());
        Assert.Equal(new long[] { 0, 3, 6, 9 }, Tensor.Arange(0, 10, 3).ToArray<long>());
        Assert.Equal(new long[] { 10, 7, 4, 1 }, Tensor.Arange(10, 0, -3).ToArray<long>());
        var empty = Tensor.Arange(3, 3);
        Assert.Equal(new[] { 0 }, empty.Shape.ToArray());
    }

    [Fact]
    public void ArangeWithDoublesIsFloat32()
    {
        var a = Tensor.Arange(5.0);
        Assert.Equal(DType.Float32, a.DType);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4 }, a.ToArray<float>());

        var b = Tensor.Arange(0.0, 1.0, 0.25);
        Assert.Equal(DType.Float32, b.DType);
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f }, b.ToArray<float>());

        Assert.Equal(new[] { 1f, 1.5f, 2f }, Tensor.Arange(1.0, 2.5, 0.5).ToArray<float>());
        Assert.Equal(10, Tensor.Arange(0.0, 1.0, 0.1).Size(0));   // torch.arange(0, 1, 0.1) has 10 elements
        Assert.Equal(new[] { 2f, 1.5f, 1f, 0.5f }, Tensor.Arange(2.0, 0.0, -0.5).ToArray<float>());
    }

    [Fact]
    public void ArangeWithDType()
    {
        var a = Tensor.Arange(0, 4, dtype: DType.Float64);
        Assert.Equal(DType.Float64, a.DType);
        Assert.Equal(new double[] { 0, 1, 2, 3 }, a.ToArray<double>());

        var b = Tensor.Arange(0, 3, 1, DType.Int32);
        Assert.Equal(DType.Int32, b.DType);
        Assert.Equal(new[] { 0, 1, 2 }, b.ToArray<int>());

        var g = Tensor.Arange(0.0, 3.0, requiresGrad: true);
        Assert.True(g.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => Tensor.Arange(0, 3, requiresGrad: true));
    }

    [Fact]
    public void ArangeBadArgumentsThrow()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 10, 0));
        Assert.Throws<ArgumentException>(() => Tensor.Arange(5, 0));   // step sign inconsistent with bounds
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0.0, 1.0, -0.5));
    }

    // ---- Linspace ----

    [Fact]
    public void LinspaceExactValues()
    {
        var a = Tensor.Linspace(0, 1, 5);
        Assert.Equal(DType.Float32, a.DType);
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f }, a.ToArray<float>());
        Assert.Equal(new[] { -1f, -0.5f, 0f, 0.5f, 1f }, Tensor.Linspace(-1, 1, 5).ToArray<float>());
        Assert.Equal(new[] { 0 }, Tensor.Linspace(0, 1, 0).Shape.ToArray());
        Assert.Equal(new[] { 4f, 3f, 2f }, Tensor.Linspace(4, 2, 3).ToArray<float>());
    }

    [Fact]
    public void LinspaceElevenSteps()
    {
        var f = Tensor.Linspace(0, 1, 11).ToArray<float>();
        Assert.Equal(11, f.Length);
        Assert.Equal(0f, f[0]);
        Assert.Equal(1f, f[10]);   // both ends exact
        for (int i = 0; i < 11; i++) Assert.Equal(i / 10f, f[i], 1e-7f);

        var d = Tensor.Linspace(0, 1, 11, DType.Float64);
        Assert.Equal(DType.Float64, d.DType);
        var dv = d.ToArray<double>();
        Assert.Equal(1.0, dv[10]);
        for (int i = 0; i < 11; i++) Assert.Equal(i / 10.0, dv[i], 1e-15);
    }

    [Fact]
    public void LinspaceOneStepIsStart()
    {
        // torch.linspace(-10, 10, steps=1) is tensor([-10.]) (PyTorch's documented example).
        Assert.Equal(new[] { 3f }, Tensor.Linspace(3, 10, 1).ToArray<float>());
        Assert.Equal(new[] { -10f }, Tensor.Linspace(-10, 10, 1).ToArray<float>());
    }

    [Fact]
    public void LinspaceNegativeStepsThrows() => Assert.Throws<ArgumentException>(() => Tensor.Linspace(0, 1, -1));

    // ---- Eye ----

    [Fact]
    public void EyeSquare()
    {
        var e = Tensor.Eye(3);
        Assert.Equal(DType.Float32, e.DType);
        Assert.Equal(new[] { 3, 3 }, e.Shape.ToArray());
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, e.ToArray<float>());
    }

    [Fact]
    public void EyeRectangularAndDType()
    {
        var e = Tensor.Eye(2, 3);
        Assert.Equal(new[] { 2, 3 }, e.Shape.ToArray());
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0 }, e.ToArray<float>());
        var t = Tensor.Eye(3, 2);
        Assert.Equal(new float[] { 1, 0, 0, 1, 0, 0 }, t.ToArray<float>());
        var i = Tensor.Eye(2, DType.Int64);
        Assert.Equal(DType.Int64, i.DType);
        Assert.Equal(new long[] { 1, 0, 0, 1 }, i.ToArray<long>());
        Assert.True(Tensor.Eye(2, DType.Float64, requiresGrad: true).RequiresGrad);
    }

    // ---- Rand / Randn / RandInt ----

    [Fact]
    public void RandShapeDTypeAndRange()
    {
        var r = Tensor.Rand([100, 50], generator: new Generator(1));
        Assert.Equal(new[] { 100, 50 }, r.Shape.ToArray());
        Assert.Equal(DType.Float32, r.DType);
        var v = r.ToArray<float>();
        Assert.All(v, x => Assert.True(x >= 0f && x < 1f, $"{x} is outside [0, 1)"));
        Assert.InRange(v.Average(), 0.49, 0.51);   // 5000 uniforms: sd of the mean is 0.004
        Assert.True(v.Min() < 0.01f);
        Assert.True(v.Max() > 0.99f);
        Assert.True(v.Distinct().Count() > 4950);   // 24-bit values: a few birthday collisions at most

        var d = Tensor.Rand([10], DType.Float64, generator: new Generator(1));
        Assert.Equal(DType.Float64, d.DType);
        Assert.All(d.ToArray<double>(), x => Assert.True(x >= 0.0 && x < 1.0, $"{x} is outside [0, 1)"));
    }

    [Fact]
    public void RandSameSeedSameValuesOtherSeedOtherValues()
    {
        var a = Tensor.Rand([20], generator: new Generator(42)).ToArray<float>();
        var b = Tensor.Rand([20], generator: new Generator(42)).ToArray<float>();
        var c = Tensor.Rand([20], generator: new Generator(43)).ToArray<float>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.True(a.Zip(c).Count(p => p.First != p.Second) >= 19);
    }

    [Fact]
    public void GeneratorStateAdvancesAndReseeds()
    {
        var g = new Generator(7);
        Assert.Equal(7L, g.InitialSeed);
        var first = Tensor.Rand([8], generator: g).ToArray<float>();
        var second = Tensor.Rand([8], generator: g).ToArray<float>();
        Assert.NotEqual(first, second);
        Assert.Same(g, g.ManualSeed(7));
        Assert.Equal(first, Tensor.Rand([8], generator: g).ToArray<float>());
        // Two draws of 4 read the same stream as one draw of 8.
        g.ManualSeed(7);
        var halves = Tensor.Rand([4], generator: g).ToArray<float>().Concat(Tensor.Rand([4], generator: g).ToArray<float>());
        Assert.Equal(first, halves.ToArray());
    }

    [Fact]
    public void RandRequiresGradAndBadDType()
    {
        var r = Tensor.Rand([2], requiresGrad: true, generator: new Generator(0));
        Assert.True(r.RequiresGrad);
        Assert.True(r.IsLeaf);
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Rand([2], DType.Int64, generator: new Generator(0)));
        Assert.Contains("int64", ex.Message);
    }

    [Fact]
    public void RandnShapeDTypeAndMoments()
    {
        var r = Tensor.Randn([20000], generator: new Generator(3));
        Assert.Equal(DType.Float32, r.DType);
        Assert.Equal(new[] { 20000 }, r.Shape.ToArray());
        var v = r.ToArray<float>().Select(x => (double)x).ToArray();
        double mean = v.Average();
        double variance = v.Select(x => (x - mean) * (x - mean)).Average();
        Assert.InRange(mean, -0.03, 0.03);       // sd of the mean: 0.007
        Assert.InRange(variance, 0.96, 1.04);    // sd of the variance: 0.01
        Assert.True(v.Min() < -3 && v.Max() > 3);
        Assert.InRange(v.Count(x => Math.Abs(x) < 1) / 20000.0, 0.66, 0.70);   // 68.3% within one sd

        var d = Tensor.Randn([2, 3], DType.Float64, generator: new Generator(3));
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new[] { 2, 3 }, d.Shape.ToArray());
    }

    [Fact]
    public void RandnReproducibleAndSeedDependent()
    {
        var a = Tensor.Randn([7], generator: new Generator(5)).ToArray<float>();   // odd length: the spare normal must not leak
        var b = Tensor.Randn([7], generator: new Generator(5)).ToArray<float>();
        var c = Tensor.Randn([7], generator: new Generator(6)).ToArray<float>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Throws<ArgumentException>(() => Tensor.Randn([2], DType.Int32));
    }

    [Fact]
    public void RandIntRangeAndDType()
    {
        var r = Tensor.RandInt(10, [1000], generator: new Generator(11));
        Assert.Equal(DType.Int64, r.DType);
        Assert.Equal(new[] { 1000 }, r.Shape.ToArray());
        var v = r.ToArray<long>();
        Assert.All(v, x => Assert.InRange(x, 0L, 9L));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), v.Distinct().Order());

        var s = Tensor.RandInt(-3, 3, [2, 500], generator: new Generator(11));
        Assert.Equal(new[] { 2, 500 }, s.Shape.ToArray());
        Assert.Equal(new long[] { -3, -2, -1, 0, 1, 2 }, s.ToArray<long>().Distinct().Order().ToArray());

        var i = Tensor.RandInt(0, 2, [4], DType.Int32, generator: new Generator(11));
        Assert.Equal(DType.Int32, i.DType);
        Assert.All(i.ToArray<int>(), x => Assert.InRange(x, 0, 1));
    }

    [Fact]
    public void RandIntReproducibleAndBadRange()
    {
        Assert.Equal(
            Tensor.RandInt(0, 1000, [30], generator: new Generator(9)).ToArray<long>(),
            Tensor.RandInt(0, 1000, [30], generator: new Generator(9)).ToArray<long>());
        Assert.NotEqual(
            Tensor.RandInt(0, 1000, [30], generator: new Generator(9)).ToArray<long>(),
            Tensor.RandInt(0, 1000, [30], generator: new Generator(10)).ToArray<long>());
        Assert.Throws<ArgumentException>(() => Tensor.RandInt(5, 5, [2], generator: new Generator(0)));
    }

    // ---- ZerosLike / OnesLike ----

    [Fact]
    public void ZerosLikeAndOnesLikeKeepShapeAndDType()
    {
        var src = Tensor.FromArray(new int[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        var z = Tensor.ZerosLike(src);
        Assert.Equal(new[] { 3, 2 }, z.Shape.ToArray());
        Assert.Equal(DType.Int32, z.DType);
        Assert.Equal(new int[6], z.ToArray<int>());
        var o = Tensor.OnesLike(src);
        Assert.Equal(DType.Int32, o.DType);
        Assert.Equal(Enumerable.Repeat(1, 6).ToArray(), o.ToArray<int>());

        var od = Tensor.OnesLike(src, DType.Float64);
        Assert.Equal(DType.Float64, od.DType);
        Assert.Equal(new[] { 3, 2 }, od.Shape.ToArray());
    }

    [Fact]
    public void ZerosLikeOfTransposedViewIsContiguousAndDoesNotInheritRequiresGrad()
    {
        var x = Tensor.Ones([2, 3], requiresGrad: true);
        var z = Tensor.ZerosLike(x.T);
        Assert.Equal(new[] { 3, 2 }, z.Shape.ToArray());
        Assert.False(z.RequiresGrad);
        Assert.True(z.IsContiguous);
        Assert.True(Tensor.OnesLike(x, requiresGrad: true).RequiresGrad);
    }
}

/// <summary>Tests that re-seed <see cref="Generator.Default"/>: they run alone, so no other test draws from it meanwhile.</summary>
[CollectionDefinition(nameof(DefaultGeneratorCollection), DisableParallelization = true)]
public class DefaultGeneratorCollection;

[Collection(nameof(DefaultGeneratorCollection))]
public class DefaultGeneratorTests
{
    [Fact]
    public void ManualSeedMakesDefaultDrawsReproducible()
    {
        Generator.Default.ManualSeed(1234);
        Assert.Equal(1234L, Generator.Default.InitialSeed);
        var a = Tensor.Rand([10]).ToArray<float>();
        var an = Tensor.Randn([5]).ToArray<float>();
        var ai = Tensor.RandInt(100, [5]).ToArray<long>();
        Generator.Default.ManualSeed(1234);
        Assert.Equal(a, Tensor.Rand([10]).ToArray<float>());
        Assert.Equal(an, Tensor.Randn([5]).ToArray<float>());
        Assert.Equal(ai, Tensor.RandInt(100, [5]).ToArray<long>());
        Generator.Default.ManualSeed(4321);
        Assert.NotEqual(a, Tensor.Rand([10]).ToArray<float>());
    }

    [Fact]
    public void DefaultGeneratorDrawsTheSameStreamAsAFreshGenerator()
    {
        Generator.Default.ManualSeed(99);
        var viaDefault = Tensor.Randn([6]).ToArray<float>();
        var viaOwn = Tensor.Randn([6], generator: new Generator(99)).ToArray<float>();
        Assert.Equal(viaOwn, viaDefault);
        // An explicit generator leaves the default's stream alone.
        Generator.Default.ManualSeed(99);
        _ = Tensor.Rand([3], generator: new Generator(1));
        Assert.Equal(viaOwn, Tensor.Randn([6]).ToArray<float>());
    }
}
