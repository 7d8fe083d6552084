namespace Nabla.Tests;

/// <summary>
/// One test per row of API.md's "Errors" table (exception type and message), then the table's
/// promise that nothing is left half-done: a failed backward leaves every <c>.Grad</c> as it was,
/// and an op that throws changes no data and no version counter.
/// </summary>
public class ErrorTests
{
    // ---- the table, row by row ----

    [Fact]
    public void BackwardWithoutGradientOnNonScalar()
    {
        var x = Tensor.Ones([2, 3], requiresGrad: true);
        var y = x * 2;
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("grad can be implicitly created only for scalar outputs", ex.Message);
        var viaGrad = Assert.Throws<InvalidOperationException>(() => Autograd.Grad(y, x));
        Assert.Contains("grad can be implicitly created only for scalar outputs", viaGrad.Message);
        Assert.Null(x.Grad);
        y.Backward(Tensor.Ones(2, 3));   // with a gradient it works
        Assert.Equal(Enumerable.Repeat(2f, 6).ToArray(), x.Grad!.ToArray<float>());
    }

    [Fact]
    public void SecondBackwardThroughFreedBuffers()
    {
        var x = Tensor.FromArray([1f, 2f], requiresGrad: true);
        var y = (x * x).Sum();
        y.Backward();
        Assert.Equal(new[] { 2f, 4f }, x.Grad!.ToArray<float>());
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("backward through the graph a second time", ex.Message);
        Assert.Equal(new[] { 2f, 4f }, x.Grad!.ToArray<float>());   // the failed pass added nothing

        var z = (x * x).Sum();
        Assert.Equal(new[] { 2f, 4f }, Autograd.Grad(z, x)!.ToArray<float>());   // Autograd.Grad frees the graph too
        Assert.Contains("backward through the graph a second time", Assert.Throws<InvalidOperationException>(() => z.Backward()).Message);
    }

    [Fact]
    public void SavedTensorModifiedInPlace()
    {
        var x = Tensor.FromArray([0.5f, 1f], requiresGrad: true);
        var y = x * 1;
        var z = y.Sin();      // saves y (version 0)
        y.AddInPlace(1);      // y is now at version 1
        var ex = Assert.Throws<InvalidOperationException>(() => z.Sum().Backward());
        Assert.Contains("modified by an inplace operation", ex.Message);
        Assert.Contains("is at version 1; expected version 0", ex.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void InPlaceOnLeafThatRequiresGrad()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => x.AddInPlace(1));
        Assert.Contains("leaf", ex.Message);
        Assert.Contains("in-place", ex.Message);
        Assert.Equal(new[] { 1f, 1f }, x.ToArray<float>());
        Assert.Equal(0L, x.Version);
    }

    [Fact]
    public void BackwardOnTensorThatDoesNotRequireGrad()
    {
        var x = Tensor.Ones(2);
        var s = x.Sum();
        Assert.False(s.RequiresGrad);
        Assert.Null(s.GradFn);
        var ex = Assert.Throws<InvalidOperationException>(() => s.Backward());
        Assert.Contains("does not require grad", ex.Message);
        var w = Tensor.Ones([2], requiresGrad: true);
        Assert.Contains("does not require grad", Assert.Throws<InvalidOperationException>(() => Autograd.Grad(s, w)).Message);
        Assert.Contains("does not require grad", Assert.Throws<InvalidOperationException>(() => Autograd.Grad((w * 2).Sum(), x)).Message);
    }

