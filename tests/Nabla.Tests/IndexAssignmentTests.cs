namespace Nabla.Tests;

/// <summary>
/// <c>x[...] = value</c> and the in-place index writes: PyTorch's values (copy_ into a view for basic
/// subscripts, index_put_ for tensor ones), version counter, the refusal on leaves that require grad,
/// and gradients through the write.
/// </summary>
public class IndexAssignmentTests
{
    private static Tensor Doubles(params double[] values) => Tensor.FromArray(values, DType.Float64);

    private static Tensor Longs(params long[] values) => Tensor.FromArray(values);

    [Fact]
    public void AssignmentsWriteWhatPyTorchWrites()
    {
        var z = Tensor.Zeros([3, 4], DType.Float64);
        z[Longs(0, 2), Longs(1, 3)] = Doubles(5, 6);
        Assert.Equal([0.0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6], z.ToArray<double>());
        z[.., 0] = Doubles(1, 2, 3);
        z[z.Gt(4)] = Tensor.Scalar(-1.0, DType.Float64);
        z[1.., TensorIndex.Slice(null, null, 2)] = Tensor.Scalar(9.0, DType.Float64);
        Assert.Equal([1.0, -1, 0, 0, 9, 0, 9, 0, 9, 0, 9, -1], z.ToArray<double>());
        z[0] = Tensor.Ones([1, 4], DType.Float64);   // leading size-1 dims of the value are dropped, as in PyTorch
        Assert.Equal([1.0, 1, 1, 1], z[0].ToArray<double>());
    }

    /// <summary>Where index_put_ writes for separated, masked and stepped subscripts: Σ y·arange after y[...] = 1, 2, 3..., as PyTorch 1.13 gives it.</summary>
    [Fact]
    public void AssignedPositionsMatchPyTorch()
    {
        var (i, j) = (Longs(0, 2), Longs(1, 3));
        var m = Tensor.FromArray(new[] { true, false, true, false, false, true, true, false, true, true, false, false }, [3, 4]);
        (Action<Tensor, Tensor> Write, int[] ValueShape, double WeightedSum)[] cases =
        [
            ((y, v) => y[.., i, .., j] = v, [2, 2, 4], 10496),
            ((y, v) => y[.., m] = v, [2, 6, 5], 139430),
            ((y, v) => y[1.., i, TensorIndex.Slice(null, null, 2), j] = v, [2, 1, 2], 964),
            ((y, v) => y[TensorIndex.Ellipsis, j] = v, [3, 4, 2], 41444),
        ];
        foreach (var (write, valueShape, weightedSum) in cases)
        {
            var y = Tensor.Zeros([2, 3, 4, 5], DType.Float64);
            write(y, Tensor.Arange(1.0, 1 + valueShape.Aggregate(1, (p, s) => p * s), dtype: DType.Float64).Reshape(valueShape));
            Assert.Equal(weightedSum, (y * Tensor.Arange(0.0, 120, dtype: DType.Float64).Reshape(2, 3, 4, 5)).Sum().Item<double>());
        }
    }

    [Fact]
    public void AssignmentBumpsTheVersionAndLastWriteWins()
    {
        var z = Tensor.Zeros([4], DType.Float64);
        long before = z.Version;
        z[Longs(1, 1)] = Doubles(7, 8);
        Assert.True(z.Version > before);
        Assert.Equal([0.0, 8, 0, 0], z.ToArray<double>());
    }

    [Fact]
    public void IndexPutAccumulateAddsRepeats()
    {
        var a = Tensor.Zeros([5], DType.Float64);
        Assert.Same(a, a.IndexPutInPlace([Longs(0, 0, 3)], Doubles(1, 2, 3), accumulate: true));
        Assert.Equal([3.0, 0, 0, 3, 0], a.ToArray<double>());
        var b = Tensor.Zeros([2, 3], DType.Float64).IndexPut([null, Longs(2)], Doubles(4, 5).Reshape(2, 1));
        Assert.Equal([0.0, 0, 4, 0, 0, 5], b.ToArray<double>());
    }

