namespace Nabla.Tests;

/// <summary>
/// Views share storage with their base (writes go both ways, the version counter is shared),
/// copies do not; strides and contiguity are PyTorch's.
/// </summary>
public class ViewTests
{
    /// <summary>[[0, 1, 2], [3, 4, 5]] as float32.</summary>
    private static Tensor Matrix() => Tensor.Arange(0.0, 6.0).Reshape(2, 3);

    private static float[] Values(Tensor t) => t.ToArray<float>();

    // ---- writes through views reach the base ----

    [Fact]
    public void WriteThroughT()
    {
        var x = Matrix();
        var t = x.T;
        Assert.Equal(new[] { 3, 2 }, t.Shape.ToArray());
        t[2, 0].FillInPlace(-1);   // t[2, 0] is x[0, 2]
        Assert.Equal(new float[] { 0, 1, -1, 3, 4, 5 }, Values(x));
        Assert.Equal(new float[] { 0, 3, 1, 4, -1, 5 }, Values(t));
    }

    [Fact]
    public void WriteThroughTranspose()
    {
        var x = Matrix();
        x.Transpose(0, 1)[0].AddInPlace(10);   // column 0 of x
        Assert.Equal(new float[] { 10, 1, 2, 13, 4, 5 }, Values(x));
        x.Transpose(-1, -2)[1, 1].FillInPlace(-4);
        Assert.Equal(new float[] { 10, 1, 2, 13, -4, 5 }, Values(x));
    }

    [Fact]
    public void WriteThroughPermute()
    {
        var y = Tensor.Arange(0.0, 24.0).Reshape(2, 3, 4);
        var p = y.Permute(2, 0, 1);
        Assert.Equal(new[] { 4, 2, 3 }, p.Shape.ToArray());
        Assert.Equal(23f, p[3, 1, 2].Item<float>());
        p[3, 1, 2].FillInPlace(-1);   // y[1, 2, 3], flat 23
        Assert.Equal(-1f, y[1, 2, 3].Item<float>());
        Assert.Equal(-1f, Values(y)[23]);
        Assert.Equal(22f, Values(y)[22]);
    }

    [Fact]
    public void WriteThroughView()
    {
        var x = Matrix();
        var v = x.View(6);
        v[4].FillInPlace(40);   // x[1, 1]
        Assert.Equal(new float[] { 0, 1, 2, 3, 40, 5 }, Values(x));
        var w = x.View(-1, 2);
        Assert.Equal(new[] { 3, 2 }, w.Shape.ToArray());
        w[0].FillInPlace(9);
        Assert.Equal(new float[] { 9, 9, 2, 3, 40, 5 }, Values(x));
        x.AddInPlace(1);
        Assert.Equal(new float[] { 10, 10, 3, 4, 41, 6 }, Values(v));
    }

    [Fact]
    public void WriteThroughReshapeOfContiguous()
    {
        var x = Matrix();
        var r = x.Reshape(3, 2);
        r[2, 1].FillInPlace(50);   // x[1, 2]
        Assert.Equal(50f, x[1, 2].Item<float>());
        var f = x.Flatten();
        f[0].FillInPlace(-7);
        Assert.Equal(-7f, x[0, 0].Item<float>());
    }

    [Fact]
    public void ExpandReadsTheBase()
    {
        var b = Tensor.FromArray([1f, 2f, 3f]);
        var e = b.Expand(2, 3);
        Assert.Equal(new float[] { 1, 2, 3, 1, 2, 3 }, Values(e));
        b[1].FillInPlace(20);
        Assert.Equal(new float[] { 1, 20, 3, 1, 20, 3 }, Values(e));

        var c = Tensor.FromArray([1f, 2f]).Reshape(2, 1);
        var ce = c.Expand(-1, 3);
        Assert.Equal(new[] { 2, 3 }, ce.Shape.ToArray());
        c.MulInPlace(10);
        Assert.Equal(new float[] { 10, 10, 10, 20, 20, 20 }, Values(ce));
    }

