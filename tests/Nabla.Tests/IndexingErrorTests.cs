using Nabla.NN;

namespace Nabla.Tests;

/// <summary>The indexing ops' errors: BCL exception types with PyTorch's messages, thrown before anything changes.</summary>
public class IndexingErrorTests
{
    private static readonly Tensor X = Tensor.Arange(0.0, 24, dtype: DType.Float64).Reshape(2, 3, 4);

    private static Tensor Longs(params long[] values) => Tensor.FromArray(values);

    private static void Message<TException>(string expected, Action act) where TException : Exception
        => Assert.StartsWith(expected, Assert.Throws<TException>(act).Message);

    [Fact]
    public void IndexerErrors()
    {
        Message<ArgumentOutOfRangeException>("index 5 is out of bounds for dimension 0 with size 2", () => _ = X[Longs(5)]);
        Message<ArgumentOutOfRangeException>("index -4 is out of bounds for dimension 1 with size 3", () => _ = X[.., Longs(-4)]);
        Message<ArgumentOutOfRangeException>("index ^3 is out of bounds for dimension 0 with size 2", () => _ = X[^3]);
        Message<ArgumentOutOfRangeException>("too many indices for tensor of dimension 3", () => _ = X[0, 0, 0, 0]);
        Message<ArgumentOutOfRangeException>("too many indices for tensor of dimension 3", () => _ = X[Tensor.Ones([2, 3, 4, 1], DType.Bool)]);
        Message<ArgumentException>("an index can only have a single ellipsis", () => _ = X[TensorIndex.Ellipsis, TensorIndex.Ellipsis]);
        Message<ArgumentException>("The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [2, 3, 4] at index 0",
            () => _ = X[Tensor.FromArray(new[] { true, false, true })]);
        Message<ArgumentException>("shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]",
            () => _ = X[Longs(0, 1), Longs(0, 1, 2)]);
        Message<ArgumentException>("tensors used as indices must be long, int, byte or bool tensors, but got float64", () => _ = X[Tensor.Zeros([1], DType.Float64)]);
        Message<ArgumentNullException>("a tensor subscript is null", () => _ = X[(Tensor)null!]);
        Message<ArgumentOutOfRangeException>("slice step must be positive, got 0", () => TensorIndex.Slice(0, 2, 0));
        Message<ArgumentOutOfRangeException>("slice step must be positive, got -1", () => X.Slice(0, null, null, -1));
        Message<ArgumentException>("slice() cannot be applied to a 0-dim tensor.", () => Tensor.Scalar(1.0).Slice());
        Assert.Equal([2], X[Tensor.FromArray(new[] { 0, 1 }), 0, Tensor.FromArray(new[] { 1, 1 })].Shape.ToArray());   // int32 positions are accepted, as in PyTorch 2
    }

    [Fact]
    public void ScatterFamilyErrors()
    {
        var self = Tensor.Zeros([2, 3], DType.Float64);
        var index = Tensor.FromArray(new long[] { 0, 2 }, [1, 2]);
        Message<ArgumentException>("scatter(): Expected self.dtype to be equal to src.dtype, but got float64 and float32", () => self.Scatter(1, index, Tensor.Ones([1, 2])));
        Message<ArgumentOutOfRangeException>("scatter(): index 2 is out of bounds for dimension 0 with size 2", () => self.Scatter(0, index, 1.0));
        Message<ArgumentException>("scatter(): Index tensor must have the same number of dimensions as self tensor", () => self.Scatter(1, Longs(0), 1.0));
        Message<ArgumentException>("scatter(): Expected index [1, 2] to be smaller than self [2, 3] apart from dimension 1 and to be smaller size than src [1, 1]",
            () => self.Scatter(1, index, Tensor.Ones([1, 1], DType.Float64)));
        Message<ArgumentException>("reduce argument must be either sum, prod, mean, amax or amin, got max", () => self.ScatterReduce(1, index, self, "max"));
        Message<ArgumentOutOfRangeException>("index_copy(): index 3 is out of bounds for dimension 1 with size 3", () => self.IndexCopy(1, Longs(3), Tensor.Ones([2, 1], DType.Float64)));
        Message<ArgumentOutOfRangeException>("index 3 is out of bounds for dimension 1 with size 3", () => self.IndexFill(1, Longs(3), 1.0));
        Message<ArgumentException>("index_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).", () => self.IndexFill(1, Longs(0), Tensor.Ones([1], DType.Float64)));
        Message<ArgumentException>("scatter(): expected a tensor with at least one dimension", () => Tensor.Scalar(1.0).Scatter(0, Longs(0), 1.0));
    }

    [Fact]
    public void MaskedOpErrors()
    {
        var x = Tensor.Zeros([2, 3], DType.Float64);
        Message<ArgumentException>("masked_fill: expected a bool mask, but got mask with dtype int64", () => x.MaskedFill(Longs(1, 0, 1), 1.0));
        Message<ArgumentException>("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).", () => x.MaskedFill(x.Eq(0), Tensor.Ones([1], DType.Float64)));
        Message<ArgumentException>("The size of tensor a (3) must match the size of tensor b (2)", () => x.MaskedFill(Tensor.Ones([2], DType.Bool), 1.0));
        Message<ArgumentException>("masked_fill_: the mask of shape [3, 3] does not broadcast to the tensor's shape [2, 3]", () => x.MaskedFillInPlace(Tensor.Ones([3, 3], DType.Bool), 1.0));
        Message<ArgumentException>("masked_scatter: Number of elements of source (2) < number of ones in mask (6)", () => x.MaskedScatter(x.Eq(0), Tensor.Ones([2], DType.Float64)));
        Message<ArgumentException>("masked_scatter: expected self and source to have same dtypes but got float64 and float32", () => x.MaskedScatter(x.Eq(0), Tensor.Ones([6])));
    }

    [Fact]
    public void TakeAndOneHotErrors()
    {
        var x = Tensor.Zeros([2, 3], DType.Float64);
        Message<ArgumentOutOfRangeException>("out of range: tried to access index 6 on a tensor of 6 elements.", () => x.Take(Longs(6)));
        Message<ArgumentException>("take(): Expected a long tensor for index, but got int32", () => x.Take(Tensor.FromArray(new[] { 0 })));
        Message<ArgumentException>("torch.take_along_dim(): input and indices should have the same number of dimensions, but got 2 dimensions for input, and 1 dimensions for indices",
            () => x.TakeAlongDim(Longs(0), dim: 0));
        Message<ArgumentException>("torch.take_along_dim(): dtype of indices should be Long but got float64", () => x.TakeAlongDim(x, dim: 0));
        Message<ArgumentException>("one_hot is only applicable to index tensor", () => F.OneHot(x, 3));
        Message<ArgumentOutOfRangeException>("Class values must be non-negative", () => F.OneHot(Longs(0, -1), 3));
        Message<ArgumentOutOfRangeException>("Class values must be smaller than num_classes (3), got 3.", () => F.OneHot(Longs(0, 3), 3));
        Message<ArgumentException>("Can not infer total number of classes from empty tensor.", () => F.OneHot(Longs()));
    }
}
