namespace Nabla.Tests;

/// <summary>
/// Forward values of each op family against hand-computed numbers (what PyTorch prints for the same
/// call), and a few hand-derived gradients where a rule has a convention (ties, zeros, bounds).
/// Node names are in NodeNameTests.
/// </summary>
public class OpForwardTests
{
    private static Tensor T(double[] values, params int[] shape) => Tensor.FromArray(values, shape.Length == 0 && values.Length != 1 ? [values.Length] : shape, DType.Float64);

    private static Tensor Leaf(double[] values, params int[] shape) => T(values, shape).RequiresGradInPlace();

    private static Tensor Ix(params long[] values) => Tensor.FromArray(values);

    private static void Close(double[] expected, Tensor actual, double tol = 1e-6)
    {
        var values = actual.ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(expected[i] - values[i]) <= tol, $"element {i}: expected {expected[i]}, got {values[i]}");
    }

    private static void Shape(int[] expected, Tensor t) => Assert.Equal(expected, t.Shape.ToArray());

    // ---- arithmetic ----

    [Fact]
    public void AddSubWithAlphaAndBroadcasting()
    {
        var a = T([1, 2, 3]);
        var b = T([10, 20, 30]);
        Assert.Equal([11.0, 22, 33], (a + b).ToArray<double>());
        Assert.Equal([21.0, 42, 63], a.Add(b, alpha: 2).ToArray<double>());
        Assert.Equal([-4.0, -8, -12], a.Sub(b, alpha: 0.5).ToArray<double>());
        Assert.Equal([1.0, 0, -1], (2.0 - a).ToArray<double>());

        var col = T([1, 2, 3], 3, 1);
        var row = T([10, 20, 30, 40], 1, 4);
        var sum = col + row;
        Shape([3, 4], sum);
        Assert.Equal([11.0, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43], sum.ToArray<double>());
        Assert.Equal([9.0, 19, 29, 39, 8, 18, 28, 38, 7, 17, 27, 37], (row - col).ToArray<double>());
        var m = T([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal([11.0, 22, 33, 14, 25, 36], (m + b).ToArray<double>());
        Assert.Equal([5.0, 6, 7, 8, 9, 10], (T([4], []) + m).ToArray<double>());
    }

    [Fact]
    public void MulDivNegPow()
    {
        var a = T([1, 2, 4]);
        var b = T([2, -3, 0.5]);
        Assert.Equal([2.0, -6, 2], (a * b).ToArray<double>());
        Assert.Equal([0.5, -2.0 / 3, 8], (a / b).ToArray<double>());
        Assert.Equal([2.0, 1, 0.5], (2.0 / a).ToArray<double>());
        Assert.Equal([-1.0, -2, -4], (-a).ToArray<double>());
        Assert.Equal([1.0, 4, 16], a.Pow(2.0).ToArray<double>());
        Assert.Equal([1.0, Math.Sqrt(2), 2], a.Pow(0.5).ToArray<double>());
        Assert.Equal([1.0, 8, 64], a.Pow(3.0).ToArray<double>());
        Assert.Equal([1.0, 0.5, 0.25], a.Pow(-1.0).ToArray<double>());
        Close([1.0, 1.0 / 8, 2], a.Pow(b));
        var col = T([2, 3], 2, 1);
        Assert.Equal([2.0, 4, 3, 9], col.Pow(T([1, 2], 1, 2)).ToArray<double>());
    }

    [Fact]
    public void ArithmeticWithNumbersKeepsFloat32()
    {
        var x = Tensor.FromArray([1f, 2f]);
        Assert.Equal(DType.Float32, (x + 2.0).DType);
        Assert.Equal(DType.Float32, (2.0 / x).DType);
        Assert.Equal(DType.Float32, x.Pow(2.0).DType);
        Assert.Equal(DType.Float64, (x + T([1, 1])).DType);
    }

    [Fact]
    public void PowGradientsAtZero()
    {
        // d/dx x^0 = 0 even at 0 (not 0·0^-1 = NaN); d/dy x^y at x = 0 is 0 for y >= 0 (PyTorch's mask).
        var x = Leaf([0, 2]);
        x.Pow(0.0).Sum().Backward();
        Assert.Equal([0.0, 0], x.Grad!.ToArray<double>());

        var b = Leaf([0, 0, 2]);
        var e = Leaf([0, 2, 3]);
        b.Pow(e).Sum().Backward();
        Assert.Equal([0.0, 0, 8 * Math.Log(2)], e.Grad!.ToArray<double>());
        Assert.Equal([0.0, 0, 12], b.Grad!.ToArray<double>());
    }

    [Fact]
    public void PowExponentGradientAtZeroBaseWithNegativeExponent()
    {
        // PyTorch masks only where base == 0 and exponent >= 0: 0^-1 = inf, so d/dy = inf · ln 0 = -inf.
        var b = T([0]);
        var e = Leaf([-1]);
        b.Pow(e).Sum().Backward();
        Assert.Equal(double.NegativeInfinity, e.Grad!.ToArray<double>()[0]);
    }

    // ---- elementwise functions ----

    [Fact]
    public void ElementwiseFunctions()
    {
        var x = T([0, 1, -2]);
        Close([1, Math.E, Math.Exp(-2)], x.Exp());
        Close([0, Math.Log(2), Math.Log(10)], T([1, 2, 10]).Log());
        Assert.Equal([0.0, 3, 0.5], T([0, 9, 0.25]).Sqrt().ToArray<double>());
        Assert.Equal([0.0, 1, 2], x.Abs().ToArray<double>());
        Close([0, Math.Sin(1), Math.Sin(-2)], x.Sin());
        Close([1, Math.Cos(1), Math.Cos(-2)], x.Cos());
        Close([0, 0.7615941559557649, -0.9640275800758169], x.Tanh());
        Close([0.5, 0.7310585786300049, 0.11920292202211755], x.Sigmoid());
        Assert.Equal([0.0, 1, 0], x.Relu().ToArray<double>());
        Assert.Equal(double.NegativeInfinity, T([0]).Log().Item<double>());
        Assert.True(double.IsNaN(T([-1]).Sqrt().Item<double>()));
    }

    [Fact]
    public void Clamp()
    {
        var x = T([-3, -1, 0, 0.5, 1, 4]);
        Assert.Equal([-1.0, -1, 0, 0.5, 1, 1], x.Clamp(-1, 1).ToArray<double>());
        Assert.Equal([0.0, 0, 0, 0.5, 1, 4], x.Clamp(min: 0).ToArray<double>());
        Assert.Equal([-3.0, -1, 0, 0.5, 0.5, 0.5], x.Clamp(max: 0.5).ToArray<double>());
        Assert.Equal([2.0, 2, 2, 2, 2, 2], x.Clamp(3, 2).ToArray<double>());   // min > max: everything becomes max
        Assert.True(double.IsNaN(T([double.NaN]).Clamp(0, 1).Item<double>()));
        Assert.Throws<ArgumentException>(() => x.Clamp());
    }

    [Fact]
    public void ClampGradientIncludesTheBounds()
    {
        // PyTorch: grad · (min <= x <= max), bounds included.
        var x = Leaf([-3, -1, 0, 1, 4]);
        x.Clamp(-1, 1).Sum().Backward();
        Assert.Equal([0.0, 1, 1, 1, 0], x.Grad!.ToArray<double>());
        var y = Leaf([-1, 0, 2]);
        y.Clamp(min: 0).Sum().Backward();
        Assert.Equal([0.0, 1, 1], y.Grad!.ToArray<double>());
        var z = Leaf([-1, 0, 2]);
        z.Clamp(max: 0).Sum().Backward();
        Assert.Equal([1.0, 1, 0], z.Grad!.ToArray<double>());
    }

    [Fact]
    public void AbsAndReluGradientsAtZero()
    {
        var x = Leaf([-2, 0, 3]);
        x.Abs().Sum().Backward();
        Assert.Equal([-1.0, 0, 1], x.Grad!.ToArray<double>());
        var y = Leaf([-2, 0, 3]);
        y.Relu().Sum().Backward();
        Assert.Equal([0.0, 0, 1], y.Grad!.ToArray<double>());
    }

    // ---- reductions ----

    [Fact]
    public void SumAndMean()
    {
        var x = T([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal(21.0, x.Sum().Item<double>());
        Shape([], x.Sum());
        Assert.Equal([5.0, 7, 9], x.Sum(0).ToArray<double>());
        Assert.Equal([6.0, 15], x.Sum(-1).ToArray<double>());
        Shape([2, 1], x.Sum(1, keepDim: true));
        Assert.Equal(3.5, x.Mean().Item<double>());
        Assert.Equal([2.0, 5], x.Mean(1).ToArray<double>());
        Shape([1, 3], x.Mean(0, keepDim: true));

        var y = T([.. Enumerable.Range(0, 12).Select(i => (double)i)], 2, 3, 2);
        Assert.Equal([14.0, 22, 30], y.Sum([0, 2]).ToArray<double>());
        Shape([1, 3, 1], y.Sum([0, 2], keepDim: true));
        Assert.Equal([2.5, 8.5], y.Mean([1, 2]).ToArray<double>());
        Assert.Equal([5.0, 7, 9], x.T.Sum(1).ToArray<double>());   // non-contiguous input
    }

    [Fact]
    public void MaxMinWithIndicesAndTies()
    {
        var x = T([1, 3, 3, 5, 5, 0], 2, 3);
        Assert.Equal(5.0, x.Max().Item<double>());
        Assert.Equal(0.0, x.Min().Item<double>());
        var (values, indices) = x.Max(1);
        Assert.Equal([3.0, 5], values.ToArray<double>());
        Assert.Equal([1L, 0], indices.ToArray<long>());   // ties: the first occurrence, as PyTorch
        Assert.Equal(DType.Int64, indices.DType);
        var (minValues, minIndices) = x.Min(0, keepDim: true);
        Shape([1, 3], minValues);
        Shape([1, 3], minIndices);
        Assert.Equal([1.0, 3, 0], minValues.ToArray<double>());
        Assert.Equal([0L, 0, 1], minIndices.ToArray<long>());
        var (tieMin, tieIndex) = T([2, 1, 1, 0, 4, 0], 2, 3).Min(1);
        Assert.Equal([1.0, 0], tieMin.ToArray<double>());
        Assert.Equal([1L, 0], tieIndex.ToArray<long>());
    }

    [Fact]
    public void MaxGradientsWithTies()
    {
        // Full max: the gradient is shared evenly among the tied maxima (PyTorch's evenly_distribute_backward).
        var x = Leaf([1, 3, 3, 2]);
        x.Max().Backward();
        Assert.Equal([0.0, 0.5, 0.5, 0], x.Grad!.ToArray<double>());
        var y = Leaf([1, 0, 0, 2]);
        y.Min().Backward();
        Assert.Equal([0.0, 0.5, 0.5, 0], y.Grad!.ToArray<double>());

        // Per-dim max: the whole gradient goes to the selected (first) index.
        var z = Leaf([1, 3, 3, 5, 5, 0], 2, 3);
        z.Max(1).Values.Sum().Backward();
        Assert.Equal([0.0, 1, 0, 1, 0, 0], z.Grad!.ToArray<double>());
        var w = Leaf([1, 3, 3, 5, 5, 0], 2, 3);
        (w.Min(0, keepDim: true).Values * T([1, 2, 3], 1, 3)).Sum().Backward();
        Assert.Equal([1.0, 2, 0, 0, 0, 3], w.Grad!.ToArray<double>());
    }

    [Fact]
    public void Norms()
    {
        var v = T([3, -4]);
        Assert.Equal(5.0, v.Norm().Item<double>(), 12);
        Assert.Equal(7.0, v.Norm(1).Item<double>(), 12);
        Assert.Equal(4.0, v.Norm(double.PositiveInfinity).Item<double>(), 12);
        Assert.Equal(Math.Cbrt(91), v.Norm(3).Item<double>(), 12);
        var m = T([3, 4, 0, 6, 8, 0], 2, 3);
        Assert.Equal([5.0, 10], m.Norm(2, 1).ToArray<double>());
        Shape([2, 1], m.Norm(2, 1, keepDim: true));
        Assert.Equal([9.0, 12, 0], m.Norm(1, 0).ToArray<double>());
        Assert.Equal([6.0, 8, 0], m.Norm(double.PositiveInfinity, 0).ToArray<double>());
        Assert.Equal([3.0, 4, 0], m.Norm(double.NegativeInfinity, 0).ToArray<double>());   // min |x|
        Assert.Equal(3.0, v.Norm(double.NegativeInfinity).Item<double>());
        Assert.Equal([2.0, 2], m.Norm(0, 1).ToArray<double>());   // the number of nonzeros
        Assert.Equal(4.0, m.Norm(0).Item<double>());
        Assert.Equal(Math.Pow(Math.Sqrt(3) + 2, 2), v.Norm(0.5).Item<double>(), 12);
    }

    [Fact]
    public void NormGradients()
    {
        var x = Leaf([3, -4]);
        x.Norm().Backward();
        Close([0.6, -0.8], x.Grad!);
        var z = Leaf([0, 0]);
        z.Norm().Backward();   // ‖0‖: PyTorch's gradient is 0, not NaN
        Assert.Equal([0.0, 0], z.Grad!.ToArray<double>());
        var t = Leaf([-4, 4, 1]);
        t.Norm(double.PositiveInfinity).Backward();   // ties share the gradient, with the sign
        Assert.Equal([-0.5, 0.5, 0], t.Grad!.ToArray<double>());
        var o = Leaf([-2, 0, 1]);
        o.Norm(1).Backward();
        Assert.Equal([-1.0, 0, 1], o.Grad!.ToArray<double>());
        var n = Leaf([-2, 0, 1]);
        n.Norm(double.NegativeInfinity).Backward();   // min |x| = 0: the gradient goes to that element, times sgn 0
        Assert.Equal([0.0, 0, 0], n.Grad!.ToArray<double>());
        var k = Leaf([-2, 0, 1]);
        k.Norm(0).Backward();
        Assert.Equal([0.0, 0, 0], k.Grad!.ToArray<double>());
    }

    [Fact]
    public void NormGradientWithAZeroElementAndPBelowTwo()
    {
        // PyTorch: for 1 < p < 2 the gradient is sgn(x)·|x|^(p-1) / ‖x‖^(p-1), which is 0 at x = 0 (not 0·0^-0.5 = NaN).
        var x = Leaf([0, 3, -4]);
        x.Norm(1.5).Backward();
        double norm = Math.Pow(Math.Pow(3, 1.5) + Math.Pow(4, 1.5), 1 / 1.5);
        Close([0, Math.Sqrt(3) / Math.Sqrt(norm), -2 / Math.Sqrt(norm)], x.Grad!);
        // p < 1: sgn x·|x|^(p-1)·‖x‖^(1-p), masked to 0 where x = 0.
        var y = Leaf([0, 1, -4]);
        y.Norm(0.5).Backward();
        Close([0, 3, -1.5], y.Grad!);
    }

    // ---- linear algebra ----

    [Fact]
    public void MatMulModes()
    {
        var a = T([1, 2, 3, 4], 2, 2);
        var b = T([5, 6, 7, 8], 2, 2);
        Assert.Equal([19.0, 22, 43, 50], a.MatMul(b).ToArray<double>());
        Assert.Equal([19.0, 22, 43, 50], a.Mm(b).ToArray<double>());
        Assert.Equal([26.0, 30, 38, 44], a.T.Mm(b).ToArray<double>());
        var v = T([1, -1]);
        var dot = v.MatMul(T([3, 5]));
        Shape([], dot);
        Assert.Equal(-2.0, dot.Item<double>());
        Assert.Equal([-1.0, -1], a.MatMul(v).ToArray<double>());   // [2,2]·[2]
        Assert.Equal([-2.0, -2], v.MatMul(a).ToArray<double>());   // [2]·[2,2]
        var batch = T([1, 2, 3, 4, 1, 0, 0, 1], 2, 2, 2);
        Assert.Equal([19.0, 22, 43, 50, 5, 6, 7, 8], batch.Bmm(Tensor.Stack([b, b])).ToArray<double>());
        Assert.Equal([19.0, 22, 43, 50, 5, 6, 7, 8], batch.MatMul(b).ToArray<double>());
    }

    [Fact]
    public void MatMulBroadcastShapes()
    {
        var g = new Generator(3);
        var a = Tensor.Randn([2, 3, 4], DType.Float64, generator: g);
        var b = Tensor.Randn([4, 5], DType.Float64, generator: g);
        var c = a.MatMul(b);
        Shape([2, 3, 5], c);
        Close(a[1].Mm(b).ToArray<double>(), c[1], 1e-12);
        var d = Tensor.Randn([2, 1, 3, 4], DType.Float64, generator: g);
        var e = Tensor.Randn([3, 4, 2], DType.Float64, generator: g);
        var f = d.MatMul(e);
        Shape([2, 3, 3, 2], f);
        Close(d[1, 0].Mm(e[2]).ToArray<double>(), f[1, 2], 1e-12);
        Shape([2, 3], Tensor.Randn([4], DType.Float64, generator: g).MatMul(Tensor.Randn([2, 4, 3], DType.Float64, generator: g)));
        Assert.Throws<ArgumentException>(() => a.MatMul(a));
    }

    // ---- shapes and views ----

    [Fact]
    public void ViewsAndReshapes()
    {
        var x = T([1, 2, 3, 4, 5, 6], 2, 3);
        var t = x.T;
        Shape([3, 2], t);
        Assert.False(t.IsContiguous);
        Assert.Equal([1.0, 4, 2, 5, 3, 6], t.ToArray<double>());
        Assert.Equal([1.0, 4, 2, 5, 3, 6], x.Transpose(0, 1).Contiguous().ToArray<double>());
        Assert.True(t.Contiguous().IsContiguous);
        Assert.Equal([1.0, 4, 2, 5, 3, 6], t.Reshape(-1).ToArray<double>());
        Assert.Throws<InvalidOperationException>(() => t.View(6));
        Shape([3, 2], x.View(3, 2));
        Shape([6], x.Flatten());
        var y = T([.. Enumerable.Range(0, 12).Select(i => (double)i)], 2, 3, 2);
        var p = y.Permute(2, 0, 1);
        Shape([2, 2, 3], p);
        Assert.Equal([0.0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11], p.ToArray<double>());
        Shape([2, 6], y.Flatten(1));
        Shape([2, 3], T([1, 2, 3, 4, 5, 6], 2, 1, 3, 1).Squeeze());
        Shape([2, 3], T([1, 2, 3, 4, 5, 6], 2, 1, 3).Squeeze(1));
        Shape([2, 1, 3], T([1, 2, 3, 4, 5, 6], 2, 1, 3).Squeeze(0));
        Shape([2, 1, 3], x.Unsqueeze(1));
        Shape([2, 3, 1], x.Unsqueeze(-1));
        var e = T([1, 2, 3], 3, 1).Expand(2, 3, 4);
        Shape([2, 3, 4], e);
        Assert.Equal([0L, 1, 0], e.Strides);
        Assert.Equal(2.0, e[1, 1, 3].Item<double>());
        var c = x.Clone();
        Assert.Equal(x.ToArray<double>(), c.ToArray<double>());
    }

    [Fact]
    public void ToConvertsAndTheGradientConvertsBack()
    {
        var x = Tensor.FromArray([1.5f, -2f], requiresGrad: true);
        var y = x.To(DType.Float64);
        Assert.Equal(DType.Float64, y.DType);
        Assert.Equal([1.5, -2], y.ToArray<double>());
        (y * y).Sum().Backward();
        Assert.Equal(DType.Float32, x.Grad!.DType);
        Assert.Equal([3f, -4f], x.Grad.ToArray<float>());

        var d = T([0.1, 1e-10]);
        var roundTrip = d.To(DType.Float32).To(DType.Float64);
        Assert.Equal([(double)0.1f, (double)1e-10f], roundTrip.ToArray<double>());
        Assert.Same(d, d.To(DType.Float64));
    }

    // ---- indexing, cat/stack, gather ----

    [Fact]
    public void BasicIndexing()
    {
        var x = T([.. Enumerable.Range(0, 12).Select(i => (double)i)], 4, 3);
        Assert.Equal([0.0, 1, 2], x[0].ToArray<double>());
        Assert.Equal([1.0, 4, 7, 10], x[.., 1].ToArray<double>());
        var s = x[1..3, ^1];
        Shape([2], s);
        Assert.Equal([5.0, 8], s.ToArray<double>());
        Assert.Equal([9.0, 10, 11], x[^1].ToArray<double>());
        Assert.Equal([6.0, 7, 8], x[-2].ToArray<double>());
        Assert.Equal([4.0, 5, 7, 8], x[1..3, 1..].ToArray<double>());
        Assert.Equal([3.0, 4, 5, 6, 7, 8], x.Narrow(0, 1, 2).ToArray<double>());
        Assert.Equal([2.0, 5, 8, 11], x.Select(1, -1).ToArray<double>());
        Assert.Equal(7.0, x[2, 1].Item<double>());
        Assert.Throws<ArgumentOutOfRangeException>(() => x[4]);
    }

    [Fact]
    public void IndexingGradientLandsInPlace()
    {
        var x = Leaf([.. Enumerable.Range(0, 6).Select(i => (double)i)], 3, 2);
        (x[1..3, ^1] * T([10, 20])).Sum().Backward();
        Assert.Equal([0.0, 0, 0, 10, 0, 20], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void CatAndStack()
    {
        var a = T([1, 2, 3, 4], 2, 2);
        var b = T([5, 6], 1, 2);
        var c0 = Tensor.Cat([a, b]);
        Shape([3, 2], c0);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], c0.ToArray<double>());
        var c1 = Tensor.Cat([a, T([7, 8], 2, 1)], 1);
        Shape([2, 3], c1);
        Assert.Equal([1.0, 2, 7, 3, 4, 8], c1.ToArray<double>());
        var s0 = Tensor.Stack([a, a * 10]);
        Shape([2, 2, 2], s0);
        Assert.Equal([1.0, 2, 3, 4, 10, 20, 30, 40], s0.ToArray<double>());
        var s1 = Tensor.Stack([a, a * 10], 1);
        Shape([2, 2, 2], s1);
        Assert.Equal([1.0, 2, 10, 20, 3, 4, 30, 40], s1.ToArray<double>());
        Shape([2, 2, 3], Tensor.Stack([a, a, a], -1));
        Assert.Throws<ArgumentException>(() => Tensor.Cat([a, T([1, 2, 3], 1, 3)]));
        Assert.Throws<ArgumentException>(() => Tensor.Stack([a, b]));
    }

    [Fact]
    public void GatherIndexSelectWhere()
    {
        var x = T([1, 2, 3, 4], 2, 2);
        var g = x.Gather(1, Tensor.FromArray(new long[] { 0, 0, 1, 0 }, [2, 2]));
        Assert.Equal([1.0, 1, 4, 3], g.ToArray<double>());
        Assert.Equal([3.0, 2], x.Gather(0, Tensor.FromArray(new long[] { 1, 0 }, [1, 2])).ToArray<double>());
        var m = T([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal([3.0, 1, 3, 6, 4, 6], m.IndexSelect(1, Ix(2, 0, 2)).ToArray<double>());
        Assert.Equal([4.0, 5, 6, 4, 5, 6], m.IndexSelect(0, Ix(1, 1)).ToArray<double>());
        var cond = Tensor.FromArray(new[] { true, false, true });
        Assert.Equal([1.0, 20, 3, 4, 20, 6], m.Where(cond, T([20], [])).ToArray<double>());
        Assert.Equal([1.0, -1, 3, 4, -1, 6], m.Where(cond, -1.0).ToArray<double>());
        Assert.Throws<ArgumentOutOfRangeException>(() => m.IndexSelect(1, Ix(3)));
    }

    [Fact]
    public void GatherAndIndexSelectGradientsAccumulateRepeats()
    {
        var x = Leaf([1, 2, 3, 4], 2, 2);
        x.Gather(1, Tensor.FromArray(new long[] { 0, 0, 1, 0 }, [2, 2])).Sum().Backward();
        Assert.Equal([2.0, 0, 1, 1], x.Grad!.ToArray<double>());
        var m = Leaf([1, 2, 3, 4, 5, 6], 2, 3);
        m.IndexSelect(1, Ix(2, 0, 2)).Sum().Backward();
        Assert.Equal([1.0, 0, 2, 1, 0, 2], m.Grad!.ToArray<double>());
        var a = Leaf([1, 2, 3]);
        var b = Leaf([4, 5, 6]);
        a.Where(Tensor.FromArray(new[] { true, false, true }), b).Sum().Backward();
        Assert.Equal([1.0, 0, 1], a.Grad!.ToArray<double>());
        Assert.Equal([0.0, 1, 0], b.Grad!.ToArray<double>());
    }

    // ---- softmax ----

    [Fact]
    public void SoftmaxAndLogSoftmax()
    {
        Close([0.09003057317038046, 0.24472847105479764, 0.6652409557748219], T([1, 2, 3]).Softmax(0), 1e-12);
        Close([-2.4076059644443806, -1.4076059644443806, -0.4076059644443806], T([1, 2, 3]).LogSoftmax(0), 1e-12);
        Close([0.2689414213699951, 0.7310585786300049], T([1000, 1001]).Softmax(0), 1e-12);   // stable for large inputs
        var m = T([1, 2, 3, 1, 1, 1], 2, 3);
        Close([0.5, 0.7310585786300049, 0.8807970779778823, 0.5, 0.2689414213699951, 0.11920292202211755], m.Softmax(0), 1e-12);
        Close([1.0, 1.0], m.Softmax(1).Sum(1), 1e-12);
        Close([1.0 / 3, 1.0 / 3, 1.0 / 3], m[1].Softmax(-1), 1e-12);
        Close(m.Softmax(-1).Log().ToArray<double>(), m.LogSoftmax(-1), 1e-12);
        Assert.Equal(DType.Float32, Tensor.FromArray([1f, 2f]).Softmax(0).DType);
    }

    [Fact]
    public void FusedSoftmaxRowsAgreeWithTheComposedForm()
    {
        var x = Tensor.Randn([96, 1000], generator: new Generator(7)) * 5;   // large enough to run rows in parallel
        var g = Tensor.Randn([96, 1000], generator: new Generator(8));
        foreach (bool log in new[] { false, true })
        {
            var xs = x.RequiresGradInPlace(true);
            var fused = log ? xs.LogSoftmax(-1) : xs.Softmax(-1);                       // contiguous last dim: row kernels
            var composed = log ? xs.T.LogSoftmax(0).T : xs.T.Softmax(0).T;             // strided dim: composed ops
            AssertClose(composed.ToArray<float>(), fused.ToArray<float>(), 1e-5f);
            var gradFused = Autograd.Grad(fused, xs, g)!;
            var gradComposed = Autograd.Grad(composed, xs, g)!;
            AssertClose(gradComposed.ToArray<float>(), gradFused.ToArray<float>(), 1e-5f);
        }
    }

    [Fact]
    public void AFloat32SoftmaxRowWithNaNIsAllNaNAndOtherRowsAreUntouched()
    {
        var values = Enumerable.Range(0, 3 * 37).Select(i => (float)Math.Sin(i)).ToArray();
        values[37 + 20] = float.NaN;   // row 1 only; 37 elements: the vector body and the scalar tail
        var x = Tensor.FromArray(values, [3, 37]);
        foreach (var y in new[] { x.Softmax(-1), x.LogSoftmax(-1) })
        {
            var rows = y.ToArray<float>();
            Assert.All(rows[37..74], v => Assert.True(float.IsNaN(v)));
            Assert.DoesNotContain(rows[..37].Concat(rows[74..]), float.IsNaN);
        }
        Assert.Equal(1f, x.Softmax(-1).Sum(-1).ToArray<float>()[2], 1e-6f);
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"element {i}: {actual[i]} vs {expected[i]}");
    }
}
