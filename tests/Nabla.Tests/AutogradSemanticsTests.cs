namespace Nabla.Tests;

/// <summary>
/// Issue 15's autograd semantics, each PyTorch's behaviour: requires_grad on non-leaves, extra null
/// gradients from a custom function, hooks that change a gradient's size, inference tensors,
/// RetainGrad through in-place ops, and mT.
/// </summary>
public sealed class AutogradSemanticsTests
{
    private static Tensor Leaf() => Tensor.FromArray([1.0, 2.0, 3.0], requiresGrad: true);

    [Fact]
    public void SettingRequiresGradOnANonLeafThrowsForEitherValue()
    {
        var y = Leaf() * 2;
        var on = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = true);
        Assert.Contains("you can only change RequiresGrad flags of leaf tensors", on.Message);
        var off = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("Detach()", off.Message);
        Assert.Throws<InvalidOperationException>(() => y.RequiresGradInPlace(false));
        Assert.Same(y, y.RequiresGradInPlace(true));   // requires_grad_(True) on a non-leaf: allowed, no change
        Assert.True(y.RequiresGrad);
    }

    private sealed class Scale : Function
    {
        public bool ExtraIsNull { get; init; } = true;

        protected override Tensor[] Forward(FunctionContext ctx, Tensor[] inputs) => [inputs[0] * 3];

        protected override Tensor?[] Backward(FunctionContext ctx, Tensor[] gradOutputs)
            => [gradOutputs[0] * 3, ExtraIsNull ? null : gradOutputs[0]];   // one gradient more than inputs, as for a non-tensor argument
    }

    [Fact]
    public void AFunctionMayReturnExtraNullGradientsButNotExtraValues()
    {
        var x = Leaf();
        new Scale().Apply(x)[0].Sum().Backward();
        Assert.Equal([3.0, 3.0, 3.0], x.Grad!.ToArray<double>());
        var error = Assert.Throws<InvalidOperationException>(() => new Scale { ExtraIsNull = false }.Apply(Leaf())[0].Sum().Backward());
        Assert.Contains("ScaleBackward returned an incorrect number of gradients (expected 1, got 2)", error.Message);
    }

    [Fact]
    public void AHookThatChangesTheSizeOrTypeOfAGradientIsNamedAsTheCulprit()
    {
        var x = Leaf();
        var y = x * 2;
        y.RegisterHook(g => g.Sum());
        var size = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.Contains("hook '<lambda>' (registered on output 0 of MulBackward0) has changed the size of value (was [3] got [])", size.Message);

        var z = Leaf();
        z.RegisterHook(g => g.To(DType.Float32));
        var type = Assert.Throws<InvalidOperationException>(() => (z * 2).Sum().Backward());
        Assert.Contains("has changed the type of value (was float64 got float32)", type.Message);
        Assert.Null(z.Grad);   // the pass failed before committing anything
    }

    [Fact]
    public void InferenceTensorsFollowPyTorchsRules()
    {
        var w = Leaf();
        Tensor t;
        using (Autograd.InferenceMode())
        {
            t = Tensor.Ones([3], DType.Float64) * 2;
            Assert.True(t.IsInference);
            Assert.True(t[1..].IsInference);   // views of inference tensors are inference tensors
            t.MulInPlace(2);                   // in-place inside the mode: fine
        }
        Assert.False(w.IsInference);
        var save = Assert.Throws<InvalidOperationException>(() => w * t);   // mul saves t for w's gradient
        Assert.Contains("Inference tensors cannot be saved for backward", save.Message);
        Assert.NotNull((w + t).GradFn);   // add saves nothing: allowed, as in PyTorch
        var requires = Assert.Throws<InvalidOperationException>(() => t.RequiresGrad = true);
        Assert.Contains("inference tensor outside InferenceMode", requires.Message);
        var inPlace = Assert.Throws<InvalidOperationException>(() => t.AddInPlace(1.0));
        Assert.Contains("In-place update to an inference tensor outside InferenceMode", inPlace.Message);
        Assert.False(t.Clone().IsInference);
        Assert.Equal([4.0, 4.0, 4.0], t.ToArray<double>());
    }

    [Fact]
    public void RetainGradFollowsTheTensorThroughInPlaceOps()
    {
        var x = Leaf();
        var y = x * 1;
        y.RetainGrad();
        y.MulInPlace(2);
        (y * y).Sum().Backward();
        Assert.Equal([4.0, 8.0, 12.0], y.Grad!.ToArray<double>());   // d/dy Σy² at the latest y = 2x
        Assert.Equal([8.0, 16.0, 24.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void MTSwapsTheLastTwoDimsAndTPointsToIt()
    {
        var x = Tensor.Arange(0, 24, dtype: DType.Float64).Reshape(2, 3, 4).RequiresGradInPlace();
        var mt = x.MT;
        Assert.Equal([2, 4, 3], mt.Shape);
        Assert.Equal("TransposeBackward0", mt.GradFn!.Name);
        Assert.Equal(x[1, 2, 3].Item<double>(), mt[1, 3, 2].Item<double>());
        var error = Assert.Throws<InvalidOperationException>(() => x.T);
        Assert.Contains("use MT", error.Message);
        Assert.Contains("Permute", error.Message);
        Assert.Throws<InvalidOperationException>(() => Tensor.Ones([3]).MT);
    }
}
