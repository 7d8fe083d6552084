namespace Nabla.Tests;

/// <summary>
/// Sizes no tensor can have (issue 15, item 8): negative sizes, element counts beyond one .NET array
/// (also beside a 0, where the strides would still wrap), and dims out of range are an ArgumentException
/// or ArgumentOutOfRangeException worded as PyTorch's, thrown before anything is allocated.
/// </summary>
public sealed class ShapeValidationTests
{
    /// <summary>Every factory that takes a shape.</summary>
    public static TheoryData<string> Factories() => [.. s_factories.Keys];

    private static readonly Dictionary<string, Func<int[], Tensor>> s_factories = new()
    {
        ["Zeros"] = shape => Tensor.Zeros(shape),
        ["Ones"] = shape => Tensor.Ones(shape),
        ["Empty"] = shape => Tensor.Empty(shape),
        ["Full(double)"] = shape => Tensor.Full(shape, 1.5),
        ["Full(long)"] = shape => Tensor.Full(shape, 3L),
        ["Rand"] = shape => Tensor.Rand(shape),
        ["Randn"] = shape => Tensor.Randn(shape),
        ["RandInt"] = shape => Tensor.RandInt(10, shape),
        ["FromArray"] = shape => Tensor.FromArray(new float[0], shape),
    };

    /// <summary>Shapes whose element count overflows: so far that a long product wraps (to 4, and to 0), beside a 0, and plainly.</summary>
    private static readonly int[][] s_overflowing = [[int.MaxValue, int.MaxValue, 4], [65536, 65536, 65536, 65536], [0, 65536, 65536], [65536, 65536]];