    [Fact]
    public void RequiresGradOnIntegerOrBoolTensor()
    {
        var i = Tensor.Arange(0, 3);
        var ex = Assert.Throws<InvalidOperationException>(() => i.RequiresGrad = true);
        Assert.Contains("floating point", ex.Message);
        Assert.False(i.RequiresGrad);
        var b = Tensor.FromArray(new[] { true });
        Assert.Contains("floating point", Assert.Throws<InvalidOperationException>(() => b.RequiresGrad = true).Message);
        var i32 = Tensor.FromArray(new int[] { 1 });
        Assert.Contains("floating point", Assert.Throws<InvalidOperationException>(() => i32.RequiresGradInPlace()).Message);
        Assert.Contains("floating point", Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2], DType.Int64, requiresGrad: true)).Message);
        i.RequiresGrad = false;   // clearing it is fine
        Assert.False(i.RequiresGrad);
    }

    [Fact]
    public void ShapesThatDoNotBroadcastAndMismatchedMatMul()
    {
        var add = Assert.Throws<ArgumentException>(() => Tensor.Ones(2, 3) + Tensor.Ones(4));
        Assert.Contains("[2, 3]", add.Message);
        Assert.Contains("[4]", add.Message);

        var mul = Assert.Throws<ArgumentException>(() => Tensor.Ones(2, 3).Mul(Tensor.Ones(3, 2)));
        Assert.Contains("[2, 3]", mul.Message);
        Assert.Contains("[3, 2]", mul.Message);

        var matmul = Assert.Throws<ArgumentException>(() => Tensor.Ones(2, 3).MatMul(Tensor.Ones(4, 5)));
        Assert.Contains("[2, 3]", matmul.Message);
        Assert.Contains("[4, 5]", matmul.Message);

        var mm = Assert.Throws<ArgumentException>(() => Tensor.Ones(2, 3).Mm(Tensor.Ones(2, 3)));
        Assert.Contains("[2, 3]", mm.Message);

        var bmm = Assert.Throws<ArgumentException>(() => Tensor.Ones(2, 3, 4).Bmm(Tensor.Ones(3, 4, 5)));
        Assert.Contains("[2, 3, 4]", bmm.Message);
        Assert.Contains("[3, 4, 5]", bmm.Message);

        var batched = Assert.Throws<ArgumentException>(() => Tensor.Ones(2, 3, 4).MatMul(Tensor.Ones(3, 4, 5)));   // batch dims 2 and 3
        Assert.Contains("[2]", batched.Message);
        Assert.Contains("[3]", batched.Message);

        var vec = Assert.Throws<ArgumentException>(() => Tensor.Ones(3).MatMul(Tensor.Ones(4)));
        Assert.Contains("[3]", vec.Message);
        Assert.Contains("[4]", vec.Message);
    }

    [Fact]
    public void DTypeMixTheOpRefuses()
    {
        var mm = Assert.Throws<ArgumentException>(() => Tensor.Ones(2, 2).Mm(Tensor.Ones([2, 2], DType.Float64)));
        Assert.Contains("float32", mm.Message);
        Assert.Contains("float64", mm.Message);

        var bmm = Assert.Throws<ArgumentException>(() => Tensor.Ones([1, 2, 2], DType.Float64).Bmm(Tensor.Ones(1, 2, 2)));
        Assert.Contains("float64", bmm.Message);
        Assert.Contains("float32", bmm.Message);

        var matmul = Assert.Throws<ArgumentException>(() => Tensor.Ones(2, 2).MatMul(Tensor.Ones([2], DType.Float64)));
        Assert.Contains("float32", matmul.Message);
        Assert.Contains("float64", matmul.Message);

        var inPlace = Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 3).AddInPlace(Tensor.Ones(3)));
        Assert.Contains("float32", inPlace.Message);
        Assert.Contains("int64", inPlace.Message);
    }

    [Fact]
    public void SavedTensorModifiedThroughADetachedAlias()
    {
        var x = Tensor.FromArray([0.5f, 1f], requiresGrad: true);
        var y = x * 1;
        var s = y.Sin();
        y.Detach().AddInPlace(1);   // detach shares the storage and its version counter
        var ex = Assert.Throws<InvalidOperationException>(() => s.Sum().Backward());
        Assert.Contains("modified by an inplace operation", ex.Message);
    }

    [Fact]
    public void SavedInputThatDoesNotRequireGradModifiedInPlace()
    {
        var a = Tensor.FromArray([1f, 2f]);
        var w = Tensor.FromArray([3f, 4f], requiresGrad: true);
        var y = a * w;      // saves a for dL/dw
        a.AddInPlace(1);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.Contains("modified by an inplace operation", ex.Message);
        Assert.Contains("is at version 1; expected version 0", ex.Message);
        Assert.Null(w.Grad);
    }

    [Fact]
    public void SavedOutputModifiedInPlace()
    {
        var x = Tensor.FromArray([0f, 1f], requiresGrad: true);
        var y = x.Exp();    // ExpBackward0 saves its output
        y.MulInPlace(2);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.Contains("modified by an inplace operation", ex.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void SavedTensorModifiedUnderNoGrad()
    {
        var x = Tensor.FromArray([0.5f, 1f], requiresGrad: true);
        var y = x * 1;
        var s = y.Sin();
        using (Autograd.NoGrad()) y.FillInPlace(0);
        Assert.Throws<InvalidOperationException>(() => s.Sum().Backward());
    }

    // ---- nothing is left half-done ----

    [Fact]
    public void FailedBackwardLeavesEveryGradAsItWas()
    {
        var x = Tensor.FromArray([0.5f, 1f], requiresGrad: true);
        x.Grad = Tensor.FromArray([5f, 6f]);
        var y = x * 1;
        var s = y.Sin();   // saves y
        // w is first used after s exists, so its gradient reaches its AccumulateGrad before SinBackward0 runs.
        var w = Tensor.FromArray([3f, 4f], requiresGrad: true);
        w.Grad = Tensor.FromArray([10f, 20f]);
        var u = w * 3;
        u.RetainGrad();
        var z = (s + u).Sum();
        y.AddInPlace(1);

        var ex = Assert.Throws<InvalidOperationException>(() => z.Backward());
        Assert.Contains("modified by an inplace operation", ex.Message);
        Assert.Equal(new[] { 5f, 6f }, x.Grad!.ToArray<float>());
        Assert.Equal(new[] { 10f, 20f }, w.Grad!.ToArray<float>());
        Assert.Null(u.Grad);
    }

    [Fact]
    public void FailedBackwardFreesNothing()
    {
        var x = Tensor.FromArray([0.5f, 1f], requiresGrad: true);
        var y = x * 1;
        var s = y.Sin();
        var w = Tensor.FromArray([3f, 4f], requiresGrad: true);
        var u = w * w;   // saves w
        var z = (s + u).Sum();
        y.AddInPlace(1);

        Assert.Throws<InvalidOperationException>(() => z.Backward());
        // Trying again fails for the same reason, not because the first attempt freed buffers.
        var again = Assert.Throws<InvalidOperationException>(() => z.Backward());
        Assert.Contains("modified by an inplace operation", again.Message);
        Assert.DoesNotContain("second time", again.Message);
        // The branch that ran before the failure still has its saved tensors.
        u.Sum().Backward();
        Assert.Equal(new[] { 6f, 8f }, w.Grad!.ToArray<float>());
        Assert.Null(x.Grad);
    }

    [Fact]
    public void FailedBackwardRestoresGradMode()
    {
        var x = Tensor.FromArray([1f, 2f], requiresGrad: true);
        var y = (x * x).Sum();
        y.Backward();
        Assert.Throws<InvalidOperationException>(() => y.Backward(createGraph: false));
        Assert.True(Autograd.IsGradEnabled);
        Assert.Throws<InvalidOperationException>(() => y.Backward(createGraph: true));
        Assert.True(Autograd.IsGradEnabled);
        using (Autograd.NoGrad())
        {
            Assert.Throws<InvalidOperationException>(() => y.Backward(createGraph: true));
            Assert.False(Autograd.IsGradEnabled);
        }
        Assert.True(Autograd.IsGradEnabled);
    }

    [Fact]
    public void FailedSecondBackwardKeepsGradsFromTheFirst()
    {
        var a = Tensor.FromArray([1f, 2f], requiresGrad: true);
        var b = Tensor.FromArray([3f, 4f], requiresGrad: true);
        var loss = (a * b).Sum();
        loss.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("second time", ex.Message);
        Assert.Equal(new[] { 3f, 4f }, a.Grad!.ToArray<float>());
        Assert.Equal(new[] { 1f, 2f }, b.Grad!.ToArray<float>());
    }

    [Fact]
    public void RetainGraphAllowsASecondBackward()
    {
        var x = Tensor.FromArray([1f, 2f], requiresGrad: true);
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(new[] { 4f, 8f }, x.Grad!.ToArray<float>());   // accumulated twice
        Assert.Throws<InvalidOperationException>(() => y.Backward());   // now freed
    }

    [Fact]
    public void GradientOfTheWrongShapeThrowsNamingBothShapes()
    {
        var x = Tensor.Ones([2, 3], requiresGrad: true);
        var y = x * 2;
        var ex = Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Ones(3, 2)));
        Assert.Contains("[3, 2]", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Null(x.Grad);
        y.Backward(Tensor.Ones(2, 3));   // the graph was not freed by the failed call
        Assert.Equal(Enumerable.Repeat(2f, 6).ToArray(), x.Grad!.ToArray<float>());
    }

    [Fact]
    public void InPlaceWithBadBroadcastChangesNothing()
    {
        var x = Tensor.Arange(0.0, 6.0).Reshape(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => x.AddInPlace(Tensor.Ones(4)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
        // Broadcasting the operand would grow x: refused too, as in PyTorch.
        var grow = Assert.Throws<ArgumentException>(() => x.MulInPlace(Tensor.Ones(2, 2, 3)));
        Assert.Contains("[2, 2, 3]", grow.Message);
        Assert.Throws<ArgumentException>(() => x.CopyFromInPlace(Tensor.Ones(3, 2)));
        Assert.Throws<ArgumentException>(() => x.T.SubInPlace(Tensor.Ones(2, 3)));
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, x.ToArray<float>());
        Assert.Equal(0L, x.Version);
    }

    [Fact]
    public void InPlaceWithBadBroadcastOnARecordedTensorChangesNothing()
    {
        var x = Tensor.FromArray([1f, 2f], requiresGrad: true);
        var y = x * 2;
        var fn = y.GradFn;
        Assert.Throws<ArgumentException>(() => y.AddInPlace(Tensor.Ones(3)));
        Assert.Throws<ArgumentException>(() => y.MulInPlace(Tensor.Ones(2, 2)));
        Assert.Equal(new[] { 2f, 4f }, y.ToArray<float>());
        Assert.Equal(0L, y.Version);
        Assert.Same(fn, y.GradFn);
        y.Sum().Backward();   // the graph is intact
        Assert.Equal(new[] { 2f, 2f }, x.Grad!.ToArray<float>());
    }

    [Fact]
    public void InPlaceWithRefusedDTypeChangesNothing()
    {
        var x = Tensor.FromArray(new long[] { 1, 2 });
        Assert.Throws<ArgumentException>(() => x.MulInPlace(0.5));
        Assert.Throws<ArgumentException>(() => x.DivInPlace(Tensor.FromArray(new long[] { 2, 2 })));
        Assert.Throws<ArgumentException>(() => x.SubInPlace(Tensor.Scalar(0.5)));
        Assert.Equal(new long[] { 1, 2 }, x.ToArray<long>());
        Assert.Equal(0L, x.Version);
    }

    [Fact]
    public void InPlaceOnLeafOrItsViewChangesNothing()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], requiresGrad: true);
        Assert.Throws<InvalidOperationException>(() => x.MulInPlace(2));
        Assert.Throws<InvalidOperationException>(() => x.FillInPlace(0));
        Assert.Throws<InvalidOperationException>(() => x.ZeroInPlace());
        Assert.Throws<InvalidOperationException>(() => x.CopyFromInPlace(Tensor.Ones(3)));
        var view = Assert.Throws<InvalidOperationException>(() => x[1..].AddInPlace(1));
        Assert.Contains("leaf", view.Message);
        Assert.Contains("in-place", view.Message);
        Assert.Equal(new[] { 1f, 2f, 3f }, x.ToArray<float>());
        Assert.Equal(0L, x.Version);
        Assert.True(x.IsLeaf);
        Assert.Null(x.GradFn);

        using (Autograd.NoGrad()) x.MulInPlace(2);   // the sanctioned way to update a parameter
        Assert.Equal(new[] { 2f, 4f, 6f }, x.ToArray<float>());
        Assert.Equal(1L, x.Version);
        Assert.True(x.IsLeaf);
    }

    [Fact]
    public void FailedOutOfPlaceOpsRecordNothing()
    {
        var x = Tensor.Ones([2, 3], requiresGrad: true);
        Assert.Throws<ArgumentException>(() => x + Tensor.Ones(4));
        Assert.Throws<ArgumentException>(() => x.Mm(Tensor.Ones(2, 3)));
        Assert.Equal(0L, x.Version);
        (x * 2).Sum().Backward();
        Assert.Equal(Enumerable.Repeat(2f, 6).ToArray(), x.Grad!.ToArray<float>());
    }

    [Fact]
    public void ClearingRequiresGradOnANonLeafThrows()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        var y = x * 2;
        var ex = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("leaf", ex.Message);
        Assert.True(y.RequiresGrad);
    }

    [Fact]
    public void AssigningAGradOfTheWrongShapeOrDTypeThrows()
    {
        var x = Tensor.Ones([2, 3], requiresGrad: true);
        var shape = Assert.Throws<ArgumentException>(() => x.Grad = Tensor.Ones(3, 2));
        Assert.Contains("[3, 2]", shape.Message);
        Assert.Contains("[2, 3]", shape.Message);
        var dtype = Assert.Throws<ArgumentException>(() => x.Grad = Tensor.Ones([2, 3], DType.Float64));
        Assert.Contains("float64", dtype.Message);
        Assert.Contains("float32", dtype.Message);
        Assert.Null(x.Grad);
    }
}
