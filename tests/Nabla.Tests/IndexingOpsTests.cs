using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// Forward values and hand-checked gradients of the indexing ops (advanced indexing, stepped slices,
/// scatter, scatter_reduce, index_copy/index_fill, masked ops, take, nonzero, one_hot) against what
/// PyTorch 1.13 prints for the same calls; node names and finite differences are in the op table.
/// </summary>
public class IndexingOpsTests
{
    private static Tensor Arange(int n, params int[] shape) => Tensor.Arange(0.0, n, dtype: DType.Float64).Reshape(shape);

    private static Tensor Longs(params long[] values) => Tensor.FromArray(values);

    private static Tensor Doubles(double[] values, params int[] shape) => Tensor.FromArray(values, shape.Length == 0 ? [values.Length] : shape);

    private static Tensor Bools(params bool[] values) => Tensor.FromArray(values);

    [Fact]
    public void AdvancedIndicesFollowPyTorchForMixedSubscripts()
    {
        var x = Arange(24, 2, 3, 4);
        var i = Longs(0, 1);
        // An int selects first (PyTorch, unlike NumPy, does not count it as an advanced index).
        Assert.Equal([3, 2], x[0, .., i].Shape.ToArray());
        Assert.Equal([0.0, 1, 4, 5, 8, 9], x[0, .., i].ToArray<double>());
        // Index dims separated by a slice go first.
        Assert.Equal([2, 2], x[i, 1.., i].Shape.ToArray());
        Assert.Equal([4.0, 8, 17, 21], x[i, 1.., i].ToArray<double>());
        Assert.Equal([2, 2, 4], x[.., Bools(true, false, true)].Shape.ToArray());
        Assert.Equal([0.0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23], x[.., Bools(true, false, true)].ToArray<double>());
        Assert.Equal([2, 2, 3, 4], x[Tensor.FromArray(new long[] { 0, 1, 1, 0 }, [2, 2])].Shape.ToArray());
        Assert.Equal([2, 1, 4], x[i, TensorIndex.None, i].Shape.ToArray());
        Assert.Equal([2, 3, 4, 1], x[TensorIndex.Ellipsis, TensorIndex.None].Shape.ToArray());
    }

    /// <summary>Shapes and position-weighted sums (Σ y·arange) that PyTorch 1.13 gives for the same subscripts of arange(120).reshape(2, 3, 4, 5).</summary>
    [Fact]
    public void SubscriptCombinationsMatchPyTorch()
    {
        var x = Arange(120, 2, 3, 4, 5);
        var (i, j, j3) = (Longs(0, 2), Longs(1, 3), Longs(0, 2, 1));
        var i2 = Tensor.FromArray(new long[] { 0, 1 }, [2, 1]);
        var m = Tensor.FromArray(new[] { true, false, true, false, false, true, true, false, true, true, false, false }, [3, 4]);
        var none = TensorIndex.None;
        (Tensor Result, int[] Shape, double WeightedSum)[] cases =
        [
            (x[.., i, .., j], [2, 2, 4], 9544),
            (x[i2, .., j3], [2, 3, 3, 5], 297465),
            (x[TensorIndex.Ellipsis, j], [2, 3, 4, 2], 90140),
            (x[.., .., j, j], [2, 3, 2], 5528),
            (x[i2, j3], [2, 3, 4, 5], 552820),
            (x[1.., i, TensorIndex.Slice(null, null, 2), j], [2, 1, 2], 616),
            (x[none, Longs(1, 0, 1), none, j3], [3, 1, 1, 4, 5], 133010),
            (x[.., m], [2, 6, 5], 136010),
            (x[0, m], [6, 5], 15805),
            (x[.., -i, .., -j], [2, 2, 4], 7696),
        ];
        foreach (var (result, shape, weightedSum) in cases)
        {
            Assert.Equal(shape, result.Shape.ToArray());
            var positions = Tensor.Arange(0.0, result.Numel, dtype: DType.Float64).Reshape(shape);
            Assert.Equal(weightedSum, (result * positions).Sum().Item<double>());
        }
    }

