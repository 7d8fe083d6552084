namespace Nabla.Tests;

/// <summary>
/// The shapes of graphs beyond one node: edges (next_functions) and the nodes compositions record.
/// Each op's own node name is a column of the op table (<see cref="OpCases"/>).
/// </summary>
public class NodeNameTests
{
    [Fact]
    public void NextFunctionsFollowPyTorch()
    {
        var x = Tensor.Ones([2, 3], DType.Float64, requiresGrad: true);
        // x + 2: the number is not an input with a gradient.
        var add = (x + 2).GradFn!;
        Assert.Equal(2, add.NextFunctions.Count);
        Assert.Equal("AccumulateGrad", add.NextFunctions[0].Node!.Name);
        Assert.Null(add.NextFunctions[1].Node);
        // x[1..2, ^1]: a select on top of a slice; x[.., 1] skips the full slice.
        Assert.Equal("SliceBackward0", x[0..1, ^1].GradFn!.NextFunctions[0].Node!.Name);
        Assert.Equal("AccumulateGrad", x[.., 1].GradFn!.NextFunctions[0].Node!.Name);
        // reshape of a non-contiguous tensor: a copy (clone) then an unsafe view.
        Assert.Equal("CloneBackward0", x.T.Reshape(6).GradFn!.NextFunctions[0].Node!.Name);
        // 2.0 / x: reciprocal, then a multiplication by the number.
        Assert.Equal("ReciprocalBackward0", (2.0 / x).GradFn!.NextFunctions[0].Node!.Name);
        // a dtype conversion is a node of its own (the table's finite differences cannot check a float32 result).
        Assert.Equal("ToCopyBackward0", x.To(DType.Float32).GradFn!.Name);
        // contiguous of a contiguous tensor is the tensor itself.
        Assert.Same(x, x.Contiguous());
    }

