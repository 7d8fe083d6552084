namespace Nabla.Tests;

/// <summary>
/// <c>Tensor.ToString()</c> on real tensors: views print their logical contents, and the dtype,
/// grad_fn and requires_grad suffixes come from the tensor. Each expected string is what
/// PyTorch 2.x's <c>print</c> shows for the same tensor (with <c>torch.</c> dropped from dtypes).
/// The formatting rules themselves are covered by PrintingTests.
/// </summary>
public class ToStringTests
{
    /// <summary>[[0, 1, 2], [3, 4, 5]] as float32.</summary>
    private static Tensor Matrix() => Tensor.Arange(0.0, 6.0).Reshape(2, 3);

    // ---- API.md's examples ----

    [Fact]
    public void ApiExampleLeafRequiresGrad()
    {
        var x = Tensor.Ones([2, 2], requiresGrad: true);
        Assert.Equal("tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)", x.ToString());
    }

    [Fact]
    public void ApiExampleAddBackward()
    {
        var x = Tensor.Ones([2, 2], requiresGrad: true);
        var y = x + 2;
        Assert.Equal("tensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)", y.ToString());
    }

    [Fact]
    public void ApiExampleMeanBackward()
    {
        var x = Tensor.Ones([2, 2], requiresGrad: true);
        var y = x + 2;
        var o = (y * y * 3).Mean();
        Assert.Equal("tensor(27., grad_fn=<MeanBackward0>)", o.ToString());
        Assert.Equal("<MeanBackward0>", o.GradFn!.ToString());
    }

    [Fact]
    public void ApiExampleScientific()
    {
        Assert.Equal("tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])", Tensor.FromArray([102.4f, 1024f, 0.1024f]).ToString());
        Assert.Equal("tensor([1.0000e-01, 1.0000e+00, 1.0000e-04])", Tensor.FromArray([0.1f, 1.0f, 0.0001f]).ToString());
    }

    // ---- views print their logical contents ----

    [Fact]
    public void TransposedView() =>
        Assert.Equal("tensor([[0., 3.],\n        [1., 4.],\n        [2., 5.]])", Matrix().T.ToString());

    [Fact]
    public void ColumnView() => Assert.Equal("tensor([1., 4.])", Matrix()[.., 1].ToString());

    [Fact]
    public void RowViewWithOffset() => Assert.Equal("tensor([3., 4., 5.])", Matrix()[1].ToString());

    [Fact]
    public void NarrowedView() =>
        Assert.Equal("tensor([[1., 2.],\n        [4., 5.]])", Matrix().Narrow(1, 1, 2).ToString());

    [Fact]
    public void ExpandedView() =>
        Assert.Equal("tensor([[1., 2., 3.],\n        [1., 2., 3.]])", Tensor.FromArray([1f, 2f, 3f]).Expand(2, 3).ToString());

    [Fact]
    public void PermutedThreeDimensionalView()
    {
        var p = Tensor.Arange(0.0, 8.0).Reshape(2, 2, 2).Permute(2, 0, 1);
        Assert.Equal("tensor([[[0., 2.],\n         [4., 6.]],\n\n        [[1., 3.],\n         [5., 7.]]])", p.ToString());
    }

    [Fact]
    public void ElementViewIsZeroDim() => Assert.Equal("tensor(5.)", Matrix()[1, 2].ToString());

    [Fact]
    public void ViewSeesWritesToTheBase()
    {
        var x = Matrix();
        var t = x.T;
        x[0].FillInPlace(-1);
        Assert.Equal("tensor([[-1.,  3.],\n        [-1.,  4.],\n        [-1.,  5.]])", t.ToString());
    }

    // ---- 0-d tensors ----

    [Fact]
    public void ZeroDimFloat32() => Assert.Equal("tensor(3.5000)", Tensor.Scalar(3.5f).ToString());

    [Fact]
    public void ZeroDimNegative() => Assert.Equal("tensor(-0.5000)", Tensor.Scalar(-0.5f).ToString());

    [Fact]
    public void ZeroDimInt64() => Assert.Equal("tensor(3)", Tensor.Scalar(3).ToString());

    [Fact]
    public void ZeroDimInt32() => Assert.Equal("tensor(3, dtype=int32)", Tensor.Scalar(3L, DType.Int32).ToString());

    [Fact]
    public void ZeroDimFloat64() => Assert.Equal("tensor(2., dtype=float64)", Tensor.Scalar(2.0).ToString());

    [Fact]
    public void ZeroDimBool() => Assert.Equal("tensor(True)", Tensor.Scalar(true).ToString());

    [Fact]
    public void ZeroDimRequiresGrad() =>
        Assert.Equal("tensor(1.5000, requires_grad=True)", Tensor.Scalar(1.5f, requiresGrad: true).ToString());

    // ---- dtype suffixes ----

    [Fact]
    public void Float64Vector() =>
        Assert.Equal("tensor([1.0000, 2.5000], dtype=float64)", Tensor.FromArray(new double[] { 1, 2.5 }).ToString());

    [Fact]
    public void Int32Vector() =>
        Assert.Equal("tensor([ 1, -2, 30], dtype=int32)", Tensor.FromArray(new int[] { 1, -2, 30 }).ToString());

