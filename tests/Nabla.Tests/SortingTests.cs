using static Nabla.Tests.ReductionsMoreTests;

namespace Nabla.Tests;

/// <summary>sort, argsort, topk, kthvalue, median, nanmedian and unique: values and positions against PyTorch's, stability, NaN, errors.</summary>
public sealed class SortingTests
{
    private static readonly Tensor V = Tensor.FromArray(new double[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8 }, [3, 4]);

    private static void Positions(long[] expected, Tensor indices)
    {
        Assert.Equal(DType.Int64, indices.DType);
        Assert.Equal(expected, indices.ToArray<long>());
    }

    [Fact]
    public void SortIsStableAndPutsNaNLast()
    {
        var (values, indices) = V.Sort(1);
        Expect(values, [1, 1, 3, 4, 2, 5, 6, 9, 3, 5, 5, 8], [3, 4]);
        Positions([1, 3, 0, 2, 2, 0, 3, 1, 1, 0, 2, 3], indices);
        (values, indices) = V.Sort(dim: 0, descending: true);
        Expect(values, [5, 9, 5, 8, 5, 3, 4, 6, 3, 1, 2, 1], [3, 4]);
        Positions([1, 1, 2, 2, 2, 2, 0, 1, 0, 0, 1, 0], indices);
        Positions([1, 3, 0, 2, 2, 0, 3, 1, 1, 0, 2, 3], V.Argsort(1));
        Positions([1, 1, 2, 2, 2, 2, 0, 1, 0, 0, 1, 0], V.Argsort(0, descending: true));

        var ties = Tensor.FromArray(new long[] { 2, 1, 2, 1, 2 });
        Positions([1, 3, 0, 2, 4], ties.Sort(stable: true).Indices);
        Positions([0, 2, 4, 1, 3], ties.Sort(descending: true, stable: true).Indices);

        var nan = Tensor.FromArray([double.NaN, 1, double.NaN, 0]);
        (values, indices) = nan.Sort();
        Expect(values, [0, 1, double.NaN, double.NaN], [4]);
        Positions([3, 1, 0, 2], indices);
        (values, indices) = nan.Sort(descending: true);
        Expect(values, [double.NaN, double.NaN, 1, 0], [4]);
        Positions([0, 2, 1, 3], indices);

        var (flags, order) = Tensor.FromArray(new[] { true, false }).Sort();
        Assert.Equal([false, true], flags.ToArray<bool>());
        Positions([1, 0], order);
        (values, indices) = Tensor.Scalar(5.0).Sort();
        Assert.Equal([], values.Shape.ToArray());
        Assert.Equal(0L, indices.Item<long>());
        Assert.Equal([2, 0], Tensor.Zeros(2, 0).Sort().Values.Shape.ToArray());
    }

    [Fact]
    public void SortOfLongLinesMatchesAStableReferenceSort()
    {
        // 64 lines of 1024 (enough to run on several threads), with many ties, strided (dim 0 of a [1024, 64]).
        var g = new Generator(3);
        var x = Tensor.RandInt(0, 20, [1024, 64], generator: g).To(DType.Float32);
        var (values, indices) = x.Sort(dim: 0, descending: true);
        var data = x.ToArray<float>();
        var sortedValues = values.ToArray<float>();
        var positions = indices.ToArray<long>();
        for (int line = 0; line < 64; line++)
        {
            var expected = Enumerable.Range(0, 1024).OrderByDescending(i => data[i * 64 + line]).ToArray();   // LINQ's sort is stable
            for (int k = 0; k < 1024; k++)
            {
                Assert.Equal(expected[k], positions[k * 64 + line]);
                Assert.Equal(data[expected[k] * 64 + line], sortedValues[k * 64 + line]);
            }
        }
    }

    [Fact]
    public void SortGradientGoesBackToEachPosition()
    {
        var x = Tensor.FromArray(new double[] { 3, 1, 2 }, requiresGrad: true);
        var (values, _) = x.Sort();
        Assert.Equal("SortBackward0", values.GradFn!.Name);
        Assert.Equal("SortBackward1", x.Sort(stable: false).Values.GradFn!.Name);   // giving stable picks sort.stable, as in PyTorch
        values.Backward(Tensor.FromArray(new double[] { 1, 10, 100 }));
        Expect(x.Grad!, [100, 1, 10], [3]);
    }