    [Fact]
    public void InPlaceWritesAndWholeSlicesRecordPyTorchsNodes()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3], requiresGrad: true);
        var v = Tensor.FromArray([7.0, 8.0], requiresGrad: true);
        // an in-place write into a view: the base's node is CopySlices (PyTorch's), its gradient zero where
        // the view was overwritten, and the written values get the view's gradient
        var y = x * 1;
        y[.., 0].CopyFromInPlace(v);
        Assert.Equal("CopySlices", y.GradFn!.Name);
        Assert.Equal([7.0, 2, 3, 8, 5, 6], y.ToArray<double>());
        (y * Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3])).Sum().Backward();
        Assert.Equal([0.0, 2, 3, 0, 5, 6], x.Grad!.ToArray<double>());
        Assert.Equal([1.0, 4], v.Grad!.ToArray<double>());
        // fill_ is fill_.Scalar: FillBackward2 in PyTorch 1.13 and 2 (FillBackward0 and 1 are the functional fill's)
        Assert.Equal("FillBackward2", (x * 1).FillInPlace(2).GradFn!.Name);
        // x[:] alone is a slice, x[...] an alias, x[:, 1] skips the whole-dim slice
        Assert.Equal("SliceBackward0", x[..].GradFn!.Name);
        Assert.Equal("AliasBackward0", x[TensorIndex.Ellipsis].GradFn!.Name);
        Assert.Equal("AccumulateGrad", x[.., 1].GradFn!.NextFunctions[0].Node!.Name);
    }

    [Fact]
    public void MatMulGraphsMatchPyTorch()
    {
        var v = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var m = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [2, 2], requiresGrad: true);
        var batch = Tensor.Ones([3, 2, 2], DType.Float64, requiresGrad: true);
        Assert.Equal("DotBackward0", v.MatMul(v).GradFn!.Name);
        Assert.Equal(5.0, v.MatMul(v).Item<double>());
        Assert.Equal("MvBackward0", m.MatMul(v).GradFn!.Name);
        Assert.Equal([5.0, 11.0], m.MatMul(v).ToArray<double>());
        var folded = batch.MatMul(m);   // [3,2,2]·[2,2]: rows folded into one mm
        Assert.Equal("UnsafeViewBackward0", folded.GradFn!.Name);
        Assert.Equal("MmBackward0", folded.GradFn.NextFunctions[0].Node!.Name);
        var batched = m.Detach().MatMul(batch);  // [2,2]·[3,2,2], the matrix a constant: expand + bmm
        Assert.Equal("UnsafeViewBackward0", batched.GradFn!.Name);
        Assert.Equal("BmmBackward0", batched.GradFn.NextFunctions[0].Node!.Name);
        // The matrix requiring grad, PyTorch folds the batch's transpose into rows (one mm, so that the matrix's
        // gradient is one product) and copies the transposed product out: libtorch 2.10 records the same.
        var refolded = m.MatMul(batch);
        Assert.Equal("CloneBackward0", refolded.GradFn!.Name);
        Assert.Equal("TransposeBackward0", refolded.GradFn.NextFunctions[0].Node!.Name);
        Assert.Equal("UnsafeViewBackward0", refolded.GradFn.NextFunctions[0].Node!.NextFunctions[0].Node!.Name);
        Assert.Equal(batched.ToArray<double>(), refolded.ToArray<double>());
        // [2]·[3,2,2] and [2]·[2,2]: PyTorch's _unsafe_view of the product, and squeeze_ of [1,2]·[2,2]
        Assert.Equal("UnsafeViewBackward0", v.MatMul(batch).GradFn!.Name);
        Assert.Equal("SqueezeBackward4", v.MatMul(m).GradFn!.Name);
        Assert.Equal([7.0, 10.0], v.MatMul(m).ToArray<double>());
        Assert.True(Autograd.GradCheck(xs => xs[0].MatMul(xs[1]), [v, v.Detach().Clone().RequiresGradInPlace()]));
        Assert.True(Autograd.GradGradCheck(xs => xs[0].MatMul(xs[1]), [m, v]));
        Assert.True(Autograd.GradGradCheck(xs => xs[0].MatMul(xs[1]), [batch, m]));
    }

    [Fact]
    public void ReluBackwardIsOneFusedDifferentiableNode()
    {
        var x = Tensor.FromArray([-1.0, 2.0, 0.0, 3.0], requiresGrad: true);
        var g = Tensor.FromArray([10.0, 20.0, 30.0, 40.0], requiresGrad: true);
        var dx = Autograd.Grad(x.Relu(), x, g, createGraph: true)!;
        Assert.Equal("ThresholdBackwardBackward0", dx.GradFn!.Name);
        Assert.Equal([0.0, 20.0, 0.0, 40.0], dx.ToArray<double>());   // relu'(0) = 0, as in PyTorch
        dx.Sum().Backward();
        Assert.Equal([0.0, 1.0, 0.0, 1.0], g.Grad!.ToArray<double>());
    }

    [Fact]
    public void MatMulWeightGradientArrivesInTheWeightsLayout()
    {
        var x = Tensor.Randn([5, 7], DType.Float64);
        var w = Tensor.Randn([3, 7], DType.Float64, requiresGrad: true);
        var b = Tensor.Randn([3], DType.Float64, requiresGrad: true);
        Tensor? arriving = null;
        using (w.RegisterHook(g => { arriving = g; return null; }))
            NN.F.Linear(x, w, b).Sum().Backward();
        Assert.True(arriving!.IsContiguous, "the weight's gradient should arrive contiguous, with no transposing copy left to make");
        Assert.Equal(x.Sum(0).Expand(3, 7).ToArray<double>(), w.Grad!.ToArray<double>(), new ToleranceComparer(1e-12));
        Assert.True(Autograd.GradCheck(xs => NN.F.Linear(xs[0], xs[1]), [x.Detach().RequiresGradInPlace(), w]));
        Assert.True(Autograd.GradCheck(xs => xs[0].T.Mm(xs[1]), [Tensor.Randn([7, 5], DType.Float64, requiresGrad: true), w.Detach().T.Contiguous().RequiresGradInPlace()]));
    }
}
