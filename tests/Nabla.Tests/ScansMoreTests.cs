using static Nabla.Tests.ReductionsMoreTests;

namespace Nabla.Tests;

/// <summary>cumprod, logcumsumexp, cummax, cummin: values against PyTorch's, zeros in cumprod's gradient, NaN and ties.</summary>
public sealed class ScansMoreTests
{
    private static readonly Tensor X = Tensor.FromArray(new double[] { 1.5, -2, 3, 0.5, 4, -1 }, [2, 3]);

    [Fact]
    public void CumProdValuesAndDTypes()
    {
        Expect(X.CumProd(1), [1.5, -3, -9, 0.5, 2, -2], [2, 3]);
        Expect(X.CumProd(0), [1.5, -2, 3, 0.75, -8, -3], [2, 3]);
        Expect(X.T.CumProd(-1), [1.5, 0.75, -2, -8, 3, -3], [3, 2]);
        var ints = Tensor.FromArray(new[] { 1, 2, 3 }).CumProd(0);
        Assert.Equal(DType.Int64, ints.DType);
        Assert.Equal([1L, 2, 6], ints.ToArray<long>());
        Assert.Equal([1L, 0], Tensor.FromArray(new[] { true, false }).CumProd(0).ToArray<long>());
        Assert.Equal(DType.Float64, Tensor.FromArray(new[] { 1, 2 }).CumProd(0, DType.Float64).DType);
        Expect(Tensor.Scalar(5.0).CumProd(0), [5], []);
        Assert.Equal([2, 0], Tensor.Zeros(2, 0).CumProd(1).Shape.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => X.CumProd(2));
    }

    [Fact]
    public void CumProdGradientIsExactWithZeros()
    {
        // Values from PyTorch 1.13 (the O(n) path of cumprod_backward: no graph is recorded).
        var x = Tensor.FromArray(new double[] { 2, 0, 3, 0, 4, 5, 1, 2, 0, 4, 5, 6 }, [2, 6], requiresGrad: true);
        var y = x.CumProd(1);
        Expect(y, [2, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0], [2, 6]);
        y.Backward(Tensor.Arange(1.0, 13.0, dtype: DType.Float64).View(2, 6));
        Expect(x.Grad!, [1, 22, 0, 0, 0, 0, 23, 8, 3418, 0, 0, 0], [2, 6]);

        // With createGraph the quadratic form runs: the same first derivative, and PyTorch's second.
        var z = Tensor.FromArray(new double[] { 2, 3, 0, 4, 5 }, requiresGrad: true);
        var g = Autograd.Grad(z.CumProd(0).Sum(), z, createGraph: true)!;
        var plain = Autograd.Grad(z.CumProd(0).Sum(), z)!;
        Expect(g, plain.ToArray<double>(), [5]);
        Expect(plain, [1 + 3, 2 * (1 + 0), 2 * 3 * (1 + 4 + 20), 0, 0], [5]);
        Expect(Autograd.Grad(g.Sum(), z)!, [76, 51, 185, 36, 24], [5]);
    }

    [Fact]
    public void LogCumSumExpIsStable()
    {
        Expect(X.LogCumSumExp(1), [1.5, 1.5297504182726205, 3.2069069336734133, 0.5, 4.029750418272621, 4.03626956512478], [2, 3]);
        Expect(Tensor.FromArray([1000.0, 1000, -1000]).LogCumSumExp(0), [1000, 1000.6931471805599, 1000.6931471805599], [3]);
        Expect(Tensor.FromArray([double.NegativeInfinity, 1, double.NegativeInfinity, 2]).LogCumSumExp(0),
            [double.NegativeInfinity, 1, 1, 2.313261687518223], [4]);
        Expect(Tensor.FromArray([double.PositiveInfinity, 1, double.PositiveInfinity]).LogCumSumExp(0), [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity], [3]);
        Expect(Tensor.FromArray([1.0, double.NaN, 2]).LogCumSumExp(0), [1, double.NaN, double.NaN], [3]);
        // log(1 + e) where 1 + e rounds to 1: the small term must survive.
        Expect(Tensor.FromArray([0.0, -40]).LogCumSumExp(0), [0, 4.248354255291589e-18], [2]);
        Assert.Equal(1.0000454187393188f, Tensor.FromArray([1f, -9f]).LogCumSumExp(0).ToArray<float>()[1]);
        var error = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new long[] { 1, 2 }).LogCumSumExp(0));
        Assert.Contains("int64", error.Message);
    }

    [Fact]
    public void CumMaxCumMinReportTheLatestTieAndKeepNaN()
    {
        var (values, indices) = Tensor.FromArray([1.0, 3, 2, 3, double.NaN, 2, 5]).CumMax(0);
        Expect(values, [1, 3, 3, 3, double.NaN, double.NaN, double.NaN], [7]);
        Assert.Equal([0L, 1, 1, 3, 4, 4, 4], indices.ToArray<long>());
        (values, indices) = Tensor.FromArray([1.0, 3, 2, 1, double.NaN, 2, 0]).CumMin(0);
        Expect(values, [1, 1, 1, 1, double.NaN, double.NaN, double.NaN], [7]);
        Assert.Equal([0L, 0, 0, 3, 4, 4, 4], indices.ToArray<long>());

        var v = Tensor.FromArray(new double[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8 }, [3, 4]);
        (values, indices) = v.CumMax(1);
        Expect(values, [3, 3, 4, 4, 5, 9, 9, 9, 5, 5, 5, 8], [3, 4]);
        Assert.Equal([0L, 0, 2, 2, 0, 1, 1, 1, 0, 0, 2, 3], indices.ToArray<long>());
        (values, indices) = v.CumMin(0);
        Expect(values, [3, 1, 4, 1, 3, 1, 2, 1, 3, 1, 2, 1], [3, 4]);
        Assert.Equal([0L, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0], indices.ToArray<long>());
        var (intValues, _) = Tensor.FromArray(new[] { 2, 1, 3 }).CumMax(0);
        Assert.Equal([2, 2, 3], intValues.ToArray<int>());
        var (scalar, at) = Tensor.Scalar(5.0).CumMax(0);
        Assert.Equal([], scalar.Shape.ToArray());
        Assert.Equal(0L, at.Item<long>());
    }

    [Fact]
    public void CumMaxGradientGoesToWhereEachMaxCameFrom()
    {
        var x = Tensor.FromArray(new double[] { 1, 3, 2, 3, 0 }, requiresGrad: true);
        var (values, _) = x.CumMax(0);
        Assert.Equal("CummaxBackward0", values.GradFn!.Name);
        values.Backward(Tensor.FromArray(new double[] { 1, 10, 100, 1000, 10000 }));
        Expect(x.Grad!, [1, 110, 0, 11000, 0], [5]);
    }
}