    [Theory]
    [MemberData(nameof(Factories))]
    public void FactoriesRejectANegativeSize(string factory)
    {
        var ex = Assert.Throws<ArgumentException>(() => s_factories[factory]([2, -1]));
        Assert.Equal("Trying to create tensor with negative dimension -1: [2, -1]", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Factories))]
    public void FactoriesRejectAnElementCountThatOverflowsBeforeAllocating(string factory)
    {
        foreach (var shape in s_overflowing)
        {
            var ex = ThrowsWithoutAllocating<ArgumentException>(() => s_factories[factory](shape));
            Assert.StartsWith($"Storage size calculation overflowed with sizes={ShapeMath.Format(shape)}: ", ex.Message);
            Assert.EndsWith($"more than one .NET array holds ({Array.MaxLength})", ex.Message);
        }
        var beside0 = Assert.Throws<ArgumentException>(() => s_factories[factory]([0, 65536, 65536]));
        Assert.Contains("its sizes other than 0 multiply to 4294967296", beside0.Message);
    }

    [Fact]
    public void RangeFactoriesRejectCountsThatOverflowBeforeAllocating()
    {
        Assert.Equal($"unsupported range: 0 -> {double.PositiveInfinity}", ThrowsWithoutAllocating<ArgumentException>(() => Tensor.Arange(0.0, double.PositiveInfinity)).Message);
        Assert.Equal($"unsupported range: 0 -> {double.NaN}", ThrowsWithoutAllocating<ArgumentException>(() => Tensor.Arange(0.0, double.NaN)).Message);
        Assert.StartsWith("upper bound and larger bound inconsistent with step sign", ThrowsWithoutAllocating<ArgumentException>(() => Tensor.Arange(0.0, 1.0, double.NaN)).Message);
        Assert.StartsWith("invalid size, possible overflow? arange(0, 10000000000, 1) would hold 10000000000 elements",
            ThrowsWithoutAllocating<ArgumentException>(() => Tensor.Arange(0.0, 1e10)).Message);
        Assert.StartsWith("invalid size, possible overflow?", ThrowsWithoutAllocating<ArgumentException>(() => Tensor.Arange(long.MinValue, long.MaxValue)).Message);
        Assert.StartsWith("Storage size calculation overflowed with sizes=[2147483647]", ThrowsWithoutAllocating<ArgumentException>(() => Tensor.Linspace(0, 1, int.MaxValue)).Message);
        Assert.StartsWith("Storage size calculation overflowed with sizes=[65536, 65537]", ThrowsWithoutAllocating<ArgumentException>(() => Tensor.Eye(65536, 65537)).Message);
        Assert.StartsWith("n must be greater or equal to 0, got -1", ThrowsWithoutAllocating<ArgumentException>(() => Tensor.Eye(-1)).Message);
        Assert.StartsWith("m must be greater or equal to 0, got -2", ThrowsWithoutAllocating<ArgumentException>(() => Tensor.Eye(2, -2)).Message);
        Assert.StartsWith("Storage size calculation overflowed with sizes=[2147483647]", ThrowsWithoutAllocating<ArgumentException>(() => Tensor.Randperm(int.MaxValue)).Message);
    }

    [Fact]
    public void ViewsRejectSizesThatOverflow()
    {
        var empty = Tensor.Zeros(0);
        // The sizes' product wrapped onto the input's 0 elements, giving a view with wrapped strides.
        Assert.StartsWith("Storage size calculation overflowed with sizes=[0, 65536, 65536]", Assert.Throws<ArgumentException>(() => empty.View(0, 65536, 65536)).Message);
        Assert.StartsWith("Storage size calculation overflowed with sizes=[65536, 65536, 65536, 65536]", Assert.Throws<ArgumentException>(() => empty.Reshape(65536, 65536, 65536, 65536)).Message);
        Assert.StartsWith("Storage size calculation overflowed with sizes=[-1, 65536, 65536]", Assert.Throws<ArgumentException>(() => empty.Reshape(-1, 65536, 65536)).Message);
        Assert.Equal("cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension size -1 can be any value and is ambiguous",
            Assert.Throws<ArgumentException>(() => empty.Reshape(0, -1)).Message);
        Assert.Equal("invalid shape dimension -2 in [3, -2]", Assert.Throws<ArgumentException>(() => Tensor.Zeros(6).View(3, -2)).Message);
        // Expand makes a view of any size without copying, but the view must still be one a tensor can have.
        var one = Tensor.Ones(1, 1);
        Assert.StartsWith("Storage size calculation overflowed with sizes=[65536, 65536]", Assert.Throws<ArgumentException>(() => one.Expand(65536, 65536)).Message);
        Assert.StartsWith("Storage size calculation overflowed with sizes=[0, 65536, 65536]", Assert.Throws<ArgumentException>(() => one.Expand(0, 65536, 65536)).Message);
        Assert.Equal([3, 1, 65536], one.Expand(3, 1, 65536).Shape.ToArray());   // large but countable: fine
    }

    /// <summary>Every method that takes a dim, called on a [2, 3] tensor with a dim just outside the range.</summary>
    public static TheoryData<string, int> DimTakers()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in s_dimTakers.Keys)
        {
            data.Add(name, 2);
            data.Add(name, -3);
        }
        return data;
    }

    private static readonly Tensor s_x = Tensor.Ones(2, 3);
    private static readonly Tensor s_index = Tensor.Zeros([2, 3], DType.Int64);

    private static readonly Dictionary<string, Func<int, object>> s_dimTakers = new()
    {
        ["Size"] = d => s_x.Size(d),
        ["Sum"] = d => s_x.Sum(d),
        ["Sum(dims)"] = d => s_x.Sum([0, d]),
        ["Mean"] = d => s_x.Mean(d),
        ["Max"] = d => s_x.Max(d),
        ["Min"] = d => s_x.Min(d),
        ["Argmax"] = d => s_x.Argmax(d),
        ["Argmin"] = d => s_x.Argmin(d),
        ["Norm"] = d => s_x.Norm(2, d),
        ["Softmax"] = d => s_x.Softmax(d),
        ["LogSoftmax"] = d => s_x.LogSoftmax(d),
        ["Transpose"] = d => s_x.Transpose(0, d),
        ["Permute"] = d => s_x.Permute(0, d),
        ["Flatten"] = d => s_x.Flatten(d),
        ["Squeeze"] = d => s_x.Squeeze(d),
        ["Select"] = d => s_x.Select(d, 0),
        ["Narrow"] = d => s_x.Narrow(d, 0, 1),
        ["Cat"] = d => Tensor.Cat([s_x, s_x], d),
        ["Gather"] = d => s_x.Gather(d, s_index),
        ["IndexSelect"] = d => s_x.IndexSelect(d, Tensor.FromArray([0L])),
    };

    [Theory]
    [MemberData(nameof(DimTakers))]
    public void DimsOutOfRangeAreArgumentOutOfRange(string method, int dim)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => s_dimTakers[method](dim));
        Assert.StartsWith($"Dimension out of range (expected to be in range of [-2, 1], but got {dim})", ex.Message);
    }

    [Fact]
    public void DimsThatInsertADimensionAcceptOneMore()
    {
        // Unsqueeze and Stack add a dim, so their range is [-3, 2] on a 2-d tensor.
        Assert.Equal([2, 3, 1], s_x.Unsqueeze(2).Shape.ToArray());
        Assert.Equal([2, 3, 2], Tensor.Stack([s_x, s_x], -1).Shape.ToArray());
        foreach (var call in new Func<Tensor>[] { () => s_x.Unsqueeze(3), () => s_x.Unsqueeze(-4), () => Tensor.Stack([s_x, s_x], 3) })
            Assert.StartsWith("Dimension out of range (expected to be in range of [-3, 2], but got ", Assert.Throws<ArgumentOutOfRangeException>(call).Message);
    }

    /// <summary>Asserts that <paramref name="call"/> throws <typeparamref name="T"/> having allocated less than 64 KB (an exception and its message).</summary>
    private static T ThrowsWithoutAllocating<T>(Func<object> call) where T : Exception
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<T>(call);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 << 10, $"allocated {allocated} bytes before throwing: {ex.Message}");
        return ex;
    }
}