    [Fact]
    public void TopKSelectsTheLargestOrSmallest()
    {
        var (values, indices) = V.TopK(2);
        Expect(values, [4, 3, 9, 6, 8, 5], [3, 2]);
        Positions([2, 0, 1, 3, 3, 0], indices);
        (values, indices) = V.TopK(2, dim: 0, largest: false, sorted: true);
        Expect(values, [3, 1, 2, 1, 5, 3, 4, 6], [2, 4]);
        Positions([0, 0, 1, 0, 1, 2, 0, 1], indices);
        var (nanValues, nanIndices) = Tensor.FromArray([double.NaN, 1, double.NaN, 0]).TopK(2);
        Expect(nanValues, [double.NaN, double.NaN], [2]);
        Positions([0, 2], nanIndices);
        Assert.Equal([3, 0], V.TopK(0).Values.Shape.ToArray());
        var (scalar, at) = Tensor.Scalar(5.0).TopK(1);
        Assert.Equal([], scalar.Shape.ToArray());
        Assert.Equal(0L, at.Item<long>());
        Assert.Equal(5.0, Tensor.Scalar(5.0).TopK(0).Values.Item<double>());   // PyTorch's 0-d quirk: k = 0 gives the element too

        // Selection on a long line, unsorted, holds the same set as a full sort's head.
        var x = Tensor.Randn([5000], DType.Float64, generator: new Generator(5));
        var (top, where) = x.TopK(7, sorted: false);
        var reference = x.Sort(descending: true);
        Assert.Equal(reference.Values.Narrow(0, 0, 7).ToArray<double>().Order(), top.ToArray<double>().Order());
        Assert.Equal(reference.Indices.Narrow(0, 0, 7).ToArray<long>().Order(), where.ToArray<long>().Order());
        Expect(x.TopK(7).Values, reference.Values.Narrow(0, 0, 7).ToArray<double>(), [7]);

        // A small k on a long line keeps a heap of the best: NaN first, and ties by position, as selection does.
        var line = Tensor.FromArray(Enumerable.Range(0, 200).Select(i => i is 50 or 150 ? double.NaN : i % 10).ToArray());
        (values, indices) = line.TopK(3);
        Expect(values, [double.NaN, double.NaN, 9], [3]);
        Positions([50, 150, 9], indices);
        (values, indices) = line.TopK(3, largest: false);
        Expect(values, [0, 0, 0], [3]);
        Positions([0, 10, 20], indices);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.FromArray([1.0, 2]).TopK(3));
        Assert.Contains("selected index k out of range", error.Message);
        Assert.Equal("k", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.FromArray([1.0, 2]).TopK(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => V.TopK(1, dim: 2));
    }

