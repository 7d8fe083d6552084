using Nabla;

namespace Nabla.Tests;

/// <summary>Custom Functions: saved tensors, needs-input-grad, dirty and non-differentiable outputs.</summary>
public sealed class FunctionTests
{
    private sealed class MyExp : Function
    {
        protected override Tensor[] Forward(FunctionContext ctx, Tensor[] inputs)
        {
            var result = inputs[0].Exp();
            ctx.SaveForBackward(result);
            return [result];
        }

        protected override Tensor?[] Backward(FunctionContext ctx, Tensor[] gradOutputs) => [gradOutputs[0] * ctx.SavedTensors[0]];
    }

    private sealed class MulWithArgmax : Function
    {
        public bool[] Needs { get; private set; } = [];

        protected override Tensor[] Forward(FunctionContext ctx, Tensor[] inputs)
        {
            ctx.SaveForBackward(inputs[0], inputs[1]);
            var product = inputs[0] * inputs[1];
            var argmax = product.Argmax();
            ctx.MarkNonDifferentiable(argmax);
            return [product, argmax];
        }

        protected override Tensor?[] Backward(FunctionContext ctx, Tensor[] gradOutputs)
        {
            Needs = [ctx.NeedsInputGrad(0), ctx.NeedsInputGrad(1)];
            return [Needs[0] ? gradOutputs[0] * ctx.SavedTensors[1] : null, Needs[1] ? gradOutputs[0] * ctx.SavedTensors[0] : null];
        }
    }

    private sealed class DoubleInPlace : Function
    {
        protected override Tensor[] Forward(FunctionContext ctx, Tensor[] inputs)
        {
            ctx.MarkDirty(inputs[0]);
            return [inputs[0].MulInPlace(2.0)];
        }

        protected override Tensor?[] Backward(FunctionContext ctx, Tensor[] gradOutputs) => [gradOutputs[0] * 2.0];
    }

    [Fact]
    public void ACustomFunctionIsDifferentiatedAndNamedAfterItsClass()
    {
        var x = Tensor.FromArray([0.0, 1.0], requiresGrad: true);
        var y = new MyExp().Apply(x)[0];
        Assert.Equal("MyExpBackward", y.GradFn!.Name);
        Assert.Equal("AccumulateGrad", y.GradFn.NextFunctions[0].Node!.Name);
        y.Sum().Backward();
        Assert.Equal(new[] { 1.0, Math.E }, x.Grad!.ToArray<double>(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void ItsBackwardIsDifferentiableWhenWrittenInTensorOps()
    {
        var x = Tensor.Scalar(0.5, requiresGrad: true);
        var y = new MyExp().Apply(x)[0];
        var g = Autograd.Grad(y, x, createGraph: true)!;
        var gg = Autograd.Grad(g, x)!;
        Assert.Equal(Math.Exp(0.5), gg.Item<double>(), 12);
        Assert.True(Autograd.GradCheck(xs => new MyExp().Apply(xs[0])[0], [Tensor.FromArray([0.1, -0.3], requiresGrad: true)]));
        Assert.True(Autograd.GradGradCheck(xs => new MyExp().Apply(xs[0])[0], [Tensor.FromArray([0.1, -0.3], requiresGrad: true)]));
    }

    [Fact]
    public void NonDifferentiableOutputsAndNeedsInputGrad()
    {
        var a = Tensor.FromArray([1.0, 5.0, 2.0], requiresGrad: true);
        var b = Tensor.FromArray([2.0, 1.0, 4.0]);
        var f = new MulWithArgmax();
        var outputs = f.Apply(a, b);
        Assert.Equal(2L, outputs[1].Item<long>());
        Assert.False(outputs[1].RequiresGrad);
        outputs[0].Sum().Backward();
        Assert.Equal([true, false], f.Needs);
        Assert.Equal([2.0, 1.0, 4.0], a.Grad!.ToArray<double>());
    }

    [Fact]
    public void MarkDirtyRebasesTheModifiedInput()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var y = x * 1;
        var z = new DoubleInPlace().Apply(y)[0];
        Assert.Same(y, z);
        Assert.Equal("DoubleInPlaceBackward", y.GradFn!.Name);
        Assert.Equal([2.0, 4.0], z.ToArray<double>());
        (z * z).Sum().Backward();
        Assert.Equal([8.0, 16.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void MarkDirtyOnALeafThatRequiresGradThrows()
    {
        var x = Tensor.FromArray([1.0], requiresGrad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => new DoubleInPlace().Apply(x));
        Assert.Contains("leaf", ex.Message);
    }

    [Fact]
    public void SavedTensorsAreCheckedAgainstInPlaceChanges()
    {
        var x = Tensor.FromArray([1.0], requiresGrad: true);
        var y = new MyExp().Apply(x)[0];
        using (Autograd.NoGrad()) y.AddInPlace(1.0);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("modified by an inplace operation", ex.Message);
    }

    [Fact]
    public void UnusedOutputsGetMaterialisedZeroGradients()
    {
        var a = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var f = new MulWithArgmax();
        var product = f.Apply(a, Tensor.FromArray([3.0, 4.0]))[0];
        product.Sum().Backward();   // the argmax output received no gradient: backward still gets a tensor for it
        Assert.Equal([3.0, 4.0], a.Grad!.ToArray<double>());
    }

    [Fact]
    public void AnInstanceIsAppliedOnce()
    {
        var f = new MyExp();
        f.Apply(Tensor.Zeros(1));
        Assert.Throws<InvalidOperationException>(() => f.Apply(Tensor.Zeros(1)));
    }
}

internal sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(double obj) => 0;
}
