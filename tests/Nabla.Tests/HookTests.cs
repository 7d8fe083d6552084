using Nabla;

namespace Nabla.Tests;

/// <summary>Tensor hooks, node hooks and pre-hooks, post-accumulate-grad hooks.</summary>
public sealed class HookTests
{
    [Fact]
    public void ATensorHookCanReplaceALeafGradientAndBeRemoved()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var handle = x.RegisterHook(g => g * 10);
        (x * 3).Sum().Backward();
        Assert.Equal([30.0, 30.0], x.Grad!.ToArray<double>());
        handle.Dispose();
        x.Grad = null;
        (x * 3).Sum().Backward();
        Assert.Equal([3.0, 3.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void AHookOnANonLeafChangesWhatFlowsFurther()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var h = x * 2;
        Tensor? seen = null;
        h.RegisterHook(g => { seen = g; return null; });   // observe only
        h.RegisterHook(g => g.Clamp(max: 0.5));            // then clip
        h.RetainGrad();
        (h * 4).Sum().Backward();
        Assert.Equal([4.0, 4.0], seen!.ToArray<double>());
        Assert.Equal([0.5, 0.5], h.Grad!.ToArray<double>());   // retained after the hooks, as PyTorch
        Assert.Equal([1.0, 1.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void NodeHooksSeeInputAndOutputGradients()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var y = x * 3;
        Tensor?[]? inputs = null, outputs = null;
        var handle = y.GradFn!.RegisterHook((gi, go) => { inputs = gi; outputs = go; return [gi[0]! * 2, gi[1]]; });
        y.Sum().Backward();
        Assert.Equal([1.0, 1.0], outputs![0]!.ToArray<double>());
        Assert.Equal([3.0, 3.0], inputs![0]!.ToArray<double>());
        Assert.Equal([6.0, 6.0], x.Grad!.ToArray<double>());
        handle.Dispose();
    }

    [Fact]
    public void PrehooksReplaceTheIncomingGradient()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var y = x * 3;
        y.GradFn!.RegisterPrehook(go => [go[0]! + 1]);
        y.Sum().Backward();
        Assert.Equal([6.0, 6.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void PostAccumulateGradHooksRunAfterTheGradientLanded()
    {
        var w = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        double[]? seen = null;
        w.RegisterPostAccumulateGradHook(p =>
        {
            seen = p.Grad!.ToArray<double>();
            using (Autograd.NoGrad()) p.SubInPlace(p.Grad!, alpha: 0.5);   // an optimiser step inside backward
        });
        (w * w).Sum().Backward();
        Assert.NotNull(seen);
        Assert.Equal([2.0, 4.0], seen);
        Assert.Equal([0.0, 0.0], w.ToArray<double>());
    }

    [Fact]
    public void HooksNeedATensorThatRequiresGrad()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).RegisterHook(g => g));
        Assert.Contains("doesn't require gradient", ex.Message);
    }
}