    [Fact]
    public void KthValueAndMedians()
    {
        var (values, indices) = V.Kthvalue(2, 1);
        Expect(values, [1, 5, 5], [3]);
        Positions([3, 0, 0], indices);
        (values, indices) = V.Kthvalue(3, 0, keepDim: true);
        Expect(values, [5, 9, 5, 8], [1, 4]);
        Positions([2, 1, 2, 2], indices);
        (values, indices) = Tensor.FromArray([3.0, double.NaN, 1, double.NaN, 0]).Kthvalue(5);
        Expect(values, [double.NaN], []);
        Assert.Equal(3L, indices.Item<long>());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => V.Kthvalue(5, 1));
        Assert.Contains("kthvalue(): selected number k out of range for dimension 1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => V.Kthvalue(0));

        var w = Tensor.FromArray(new double[] { 3, 1, 4, 1, 5, 9, 2, 6 });
        Expect(w.Median(), [3], []);   // the lower of the two middle values
        Expect(w.NanMedian(), [3], []);
        (values, indices) = V.Median(1);
        Expect(values, [1, 5, 5], [3]);
        (values, indices) = V.Median(0, keepDim: true);
        Expect(values, [5, 3, 4, 6], [1, 4]);
        Positions([1, 2, 0, 1], indices);
        Assert.Equal(2L, Tensor.FromArray(new long[] { 1, 2, 3, 4 }).Median().Item<long>());

        var withNaN = Tensor.FromArray([3.0, double.NaN, 1, double.NaN, 0]);
        Expect(withNaN.Median(), [double.NaN], []);
        Expect(withNaN.NanMedian(), [1], []);
        (values, indices) = withNaN.Median(0);
        Expect(values, [double.NaN], []);
        Assert.Equal(1L, indices.Item<long>());   // the first NaN
        (values, indices) = withNaN.NanMedian(0);
        Expect(values, [1], []);
        Assert.Equal(2L, indices.Item<long>());
        (values, indices) = Tensor.FromArray([double.NaN, double.NaN]).NanMedian(0);
        Expect(values, [double.NaN], []);
        Assert.Equal(0L, indices.Item<long>());
        Expect(Tensor.Zeros(0).Median(), [double.NaN], []);
        var empty = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 0).Median(1));
        Assert.Equal("median(): Expected reduction dim 1 to have non-zero size.", empty.Message);
    }

    [Fact]
    public void MedianGradientIsSharedAmongEqualElements()
    {
        var x = Tensor.FromArray(new double[] { 2, 1, 2, 3 }, requiresGrad: true);
        var m = x.Median();
        Assert.Equal("MedianBackward0", m.GradFn!.Name);
        m.Backward();
        Expect(x.Grad!, [0.5, 0, 0.5, 0], [4]);
        x.Grad = null;
        var (values, _) = x.View(2, 2).Median(1);
        Assert.Equal("MedianBackward1", values.GradFn!.Name);
        values.Sum().Backward();
        Expect(x.Grad!, [0, 1, 1, 0], [4]);
    }

    [Fact]
    public void UniqueValuesInverseAndCounts()
    {
        var (output, inverse, counts) = Tensor.FromArray(new long[] { 1, 5, 2, 5, 2 }).Unique(returnInverse: true, returnCounts: true);
        Assert.Equal([1L, 2, 5], output.ToArray<long>());
        Positions([0, 2, 1, 2, 1], inverse!);
        Positions([1, 2, 2], counts!);
        var (plain, none, noCounts) = Tensor.FromArray(new long[] { 3, 1, 2, 1 }).Unique(sorted: false);
        Assert.Equal([1L, 2, 3], plain.ToArray<long>());
        Assert.Null(none);
        Assert.Null(noCounts);

        (output, inverse, _) = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [2, 2]).Unique(returnInverse: true);
        Assert.Equal([2, 2], inverse!.Shape.ToArray());
        (output, inverse, counts) = Tensor.FromArray([double.NaN, 1, double.NaN, 1]).Unique(returnInverse: true, returnCounts: true);
        Expect(output, [1, double.NaN, double.NaN], [3]);   // NaN is never equal to NaN
        Positions([1, 0, 2, 0], inverse!);
        Positions([2, 1, 1], counts!);

        var rows = Tensor.FromArray(new long[] { 1, 2, 0, 5, 1, 2 }, [3, 2]);
        (output, inverse, counts) = rows.Unique(returnInverse: true, returnCounts: true, dim: 0);
        Assert.Equal([2, 2], output.Shape.ToArray());
        Assert.Equal([0L, 5, 1, 2], output.ToArray<long>());
        Positions([1, 0, 1], inverse!);
        Positions([1, 2], counts!);
        (output, inverse, counts) = Tensor.FromArray(new long[] { 1, 2, 1, 0, 5, 0 }, [2, 3]).Unique(returnInverse: true, returnCounts: true, dim: 1);
        Assert.Equal([2, 2], output.Shape.ToArray());
        Assert.Equal([1L, 2, 0, 5], output.ToArray<long>());
        Positions([0, 1, 0], inverse!);
        Positions([2, 1], counts!);

        (output, inverse, counts) = Tensor.Scalar(5.0).Unique(returnInverse: true, returnCounts: true);
        Expect(output, [5], [1]);
        Assert.Equal([], inverse!.Shape.ToArray());
        (output, _, counts) = Tensor.Zeros(0, 3).Unique(returnCounts: true, dim: 0);
        Assert.Equal([0, 3], output.Shape.ToArray());
        Assert.Equal([0], counts!.Shape.ToArray());
        Assert.False(Tensor.FromArray(new double[] { 1, 1 }, requiresGrad: true).Unique().Output.RequiresGrad);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Scalar(5.0).Unique(dim: 0));
        Assert.Contains("Dimension specified as 0 but tensor has no dimensions", error.Message);
    }
}
