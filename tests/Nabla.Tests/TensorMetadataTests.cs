namespace Nabla.Tests;

/// <summary>Tensor metadata (Shape, Dim, Numel, Size, DType, IsContiguous, Strides) and reading values out with <c>Item&lt;T&gt;</c> / <c>ToArray&lt;T&gt;</c>.</summary>
public class TensorMetadataTests
{
    [Fact]
    public void Metadata()
    {
        var x = Tensor.Zeros(2, 3, 4);
        Assert.Equal(3, x.Shape.Length);
        Assert.Equal(2, x.Shape[0]);
        Assert.Equal(4, x.Shape[2]);
        Assert.Equal(new[] { 2, 3, 4 }, x.Shape.ToArray());
        Assert.Equal(new[] { 2, 3, 4 }, x.Shape);   // IReadOnlyList<int>
        Assert.Equal("[2, 3, 4]", x.Shape.ToString());
        Assert.Equal(3, x.Dim);
        Assert.Equal(24L, x.Numel);
        Assert.Equal(4, x.Size(-1));
        Assert.Equal(3, x.Size(1));
        Assert.Equal(2, x.Size(-3));
        Assert.Equal(DType.Float32, x.DType);
        Assert.True(x.IsContiguous);
        Assert.Equal(new long[] { 12, 4, 1 }, x.Strides);
        Assert.Equal(0L, x.Version);
    }

    [Fact]
    public void ShapeToArrayIsACopy()
    {
        var x = Tensor.Zeros(2, 3);
        var s = x.Shape.ToArray();
        s[0] = 99;
        Assert.Equal(2, x.Shape[0]);
        Assert.True(x.Shape == Tensor.Ones(2, 3).Shape);
        Assert.True(x.Shape != Tensor.Ones(3, 2).Shape);
    }

    [Fact]
    public void MetadataOfZeroDimensionalTensor()
    {
        var s = Tensor.Scalar(1.5f);
        Assert.Equal(0, s.Dim);
        Assert.Equal(0, s.Shape.Length);
        Assert.Equal("[]", s.Shape.ToString());
        Assert.Equal(1L, s.Numel);
        Assert.Empty(s.Strides);
        Assert.True(s.IsContiguous);
    }

    [Fact]
    public void SizeOutOfRangeThrows()
    {
        var x = Tensor.Zeros(2, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Size(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Size(-3));
    }

    [Fact]
    public void SizeOfZeroDimensionalTensorThrowsArgumentOutOfRange()
    {
        // torch.tensor(1.).size(0) raises IndexError ("dimension specified as 0 but tensor has no dimensions").
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Scalar(1f).Size(0));
    }

    // ---- Item / ToArray ----

    [Fact]
    public void ItemReadsAndConverts()
    {
        Assert.Equal(3.5f, Tensor.Scalar(3.5f).Item<float>());
        Assert.Equal(3.5, Tensor.Scalar(3.5f).Item<double>());
        Assert.Equal(3L, Tensor.Scalar(3.7f).Item<long>());     // truncation, as int(torch.tensor(3.7))
        Assert.Equal(-3, Tensor.Scalar(-3.7f).Item<int>());
        Assert.Equal(3.0, Tensor.Scalar(3L).Item<double>());
        Assert.False(Tensor.Scalar(0.0f).Item<bool>());
        Assert.True(Tensor.Scalar(0.5f).Item<bool>());
        Assert.Equal(1f, Tensor.Scalar(true).Item<float>());
        Assert.Equal((double)0.1f, Tensor.Scalar(0.1f).Item<double>());
    }

    [Fact]
    public void ItemOnOneElementTensorsOfAnyRank()
    {
        Assert.Equal(5f, Tensor.FromArray([5f]).Item<float>());
        Assert.Equal(1f, Tensor.Ones(1, 1, 1).Item<float>());
        var x = Tensor.FromArray(new long[] { 10, 20, 30 });
        Assert.Equal(30L, x[2].Item<long>());
    }

    [Fact]
    public void ItemOnSeveralElementsThrows()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Ones(2).Item<float>());
        Assert.Contains("2 elements", ex.Message);
    }

    [Fact]
    public void ToArrayIsRowMajorLogicalOrderAndACopy()
    {
        var x = Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 5 }, [2, 3]);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, x.T.ToArray<float>());
        Assert.Equal(new float[] { 1, 4 }, x[.., 1].ToArray<float>());
        var copy = x.ToArray<float>();
        copy[0] = 100;
        Assert.Equal(0f, x[0, 0].Item<float>());
        Assert.Equal(new float[] { 7 }, Tensor.Scalar(7f).ToArray<float>());
    }

    [Fact]
    public void ToArrayConverts()
    {
        var x = Tensor.FromArray([1.5f, -2.5f, 0f]);
        Assert.Equal(new long[] { 1, -2, 0 }, x.ToArray<long>());
        Assert.Equal(new[] { 1, -2, 0 }, x.ToArray<int>());
        Assert.Equal(new[] { 1.5, -2.5, 0.0 }, x.ToArray<double>());
        Assert.Equal(new[] { true, true, false }, x.ToArray<bool>());
        Assert.Equal(new float[] { 1, 0 }, Tensor.FromArray(new[] { true, false }).ToArray<float>());
        Assert.Equal(new[] { 0.1f, 0.2f }, Tensor.FromArray(new[] { 0.1, 0.2 }).ToArray<float>());   // rounded to nearest
        Assert.Equal(new long[] { 0, -1, 2 }, Tensor.FromArray(new int[] { 0, -1, 2 }).ToArray<long>());
    }
}
