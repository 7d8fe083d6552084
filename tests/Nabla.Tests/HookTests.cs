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
    public void ALeafsHookFiresAsSoonAsItsGradientIsComplete()
    {
        // As PyTorch's AccumulateGrad (sequence number UINT64_MAX), a leaf's node runs before any other ready
        // node, even one created later: torch prints ['w', 'u', 'x']. DistributedDataParallel relies on it to
        // start reducing a layer's gradients while backward goes on with the layers below.
        var order = new List<string>();
        var w = Tensor.Ones([2], requiresGrad: true);
        _ = w * 1;                                   // w's accumulator now exists, older than u's node
        var x = Tensor.Ones([2], requiresGrad: true);
        var u = x * 3;
        u.RegisterHook(g => { order.Add("u"); return null; });
        w.RegisterHook(g => { order.Add("w"); return null; });
        x.RegisterHook(g => { order.Add("x"); return null; });
        (u + w).Sum().Backward();
        Assert.Equal(["w", "u", "x"], order);
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
