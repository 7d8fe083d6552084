using Nabla;

namespace Nabla.Tests;

/// <summary>The backward engine: accumulation, graph retention, transactions, depth, Autograd.Grad.</summary>
public sealed class EngineTests
{
    private static Tensor Leaf(params double[] values) => Tensor.FromArray(values, requiresGrad: true);

    [Fact]
    public void TutorialGradientIsFourAndAHalf()
    {
        var x = Tensor.Ones([2, 2], requiresGrad: true);
        var y = x + 2;
        var o = (y * y * 3).Mean();
        o.Backward();
        Assert.Equal([4.5f, 4.5f, 4.5f, 4.5f], x.Grad!.ToArray<float>());
        Assert.Equal("tensor(27., grad_fn=<MeanBackward0>)", o.ToString());
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        var x = Leaf(1, 2, 3);
        (x * x).Sum().Backward();
        (x * x).Sum().Backward();
        Assert.Equal([4.0, 8.0, 12.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void LeafGradIsAPrivateCopyOfTheIncomingGradient()
    {
        var x = Leaf(1, 2);
        var v = Tensor.FromArray([10.0, 20.0]);
        (x + 0.0).Backward(v);
        (x + 0.0).Backward(v);   // accumulates in place into x.Grad: v must not change
        Assert.Equal([10.0, 20.0], v.ToArray<double>());
        Assert.Equal([20.0, 40.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void RetainGraphAllowsASecondBackward()
    {
        var x = Leaf(2);
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal([8.0], x.Grad!.ToArray<double>());
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("backward through the graph a second time", ex.Message);
    }

    [Fact]
    public void FailedBackwardChangesNoGradientAndFreesNothing()
    {
        var a = Leaf(1, 2);
        var b = Leaf(3, 4);
        a.Grad = Tensor.FromArray([100.0, 100.0]);
        var e = b.Exp();
        var loss = (a * 3).Sum() + e.Sum() + (a * b).Sum();
        using (Autograd.NoGrad()) e.AddInPlace(1.0);   // invalidates what ExpBackward0 saved
        var ex = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("modified by an inplace operation", ex.Message);
        Assert.Equal([100.0, 100.0], a.Grad!.ToArray<double>());
        Assert.Null(b.Grad);
        // The buffers were kept: the other branches can still be differentiated.
        var ga = Autograd.Grad((a * b).Sum(), a);
        Assert.Equal([3.0, 4.0], ga!.ToArray<double>());
    }

    [Fact]
    public void AChainOfAHundredThousandOpsDoesNotOverflowTheStack()
    {
        var x = Tensor.Scalar(1.0, requiresGrad: true);
        var y = x;
        for (int i = 0; i < 100_000; i++) y = y + 1.0;
        y.Backward();
        Assert.Equal(1.0, x.Grad!.Item<double>());
        Assert.Equal(100_001.0, y.Item<double>());
    }

    [Fact]
    public void GradReturnsGradientsWithoutTouchingDotGrad()
    {
        var x = Leaf(1, 2, 3);
        var w = Leaf(4, 5, 6);
        var y = (x * w).Sum();
        var grads = Autograd.Grad([y], [x, w]);
        Assert.Equal([4.0, 5.0, 6.0], grads[0]!.ToArray<double>());
        Assert.Equal([1.0, 2.0, 3.0], grads[1]!.ToArray<double>());
        Assert.Null(x.Grad);
        Assert.Null(w.Grad);
    }

    [Fact]
    public void GradOfAnUnusedInputThrowsUnlessAllowed()
    {
        var x = Leaf(1);
        var unused = Leaf(2);
        var ex = Assert.Throws<InvalidOperationException>(() => Autograd.Grad([(x * 2).Sum()], [x, unused]));
        Assert.Contains("appears to not have been used in the graph", ex.Message);
        var grads = Autograd.Grad([(x * 2).Sum()], [x, unused], allowUnused: true);
        Assert.Equal([2.0], grads[0]!.ToArray<double>());
        Assert.Null(grads[1]);
    }

    [Fact]
    public void GradWithRespectToAnIntermediateTensor()
    {
        var x = Leaf(1, 2);
        var h = x * 3;
        var y = (h * h).Sum();
        var gh = Autograd.Grad(y, h);
        Assert.Equal([6.0, 12.0], gh!.ToArray<double>());
    }

    [Fact]
    public void CreateGraphGivesSecondDerivatives()
    {
        var x = Leaf(2.0);
        var y = (x * x * x).Sum();                                // y = x³
        var dy = Autograd.Grad(y, x, createGraph: true)!;         // 3x² = 12
        Assert.Equal(12.0, dy.Item<double>());
        Assert.NotNull(dy.GradFn);
        var d2y = Autograd.Grad(dy.Sum(), x)!;                   // 6x = 12
        Assert.Equal(12.0, d2y.Item<double>());
    }

    [Fact]
    public void BackwardWithCreateGraphRecordsTheGradient()
    {
        var x = Leaf(3.0);
        (x * x).Sum().Backward(createGraph: true);
        var g = x.Grad!;
        Assert.Equal(6.0, g.Item<double>());
        Assert.NotNull(g.GradFn);
        var second = Autograd.Grad(g.Sum(), x)!;
        Assert.Equal(2.0, second.Item<double>());
    }

    [Fact]
    public void RetainGradKeepsANonLeafGradient()
    {
        var x = Leaf(1, 2);
        var h = x * 2;
        h.RetainGrad();
        var y = x * 5;
        (h * h + y).Sum().Backward();
        Assert.Equal([4.0, 8.0], h.Grad!.ToArray<double>());
        Assert.Null(y.Grad);
        Assert.Equal([13.0, 21.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void NextFunctionsMirrorPyTorch()
    {
        var x = Tensor.Ones([2, 2], requiresGrad: true);
        var y = x + 2;
        Assert.Equal("AddBackward0", y.GradFn!.Name);
        Assert.Equal("<AddBackward0>", y.GradFn.ToString());
        Assert.Equal(2, y.GradFn.NextFunctions.Count);
        Assert.Equal("AccumulateGrad", y.GradFn.NextFunctions[0].Node!.Name);
        Assert.Equal(0, y.GradFn.NextFunctions[0].InputNr);
        Assert.Null(y.GradFn.NextFunctions[1].Node);   // the wrapped number 2
        var s = (y * y).Sum();
        Assert.Equal("SumBackward0", s.GradFn!.Name);
        Assert.Equal("MulBackward0", s.GradFn.NextFunctions[0].Node!.Name);
        Assert.Same(y.GradFn, s.GradFn.NextFunctions[0].Node!.NextFunctions[0].Node);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void CommonWrappedNumbersAreReusedTogether(DType dtype)
    {
        // x * 2 + 1 and y * 1.01 + 0.5 in a loop wrap the same numbers each time; all of them must be
        // able to stay cached at once (a hash that put 0.5, 1 and 2 in one slot made each evict the
        // other). Asserted on the slots: other test classes wrap numbers into the shared table meanwhile.
        double[] values = [0, 1, 2, 0.5, 1.01, -1, 3];
        var slots = values.Select(v => Tensor.WrappedSlot(BitConverter.DoubleToInt64Bits(v), dtype)).ToArray();
        Assert.Equal(values.Length, slots.Distinct().Count());
        foreach (double v in values)
        {
            var wrapped = Tensor.Wrap(v, dtype);
            Assert.True(wrapped.IsWrappedNumber);
            Assert.Equal(dtype, wrapped.DType);
            Assert.Equal(v, wrapped.Item<double>(), dtype == DType.Float32 ? 1e-7 : 0);
        }
    }

    [Fact]
    public void LeavesAndRequiresGrad()
    {
        var x = Tensor.Zeros(2);
        Assert.True(x.IsLeaf);
        Assert.False(x.RequiresGrad);
        x.RequiresGrad = true;
        var y = x * 2;
        Assert.False(y.IsLeaf);
        Assert.True(y.RequiresGrad);
        var ex = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("leaf", ex.Message);
        var d = y.Detach();
        Assert.True(d.IsLeaf);
        Assert.False(d.RequiresGrad);
        y.DetachInPlace();
        Assert.True(y.IsLeaf);
        Assert.Null(y.GradFn);
    }

    [Fact]
    public void BackwardOnALeafThatRequiresGradSetsItsGradient()
    {
        var x = Tensor.Scalar(5.0, requiresGrad: true);
        x.Backward();
        Assert.Equal(1.0, x.Grad!.Item<double>());
    }

    [Fact]
    public void InPlaceOnANonLeafIsRecorded()
    {
        var x = Leaf(1, 2);
        var y = x * 2;
        y.AddInPlace(Tensor.FromArray([1.0, 1.0]));
        Assert.Equal("AddBackward0", y.GradFn!.Name);
        Assert.Equal(1, y.Version);
        y.Sum().Backward();
        Assert.Equal([2.0, 2.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void InPlaceMultiplyKeepsTheOriginalValueForTheOtherGradient()
    {
        var x = Leaf(1, 2);
        var w = Leaf(3, 4);
        var y = x * 1.0;
        y.MulInPlace(w);
        y.Sum().Backward();
        Assert.Equal([3.0, 4.0], x.Grad!.ToArray<double>());
        Assert.Equal([1.0, 2.0], w.Grad!.ToArray<double>());
    }

    [Fact]
    public void CompoundAssignmentIsInPlace()
    {
        var a = Tensor.FromArray([1f, 2f]);
        var alias = a;
        a += 1.0;
        a *= Tensor.FromArray([2f, 3f]);
        Assert.Same(alias, a);
        Assert.Equal([4f, 9f], alias.ToArray<float>());
        Assert.Equal(2, a.Version);
    }

    [Fact]
    public void BroadcastGradientsAreSummedInsideTheRule()
    {
        var a = Tensor.Ones([3, 1], DType.Float64, requiresGrad: true);
        var b = Tensor.Ones([4], DType.Float64, requiresGrad: true);
        var y = a * b;
        Assert.Equal([3, 4], y.Shape.ToArray());
        y.Sum().Backward();
        Assert.Equal([3, 1], a.Grad!.Shape.ToArray());
        Assert.Equal([4.0, 4.0, 4.0], a.Grad.ToArray<double>());
        Assert.Equal([3.0, 3.0, 3.0, 3.0], b.Grad!.ToArray<double>());
        Assert.Equal("AccumulateGrad", y.GradFn!.NextFunctions[0].Node!.Name);   // no extra nodes for broadcasting
    }

    [Fact]
    public void MixedPrecisionGradientsComeBackInEachInputsDType()
    {
        var a = Tensor.Ones([2], DType.Float32, requiresGrad: true);
        var b = Tensor.Ones([2], DType.Float64, requiresGrad: true);
        var y = a * b;
        Assert.Equal(DType.Float64, y.DType);
        y.Sum().Backward();
        Assert.Equal(DType.Float32, a.Grad!.DType);
        Assert.Equal(DType.Float64, b.Grad!.DType);
    }

    [Fact]
    public void InPlaceThroughAViewUpdatesTheBasesHistory()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3], requiresGrad: true);
        var w = Tensor.FromArray([10.0, 20.0, 30.0], requiresGrad: true);
        var y = x * 2;
        var row = y[0];
        row.MulInPlace(w);                     // y[0] *= w, through the view
        Assert.Equal([20.0, 80.0, 180.0, 8.0, 10.0, 12.0], y.ToArray<double>());
        Assert.NotNull(row.GradFn);
        y.Sum().Backward();
        Assert.Equal([20.0, 40.0, 60.0, 2.0, 2.0, 2.0], x.Grad!.ToArray<double>());
        Assert.Equal([2.0, 4.0, 6.0], w.Grad!.ToArray<double>());
    }

    [Fact]
    public void FillThroughAViewStopsTheGradientThere()
    {
        var x = Tensor.Ones([2, 3], DType.Float64, requiresGrad: true);
        var y = x * 3;
        y[.., 1].FillInPlace(0);
        var z = y * y;
        z.Sum().Backward();
        Assert.Equal([18.0, 0.0, 18.0, 18.0, 0.0, 18.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradientOfAViewAfterInPlaceOnIt()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0], requiresGrad: true);
        var y = x * 1;
        var tail = y[1..];
        tail.AddInPlace(Tensor.FromArray([5.0, 5.0]));
        (tail * tail).Sum().Backward();        // d/dx of (x[1..] + 5)²
        Assert.Equal([0.0, 14.0, 16.0], x.Grad!.ToArray<double>());
    }
}