    [Fact]
    public void ZeroDimTensorSubscriptsSelectOrMask()
    {
        var x = Arange(6, 2, 3).RequiresGradInPlace();
        Assert.Equal("SelectBackward0", x[Tensor.Scalar(1L)].GradFn?.Name);
        Assert.Equal([3.0, 4, 5], x[Tensor.Scalar(1L)].ToArray<double>());
        Assert.Equal([1, 2, 3], x[Tensor.Scalar(true)].Shape.ToArray());
        Assert.Equal([0, 2, 3], x[Tensor.Scalar(false)].Shape.ToArray());
    }

    [Fact]
    public void ReadingThroughRepeatedIndicesAddsTheirGradients()
    {
        var x = Arange(24, 2, 3, 4).RequiresGradInPlace();
        x[Longs(1, 1, 0)].Sum().Backward();
        Assert.Equal([.. Enumerable.Repeat(1.0, 12), .. Enumerable.Repeat(2.0, 12)], x.Grad!.ToArray<double>());

        x.Grad = null;
        var y = x[.., Tensor.FromArray(new long[] { 0, 2, 2, 2 }, [2, 2]), 1];
        Assert.Equal([2, 2, 2], y.Shape.ToArray());
        Assert.Equal([1.0, 9, 9, 9, 13, 21, 21, 21], y.ToArray<double>());
        y.Sum().Backward();
        Assert.Equal([0.0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void MaskedIndexGivesTheTrueElementsInRowMajorOrder()
    {
        var x = Doubles([3, -1, 4, -1, 5, -9], 2, 3);
        var positive = x[x.Gt(0)];
        Assert.Equal([3], positive.Shape.ToArray());
        Assert.Equal([3.0, 4, 5], positive.ToArray<double>());
        // A mask over the first dims, then a select after it (NumPy's rule; PyTorch 1.13 refuses this one).
        var mask = Tensor.FromArray(new[] { true, false, true, false, true, false }, [2, 3]);
        Assert.Equal([0.0, 8, 16], Arange(24, 2, 3, 4)[mask, 0].ToArray<double>());
    }

    [Fact]
    public void SteppedSlicesAreViews()
    {
        var x = Arange(10, 2, 5);
        var s = x.Slice(dim: 1, start: 1, end: 10, step: 3);
        Assert.Equal([1.0, 4, 6, 9], s.ToArray<double>());
        Assert.Equal([5L, 3], s.Strides);
        Assert.Equal([1.0, 4, 6, 9], x[.., TensorIndex.Slice(1, null, 3)].ToArray<double>());
        Assert.Equal([2, 0], x.Slice(1, 4, 2).Shape.ToArray());   // end before start: empty
        Assert.Equal([3.0, 8], x.Slice(1, -2, -1).ToArray<double>());
        using (Autograd.NoGrad()) s.FillInPlace(-1);
        Assert.Equal([0.0, -1, 2, 3, -1, 5, -1, 7, 8, -1], x.ToArray<double>());
    }

    [Fact]
    public void SliceGradientLandsOnTheSlicedElements()
    {
        var x = Arange(10, 2, 5).RequiresGradInPlace();
        (x.Slice(1, 0, null, 2) * Doubles([1, 2, 3, 4, 5, 6], 2, 3)).Sum().Backward();
        Assert.Equal([1.0, 0, 2, 0, 3, 4, 0, 5, 0, 6], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void ScatterReduceProdWithZerosMatchesPyTorch()
    {
        var self = Doubles([1, 0, 2, 3, 4, 5, 0, 6, 7, 8, 9, 0], 3, 4).RequiresGradInPlace();
        var src = Doubles([0, 2, 3, 0, 5, 0, 7, 0], 2, 4).RequiresGradInPlace();
        var index = Tensor.FromArray(new long[] { 0, 1, 0, 1, 0, 1, 0, 1 }, [2, 4]);
        var r = self.ScatterReduce(0, index, src, "prod");
        Assert.Equal([0.0, 0, 42, 3, 4, 0, 0, 0, 7, 8, 9, 0], r.ToArray<double>());
        r.Sum().Backward();
        Assert.Equal([0.0, 1, 21, 1, 1, 0, 1, 0, 1, 1, 1, 1], self.Grad!.ToArray<double>());
        Assert.Equal([5.0, 0, 14, 0, 0, 10, 6, 0], src.Grad!.ToArray<double>());
    }

    [Fact]
    public void ScatterReduceAmaxShareTiesAndMeanDividesByCounts()
    {
        var self = Doubles([1, 0, 2, 3, 4, 5, 0, 6, 7, 8, 9, 0], 3, 4).RequiresGradInPlace();
        var src = Doubles([0, 2, 3, 0, 5, 0, 7, 0], 2, 4).RequiresGradInPlace();
        var index = Tensor.FromArray(new long[] { 0, 1, 0, 1, 0, 1, 0, 1 }, [2, 4]);
        var amax = self.ScatterReduce(0, index, src, "amax", includeSelf: false);
        Assert.Equal([5.0, 0, 7, 3, 4, 2, 0, 0, 7, 8, 9, 0], amax.ToArray<double>());
        amax.Sum().Backward();
        Assert.Equal([0.0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1], self.Grad!.ToArray<double>());
        Assert.Equal([0.0, 1, 0, 0.5, 1, 0, 1, 0.5], src.Grad!.ToArray<double>());

        self.Grad = src.Grad = null;
        var mean = self.ScatterReduce(0, index, src, "mean");
        Assert.Equal([2.0, 0, 4, 3, 4, 7 / 3.0, 0, 2, 7, 8, 9, 0], mean.ToArray<double>(), new ToleranceComparer(1e-12));
        (mean * Arange(12, 3, 4)).Sum().Backward();
        Assert.Equal([0.0, 1, 2 / 3.0, 3, 4, 5 / 3.0, 6, 7 / 3.0, 8, 9, 10, 11], self.Grad!.ToArray<double>(), new ToleranceComparer(1e-12));
        Assert.Equal([0.0, 5 / 3.0, 2 / 3.0, 7 / 3.0, 0, 5 / 3.0, 2 / 3.0, 7 / 3.0], src.Grad!.ToArray<double>(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void ScatterReduceOnIntegersRoundsTheMeanDown()
    {
        var self = Longs(1, 2, 3);
        var index = Longs(0, 0, 2);
        var src = Longs(4, 6, 9);
        Assert.Equal([3L, 2, 6], self.ScatterReduce(0, index, src, "mean").ToArray<long>());
        Assert.Equal([5L, 2, 9], self.ScatterReduce(0, index, src, "mean", includeSelf: false).ToArray<long>());
        Assert.Equal([-3L, 2, 3], Longs(-1, 2, 3).ScatterReduce(0, Longs(0, 0), Longs(-3, -4), "mean").ToArray<long>());   // floor(-8/3), not -8/3 truncated
    }

    [Fact]
    public void ScatterIndexCopyIndexFillValues()
    {
        Assert.Equal([1.0, 0, 0, 4, 0, 2, 0, 0, 0, 0, 3, 0],
            Tensor.Zeros([3, 4], DType.Float64).Scatter(0, Tensor.FromArray(new long[] { 0, 1, 2, 0 }, [1, 4]), Doubles([1, 2, 3, 4], 1, 4)).ToArray<double>());
        Assert.Equal([0.0, 0, 5, 5, 0, 0], Tensor.Zeros([2, 3], DType.Float64).Scatter(1, Tensor.FromArray(new long[] { 2, 0 }, [2, 1]), 5).ToArray<double>());
        Assert.Equal([3.0, 4, 0, 0, 0, 0, 1, 2],
            Tensor.Zeros([4, 2], DType.Float64).IndexCopy(0, Longs(3, 0), Doubles([1, 2, 3, 4], 2, 2)).ToArray<double>());
        Assert.Equal([-1.0, 2, -1, -1, 5, -1], Doubles([1, 2, 3, 4, 5, 6], 2, 3).IndexFill(1, Longs(0, -1), -1).ToArray<double>());
    }

    [Fact]
    public void MaskedFillWithATensorValueSumsItsGradient()
    {
        var w = Doubles([1, -2, 3, -4, 5, -6], 2, 3).RequiresGradInPlace();
        var v = Tensor.Scalar(7.0, DType.Float64, requiresGrad: true);
        var r = w.MaskedFill(w.Lt(0), v);
        Assert.Equal([1.0, 7, 3, 7, 5, 7], r.ToArray<double>());
        (r * Doubles([1, 2, 3, 4, 5, 6], 2, 3)).Sum().Backward();
        Assert.Equal([1.0, 0, 3, 0, 5, 0], w.Grad!.ToArray<double>());
        Assert.Equal(12.0, v.Grad!.Item<double>());
        Assert.Equal([2L, 2], Longs(1, 2).MaskedFill(Bools(true, false), 2.7).ToArray<long>());   // converted to the tensor's dtype (truncated)
        Assert.Equal([double.NegativeInfinity, 2], Doubles([1, 2]).MaskedFill(Bools(true, false), double.NegativeInfinity).ToArray<double>());
    }

    [Fact]
    public void MaskedSelectAndScatterBroadcastWithTheMask()
    {
        var mask = Tensor.FromArray(new[] { true, false, true, false, true, false }, [2, 3]);
        Assert.Equal([1.0, 3, 2], Doubles([1, 2, 3]).MaskedSelect(mask).ToArray<double>());
        Assert.Equal([7.0, 2, 8, 4], Doubles([1, 2, 3, 4], 2, 2).MaskedScatter(Bools(true, false), Doubles([7, 8, 9])).ToArray<double>());
    }

    [Fact]
    public void TakeAndTakeAlongDim()
    {
        var x = Doubles([4, 5, 6, 7, 8, 9], 2, 3);
        var taken = x.Take(Tensor.FromArray(new long[] { 0, -1, 3, 3 }, [2, 2]));
        Assert.Equal([2, 2], taken.Shape.ToArray());
        Assert.Equal([4.0, 9, 7, 7], taken.ToArray<double>());
        var scores = Doubles([10, 30, 20, 60, 40, 50], 2, 3);
        var order = Tensor.FromArray(new long[] { 0, 2, 1, 1, 2, 0 }, [2, 3]);
        Assert.Equal([10.0, 20, 30, 40, 50, 60], scores.TakeAlongDim(order, dim: 1).ToArray<double>());
        Assert.Equal([60.0, 10], scores.TakeAlongDim(Longs(3, 0)).ToArray<double>());
    }

    [Fact]
    public void NonzeroArgwhereAndOneHot()
    {
        var x = Tensor.FromArray(new long[] { 0, 1, 2, 0 }, [2, 2]);
        Assert.Equal(DType.Int64, x.Nonzero().DType);
        Assert.Equal([2, 2], x.Argwhere().Shape.ToArray());
        Assert.Equal([0L, 1, 1, 0], x.Argwhere().ToArray<long>());
        var (rows, cols) = (x.NonzeroAsTuple()[0], x.NonzeroAsTuple()[1]);
        Assert.Equal([0L, 1], rows.ToArray<long>());
        Assert.Equal([1L, 0], cols.ToArray<long>());
        Assert.Equal([1, 0], Tensor.Scalar(3.0).Nonzero().Shape.ToArray());
        Assert.Equal([0, 1], Tensor.Zeros([3]).Nonzero().Shape.ToArray());
        Assert.Equal([1L], Doubles([0, double.NaN]).Nonzero().ToArray<long>());   // NaN is nonzero

        var oneHot = F.OneHot(Tensor.FromArray(new long[] { 1, 0, 2, 1 }, [2, 2]), 4);
        Assert.Equal([2, 2, 4], oneHot.Shape.ToArray());
        Assert.Equal(DType.Int64, oneHot.DType);
        Assert.Equal([0L, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0], oneHot.ToArray<long>());
        Assert.Equal([1, 3], F.OneHot(Longs(2)).Shape.ToArray());
        Assert.Equal([0, 3], F.OneHot(Longs(), 3).Shape.ToArray());
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