    [Fact]
    public void OverlappingSourcesAreReadBeforeTheWrite()
    {
        var x = Doubles(1, 2, 3, 4);
        x[1..] = x[..3];
        Assert.Equal([1.0, 1, 2, 3], x.ToArray<double>());
        var rows = Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, [2, 2], DType.Float64);
        rows[Longs(0, 1)] = rows[Longs(1, 0)];
        Assert.Equal([3.0, 4, 1, 2], rows.ToArray<double>());
    }

    [Fact]
    public void LeavesThatRequireGradRefuseAssignmentOutsideNoGrad()
    {
        var w = Tensor.Zeros([2, 3], DType.Float64, requiresGrad: true);
        Assert.Contains("a view of a leaf Variable", Assert.Throws<InvalidOperationException>(() => w[0] = Doubles(1, 2, 3)).Message);
        Assert.Contains("a leaf Variable that requires grad", Assert.Throws<InvalidOperationException>(() => w[Longs(0)] = Doubles(1, 2, 3)).Message);
        Assert.Contains("a leaf Variable that requires grad", Assert.Throws<InvalidOperationException>(() => w.MaskedFillInPlace(w.Eq(0), 1.0)).Message);
        using (Autograd.NoGrad())
        {
            w[0] = Doubles(1, 2, 3);
            w[Longs(1)] = Doubles(4, 5, 6);
        }
        Assert.Equal([1.0, 2, 3, 4, 5, 6], w.ToArray<double>());
        Assert.True(w.IsLeaf);
    }

    [Fact]
    public void GradientsFlowThroughBasicAndAdvancedAssignment()
    {
        var x = Tensor.Ones([2, 3], DType.Float64, requiresGrad: true);
        var t = Tensor.Zeros([2], DType.Float64, requiresGrad: true);
        var u = Tensor.Zeros([3], DType.Float64, requiresGrad: true);
        var y = x * 2;
        y[.., 0] = t;                // copy_ into a view
        y[Longs(1)] = u * 3;         // index_put_
        Assert.Equal("IndexPutBackward0", y.GradFn?.Name);
        (y * Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, [2, 3], DType.Float64)).Sum().Backward();
        Assert.Equal([0.0, 4, 6, 0, 0, 0], x.Grad!.ToArray<double>());   // overwritten elements get nothing
        Assert.Equal([1.0, 0], t.Grad!.ToArray<double>());   // t's second element was overwritten by u
        Assert.Equal([12.0, 15, 18], u.Grad!.ToArray<double>());
    }

    [Fact]
    public void MaskedFillInPlaceRecordsAndReturnsTheTensor()
    {
        var x = Tensor.FromArray(new[] { 1.0, -2, 3 }, DType.Float64, requiresGrad: true);
        var y = x * 1;
        Assert.Same(y, y.MaskedFillInPlace(y.Lt(0), 0.0));
        Assert.Equal("MaskedFillBackward0", y.GradFn?.Name);
        y.Sum().Backward();
        Assert.Equal([1.0, 0, 1], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void IndexPutChecksValuesLikePyTorch()
    {
        var x = Tensor.Zeros([3, 2]);
        var e = Assert.Throws<ArgumentException>(() => x[Longs(0)] = Tensor.Zeros([2], DType.Float64));
        Assert.StartsWith("Index put requires the source and destination dtypes match, got float32 for the destination and float64 for the source.", e.Message);
        x[x.Eq(0)] = Tensor.Scalar(2.0, DType.Float64);   // one value through a mask is converted, as PyTorch's masked_fill_ fast path does
        Assert.Equal([2f, 2, 2, 2, 2, 2], x.ToArray<float>());
        e = Assert.Throws<ArgumentException>(() => x[Longs(0, 1)] = Tensor.Zeros([3]));
        Assert.StartsWith("shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 2]", e.Message);
        Assert.Equal([2f, 2, 2, 2, 2, 2], x.ToArray<float>());   // nothing written
    }
}