    [Fact]
    public void Int64VectorHasNoSuffix() =>
        Assert.Equal("tensor([ 1, -2, 30])", Tensor.FromArray(new long[] { 1, -2, 30 }).ToString());

    [Fact]
    public void Float64Matrix() =>
        Assert.Equal("tensor([[1., 2., 3.],\n        [4., 5., 6.]], dtype=float64)", Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]).ToString());

    [Fact]
    public void ConvertedWithTo() =>
        Assert.Equal("tensor([0, 1, 2], dtype=int32)", Tensor.Arange(3).To(DType.Int32).ToString());

    [Fact]
    public void IntegerSum() => Assert.Equal("tensor(6)", Tensor.FromArray(new int[] { 1, 2, 3 }).Sum().ToString());

    [Fact]
    public void IntegerTrueDivision() =>
        Assert.Equal("tensor([0.5000, 1.0000, 1.5000])", (Tensor.Arange(1, 4) / 2).ToString());

    // ---- bool tensors ----

    [Fact]
    public void BoolVector() =>
        Assert.Equal("tensor([ True, False,  True])", Tensor.FromArray(new[] { true, false, true }).ToString());

    [Fact]
    public void ComparisonResult() =>
        Assert.Equal("tensor([False,  True,  True])", Tensor.FromArray([1f, 2f, 3f]).Gt(1.5).ToString());

    [Fact]
    public void BoolMatrixFromComparison() =>
        Assert.Equal("tensor([[ True, False, False],\n        [False, False, False]])", Matrix().Eq(0.0).ToString());

    // ---- grad_fn and requires_grad suffixes ----

    [Fact]
    public void Float64LeafRequiresGradPrintsDTypeFirst()
    {
        var a = Tensor.FromArray(new double[] { 1, 2 }, requiresGrad: true);
        Assert.Equal("tensor([1., 2.], dtype=float64, requires_grad=True)", a.ToString());
    }

    [Fact]
    public void Float64GradFnPrintsDTypeFirst()
    {
        var a = Tensor.FromArray(new double[] { 1, 2 }, requiresGrad: true);
        Assert.Equal("tensor([2., 4.], dtype=float64, grad_fn=<MulBackward0>)", (a * 2).ToString());
        Assert.Equal("tensor(6., dtype=float64, grad_fn=<SumBackward0>)", (a * 2).Sum().ToString());
    }

    [Fact]
    public void ViewsOfATensorThatRequiresGradShowTheirNode()
    {
        var x = Tensor.Ones([2, 2], requiresGrad: true);
        Assert.Equal("tensor([[1., 1.],\n        [1., 1.]], grad_fn=<TBackward0>)", x.T.ToString());
        Assert.Equal("tensor([1., 1.], grad_fn=<SelectBackward0>)", x[0].ToString());
        Assert.Equal("tensor([1., 1., 1., 1.], grad_fn=<ViewBackward0>)", x.View(4).ToString());
    }

    [Fact]
    public void NoGradResultHasNoSuffix()
    {
        var x = Tensor.Ones([2, 2], requiresGrad: true);
        Tensor w;
        using (Autograd.NoGrad()) w = x * 2;
        Assert.Equal("tensor([[2., 2.],\n        [2., 2.]])", w.ToString());
    }

    [Fact]
    public void DetachedHasNoSuffix()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        Assert.Equal("tensor([1., 1.])", x.Detach().ToString());
        Assert.Equal("tensor([3., 3.])", (x + 2).Detach().ToString());
    }

    [Fact]
    public void RequiresGradAfterSettingTheProperty()
    {
        var x = Tensor.FromArray([0.5f, -1f]);
        Assert.Equal("tensor([ 0.5000, -1.0000])", x.ToString());
        x.RequiresGrad = true;
        Assert.Equal("tensor([ 0.5000, -1.0000], requires_grad=True)", x.ToString());
        x.RequiresGrad = false;
        Assert.Equal("tensor([ 0.5000, -1.0000])", x.ToString());
    }

    [Fact]
    public void InPlaceOnANonLeafChangesItsGradFn()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        var y = x * 3;
        y.AddInPlace(1);
        Assert.Equal("tensor([4., 4.], grad_fn=<AddBackward0>)", y.ToString());
    }

    [Fact]
    public void GradPrintsLikeATensor()
    {
        var x = Tensor.FromArray([1f, 2f], requiresGrad: true);
        (x * x).Sum().Backward();
        Assert.Equal("tensor([2., 4.])", x.Grad!.ToString());
    }

    // ---- mixed widths and summarisation ----

    [Fact]
    public void FixedPointAlignment() =>
        Assert.Equal("tensor([[ 1.5000, -2.0000],\n        [ 0.2500, 10.0000]])", Tensor.FromArray(new float[,] { { 1.5f, -2f }, { 0.25f, 10f } }).ToString());

    [Fact]
    public void LargeIntegerTensorIsSummarised() =>
        Assert.Equal("tensor([   0,    1,    2,  ..., 1998, 1999, 2000])", Tensor.Arange(2001).ToString());

    [Fact]
    public void EmptyTensor()
    {
        Assert.Equal("tensor([])", Tensor.Zeros(0).ToString());
        Assert.Equal("tensor([], size=(2, 0))", Tensor.Zeros(2, 0).ToString());
        Assert.Equal("tensor([], dtype=int64)", Tensor.Arange(0).ToString());
    }
}