    [Fact]
    public void WriteThroughIntIndex()
    {
        var x = Matrix();
        var row = x[0];
        Assert.Equal(new[] { 3 }, row.Shape.ToArray());
        row.FillInPlace(7);
        Assert.Equal(new float[] { 7, 7, 7, 3, 4, 5 }, Values(x));
        x[-1][0].FillInPlace(-3);   // negative ints count from the end
        Assert.Equal(new float[] { 7, 7, 7, -3, 4, 5 }, Values(x));
        x[^1][^1].FillInPlace(-5);
        Assert.Equal(new float[] { 7, 7, 7, -3, 4, -5 }, Values(x));
    }

    [Fact]
    public void WriteThroughColumnIndex()
    {
        var x = Matrix();
        var col = x[.., 1];
        Assert.Equal(new[] { 2 }, col.Shape.ToArray());
        Assert.Equal(new float[] { 1, 4 }, Values(col));
        col.FillInPlace(8);
        Assert.Equal(new float[] { 0, 8, 2, 3, 8, 5 }, Values(x));
        x.SubInPlace(1);
        Assert.Equal(new float[] { 7, 7 }, Values(col));
    }

    [Fact]
    public void WriteThroughRangeAndHatIndex()
    {
        var z = Tensor.Arange(0.0, 12.0).Reshape(4, 3);
        var v = z[1..3, ^1];
        Assert.Equal(new[] { 2 }, v.Shape.ToArray());
        Assert.Equal(new float[] { 5, 8 }, Values(v));
        v.FillInPlace(-1);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, -1, 6, 7, -1, 9, 10, 11 }, Values(z));

        var block = z[1.., ..2];
        Assert.Equal(new[] { 3, 2 }, block.Shape.ToArray());
        block.AddInPlace(100);
        Assert.Equal(new float[] { 0, 1, 2, 103, 104, -1, 106, 107, -1, 109, 110, 11 }, Values(z));
    }

    [Fact]
    public void RangesClampAsPythonSlices()
    {
        var z = Tensor.Arange(0.0, 12.0).Reshape(4, 3);
        Assert.Equal(new[] { 2, 3 }, z[2..10].Shape.ToArray());   // z[2:10]
        Assert.Equal(new[] { 0, 3 }, z[3..1].Shape.ToArray());     // z[3:1] is empty
        Assert.Equal(new float[] { 9, 10, 11 }, Values(z[^1..]));
    }

    [Fact]
    public void IndexOutOfRangeThrows()
    {
        var x = Matrix();
        Assert.Throws<ArgumentOutOfRangeException>(() => x[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => x[0, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => x[0, 0, 0]);
    }

    [Fact]
    public void NegativeIndexBeyondTheSizeThrows()
    {
        var x = Matrix();
        Assert.Equal(new float[] { 0, 1, 2 }, Values(x[-2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => x[-3]);   // torch: IndexError
        Assert.Throws<ArgumentOutOfRangeException>(() => x[^3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => x[0, -4]);
    }

    [Fact]
    public void WriteThroughNarrow()
    {
        var x = Matrix();
        var n = x.Narrow(1, 1, 2);
        Assert.Equal(new[] { 2, 2 }, n.Shape.ToArray());
        Assert.Equal(new float[] { 1, 2, 4, 5 }, Values(n));
        n.AddInPlace(100);
        Assert.Equal(new float[] { 0, 101, 102, 3, 104, 105 }, Values(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 2, 2));
    }

    [Fact]
    public void NarrowWithNegativeStart()
    {
        var x = Matrix();
        var n = x.Narrow(1, -2, 2);   // torch.narrow(x, 1, -2, 2) == x[:, 1:]
        Assert.Equal(new float[] { 1, 2, 4, 5 }, Values(n));
    }

    [Fact]
    public void FullRangeIndexReturnsANewView()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        var v = x[..];
        Assert.NotSame(x, v);
        Assert.False(v.IsLeaf);   // torch: x[:] has a grad_fn
        var y = Matrix();
        var w = y[.., ..];
        Assert.NotSame(y, w);
        w[0, 0].FillInPlace(-1);
        Assert.Equal(-1f, y[0, 0].Item<float>());
    }

    [Fact]
    public void WriteThroughSqueezeAndUnsqueeze()
    {
        var x = Matrix();
        var u = x.Unsqueeze(1);
        Assert.Equal(new[] { 2, 1, 3 }, u.Shape.ToArray());
        u[1, 0, 0].FillInPlace(30);
        Assert.Equal(30f, x[1, 0].Item<float>());
        var s = u.Squeeze();
        Assert.Equal(new[] { 2, 3 }, s.Shape.ToArray());
        s[0, 0].FillInPlace(-8);
        Assert.Equal(-8f, x[0, 0].Item<float>());
    }

    [Fact]
    public void DetachSharesStorageBothWays()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], requiresGrad: true);
        var d = x.Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        d.FillInPlace(5);   // allowed: d does not require grad
        Assert.Equal(new float[] { 5, 5, 5 }, Values(x));
        using (Autograd.NoGrad()) x.AddInPlace(1);
        Assert.Equal(new float[] { 6, 6, 6 }, Values(d));
        Assert.Equal(2L, x.Version);
        Assert.Equal(2L, d.Version);
    }

    [Fact]
    public void CopyFromInPlaceThroughView()
    {
        var x = Matrix();
        x[.., 2].CopyFromInPlace(Tensor.FromArray(new long[] { -1, -2 }));
        Assert.Equal(new float[] { 0, 1, -1, 3, 4, -2 }, Values(x));
        x[0].CopyFromInPlace(Tensor.Scalar(9f));   // broadcast
        Assert.Equal(new float[] { 9, 9, 9, 3, 4, -2 }, Values(x));
    }

    [Fact]
    public void CompoundAssignmentOnAViewIsInPlace()
    {
        var x = Matrix();
        var row = x[1];
        var same = row;
        row += 10.0;
        Assert.Same(same, row);
        Assert.Equal(new float[] { 0, 1, 2, 13, 14, 15 }, Values(x));
        row *= Tensor.FromArray([1f, 0f, 2f]);
        Assert.Equal(new float[] { 0, 1, 2, 13, 0, 30 }, Values(x));
    }

    [Fact]
    public void InPlaceIntoExpandedViewThrows()
    {
        // torch.zeros(1).expand(3).add_(torch.tensor([1., 2., 3.])) raises "unsupported operation:
        // more than one element of the written-to tensor refers to a single memory location".
        var b = Tensor.Zeros(1);
        var e = b.Expand(3);
        Assert.ThrowsAny<Exception>(() => e.AddInPlace(Tensor.FromArray([1f, 2f, 3f])));
        Assert.Equal(new float[] { 0 }, Values(b));
    }

    // ---- the version counter ----

    [Fact]
    public void VersionIsSharedAndBumpedByInPlaceOps()
    {
        var x = Matrix();
        var t = x.T;
        var row = x[0];
        Assert.Equal(0L, x.Version);
        t.AddInPlace(1);
        Assert.Equal(1L, x.Version);
        Assert.Equal(1L, t.Version);
        Assert.Equal(1L, row.Version);
        row.ZeroInPlace();
        Assert.Equal(2L, x.Version);
        x.MulInPlace(2).DivInPlace(2);   // chained: each returns the tensor itself
        Assert.Equal(4L, t.Version);
        x.FillInPlace(3);
        x.CopyFromInPlace(Tensor.Ones(2, 3));
        Assert.Equal(6L, row.Version);
        x += 1.0;
        Assert.Equal(7L, x.Version);
    }

    [Fact]
    public void OutOfPlaceOpsAndCopiesDoNotBumpTheVersion()
    {
        var x = Matrix();
        _ = x + 1;
        _ = x.T * 2;
        _ = x.Sum();
        Assert.Equal(0L, x.Version);
        var c = x.Clone();
        x.AddInPlace(1);
        Assert.Equal(1L, x.Version);
        Assert.Equal(0L, c.Version);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, Values(c));   // the clone has its own storage
    }

    [Fact]
    public void InPlaceMethodsReturnTheTensorItself()
    {
        var x = Matrix();
        Assert.Same(x, x.AddInPlace(1));
        Assert.Same(x, x.SubInPlace(1));
        Assert.Same(x, x.MulInPlace(1));
        Assert.Same(x, x.DivInPlace(1));
        Assert.Same(x, x.ZeroInPlace());
        Assert.Same(x, x.FillInPlace(1));
        Assert.Same(x, x.CopyFromInPlace(Tensor.Zeros(3)));
    }

    // ---- Contiguous and Reshape ----

    [Fact]
    public void ContiguousReturnsTheSameObjectWhenContiguous()
    {
        var x = Matrix();
        Assert.Same(x, x.Contiguous());
        var row = x[1];
        Assert.True(row.IsContiguous);
        Assert.Same(row, row.Contiguous());
        var narrow = x.Narrow(0, 1, 1);   // [1, 3] with offset: still contiguous
        Assert.True(narrow.IsContiguous);
        Assert.Same(narrow, narrow.Contiguous());
    }

    [Fact]
    public void ContiguousCopiesANonContiguousView()
    {
        var x = Matrix();
        var t = x.T;
        Assert.False(t.IsContiguous);
        var c = t.Contiguous();
        Assert.NotSame(t, c);
        Assert.True(c.IsContiguous);
        Assert.Equal(new long[] { 2, 1 }, c.Strides);
        Assert.Equal(new[] { 3, 2 }, c.Shape.ToArray());
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, Values(c));
        c.FillInPlace(-1);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, Values(x));   // a copy: x untouched
        Assert.Equal(0L, x.Version);

        var col = x[.., 1].Contiguous();
        col.FillInPlace(0);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, Values(x));
    }

    [Fact]
    public void ReshapeOfNonContiguousCopies()
    {
        var x = Matrix();
        var r = x.T.Reshape(6);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, Values(r));
        Assert.True(r.IsContiguous);
        r.FillInPlace(-1);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, Values(x));

        // x.T.reshape(-1) copies too; x.T.reshape(3, 2) (same shape) is still a view, as in PyTorch.
        var same = x.T.Reshape(3, 2);
        same[0, 1].FillInPlace(33);   // x[1, 0]
        Assert.Equal(33f, x[1, 0].Item<float>());
    }

    [Fact]
    public void ReshapeAndViewInferMinusOne()
    {
        var x = Tensor.Zeros(2, 3, 4);
        Assert.Equal(new[] { 6, 4 }, x.Reshape(-1, 4).Shape.ToArray());
        Assert.Equal(new[] { 2, 12 }, x.View(2, -1).Shape.ToArray());
        Assert.Equal(new[] { 24 }, x.Reshape(-1).Shape.ToArray());
        var ex = Assert.Throws<ArgumentException>(() => x.View(5, -1));
        Assert.Contains("[5, -1]", ex.Message);
        Assert.Throws<ArgumentException>(() => x.Reshape(-1, -1));
        Assert.Throws<ArgumentException>(() => x.View(7));
    }

    // ---- strides ----

    [Fact]
    public void StridesOfTransposedAndPermuted()
    {
        var x = Matrix();
        Assert.Equal(new long[] { 3, 1 }, x.Strides);
        Assert.Equal(new long[] { 1, 3 }, x.T.Strides);
        Assert.False(x.T.IsContiguous);
        Assert.Equal(new long[] { 1, 3 }, x.Transpose(0, 1).Strides);

        var y = Tensor.Zeros(2, 3, 4);
        var p = y.Permute(2, 0, 1);
        Assert.Equal(new long[] { 1, 12, 4 }, p.Strides);
        Assert.Equal(new[] { 4, 2, 3 }, p.Shape.ToArray());
        Assert.False(p.IsContiguous);
        Assert.Equal(new long[] { 12, 1, 4 }, y.Transpose(1, 2).Strides);
        Assert.Equal(new long[] { 12, 4, 1 }, y.Permute(0, 1, 2).Strides);
        Assert.True(y.Permute(0, 1, 2).IsContiguous);
    }

    [Fact]
    public void StridesOfIndexedAndNarrowed()
    {
        var x = Matrix();
        Assert.Equal(new long[] { 3 }, x[.., 1].Strides);
        Assert.False(x[.., 1].IsContiguous);
        Assert.Equal(new long[] { 1 }, x[1].Strides);
        Assert.Equal(new long[] { 3, 1 }, x.Narrow(1, 1, 2).Strides);
        Assert.False(x.Narrow(1, 1, 2).IsContiguous);
        Assert.Empty(x[1, 2].Strides);
        Assert.Equal(0, x[1, 2].Dim);
    }

    [Fact]
    public void StridesOfUnsqueezed()
    {
        var x = Matrix();
        Assert.Equal(new long[] { 6, 3, 1 }, x.Unsqueeze(0).Strides);   // torch: (6, 3, 1)
        Assert.Equal(new long[] { 3, 3, 1 }, x.Unsqueeze(1).Strides);   // torch: (3, 3, 1)
        Assert.Equal(new long[] { 3, 1, 1 }, x.Unsqueeze(-1).Strides);  // torch: (3, 1, 1)
        Assert.True(x.Unsqueeze(1).IsContiguous);
    }

    [Fact]
    public void ExpandGivesStrideZero()
    {
        var col = Tensor.FromArray([1f, 2f, 3f]).Reshape(3, 1);
        var e = col.Expand(3, 4);
        Assert.Equal(new[] { 3, 4 }, e.Shape.ToArray());
        Assert.Equal(new long[] { 1, 0 }, e.Strides);
        Assert.False(e.IsContiguous);
        Assert.Equal(new float[] { 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 }, Values(e));

        var lead = Tensor.FromArray([1f, 2f, 3f]).Expand(2, 3);   // new leading dim
        Assert.Equal(new long[] { 0, 1 }, lead.Strides);

        var s = Tensor.Scalar(5f).Expand(2, 3);
        Assert.Equal(new long[] { 0, 0 }, s.Strides);
        Assert.Equal(Enumerable.Repeat(5f, 6).ToArray(), Values(s));

        var keep = col.Expand(-1, 1);   // nothing expanded
        Assert.Equal(new long[] { 1, 1 }, keep.Strides);
    }

    [Fact]
    public void ExpandOfNonSingletonThrows()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Expand(4, 3));
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Expand(3));
    }

    // ---- View on incompatible layouts ----

    [Fact]
    public void ViewOnIncompatibleLayoutThrows()
    {
        var x = Matrix();
        var ex = Assert.Throws<InvalidOperationException>(() => x.T.View(6));
        Assert.Contains("Reshape", ex.Message);
        Assert.Contains("[3, 2]", ex.Message);
        Assert.Throws<InvalidOperationException>(() => x[.., ..2].View(4));
        Assert.Throws<InvalidOperationException>(() => x.Permute(1, 0).View(2, 3));
    }

    [Fact]
    public void ViewOnNonContiguousThatKeepsChunksWorks()
    {
        var x = Matrix();
        var t = x.T.View(3, 2);   // same shape: allowed, as in PyTorch
        Assert.Equal(new long[] { 1, 3 }, t.Strides);
        var n = x[.., ..2].View(2, 1, 2);   // splits nothing that spans chunks
        Assert.Equal(new long[] { 3, 2, 1 }, n.Strides);
        Assert.Equal(new float[] { 0, 1, 3, 4 }, Values(n));
        n[1, 0, 1].FillInPlace(-4);
        Assert.Equal(-4f, x[1, 1].Item<float>());

        var y = Tensor.Zeros(2, 3, 4).Permute(1, 0, 2);   // [3, 2, 4], strides [4, 12, 1]
        var merged = y.View(3, 2, 2, 2);                  // splitting the last (contiguous) dim is fine
        Assert.Equal(new long[] { 4, 12, 2, 1 }, merged.Strides);
        Assert.Throws<InvalidOperationException>(() => y.View(6, 4));   // merging dims 0 and 1 is not
    }
}
