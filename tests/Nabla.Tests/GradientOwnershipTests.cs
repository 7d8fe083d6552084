namespace Nabla.Tests;

/// <summary>
/// A first gradient becomes .Grad without a copy only when nothing else can reach it: never a tensor
/// the user holds, a hook saw, another gradient shares, or a retained .Grad keeps.
/// </summary>
[Collection(nameof(AdoptionCounter))]
public sealed class GradientOwnershipTests
{
    private static long Adopted(Action backward)
    {
        long before = Tensor.AdoptedGradients;
        backward();
        return Tensor.AdoptedGradients - before;
    }

    private static void AssertIndependent(Tensor a, Tensor b)
    {
        var bBefore = b.ToArray<double>();
        a.AddInPlace(1000.0);
        Assert.Equal(bBefore, b.ToArray<double>());
    }

    [Fact]
    public void ALinearLayersWeightGradientIsKeptWithoutACopy()
    {
        var x = Tensor.Randn([5, 7], DType.Float64);
        var w = Tensor.Randn([3, 7], DType.Float64, requiresGrad: true);
        var b = Tensor.Randn([3], DType.Float64, requiresGrad: true);
        long adopted = Adopted(() => NN.F.Linear(x, w, b).Sum().Backward());
        Assert.True(adopted >= 2, $"adopted {adopted}");   // the weight's and the bias's (a fresh sum over rows)
        Assert.Equal(x.Sum(0).Expand(3, 7).ToArray<double>(), w.Grad!.ToArray<double>(), new ToleranceComparer(1e-12));
        Assert.True(w.Grad.IsContiguous);
        Assert.Null(w.Grad.GradFn);
    }

    [Fact]
    public void OneGradientPassedToTwoLeavesIsCopiedForEach()
    {
        var a = Tensor.Randn([4], DType.Float64, requiresGrad: true);
        var b = Tensor.Randn([4], DType.Float64, requiresGrad: true);
        var w = Tensor.FromArray([1.0, 2, 3, 4]);
        ((a + b) * w).Sum().Backward();   // AddBackward0 hands one dense gradient to both leaves
        AssertIndependent(a.Grad!, b.Grad!);
        Assert.Equal([1.0, 2, 3, 4], b.Grad!.ToArray<double>());
    }

    [Fact]
    public void ViewsOfOneGradientGoingToTwoLeavesAreCopied()
    {
        var a = Tensor.Randn([3], DType.Float64, requiresGrad: true);
        var b = Tensor.Randn([3], DType.Float64, requiresGrad: true);
        var y = Tensor.Cat([a, b]) * Tensor.FromArray([1.0, 2, 3, 4, 5, 6]);
        y.Sum().Backward();   // CatBackward0 narrows one gradient into two views
        Assert.Equal([4.0, 5, 6], b.Grad!.ToArray<double>());
        AssertIndependent(a.Grad!, b.Grad!);
    }

    [Fact]
    public void TheCallersGradientIsNeverKept()
    {
        var x = Tensor.Randn([4], DType.Float64, requiresGrad: true);
        var seed = Tensor.Ones([4], DType.Float64);
        x.Clone().Backward(seed);   // CloneBackward0 passes the caller's tensor straight on
        AssertIndependent(x.Grad!, seed);
        Assert.Equal([1.0, 1, 1, 1], seed.ToArray<double>());
    }

    [Fact]
    public void AGradientAHookSawIsCopied()
    {
        var x = Tensor.Randn([4], DType.Float64, requiresGrad: true);
        Tensor? seen = null;
        var y = x * 2;
        using (y.RegisterHook(g => { seen = g; return null; }))
            y.Clone().Sum().Backward();
        var leafHookX = Tensor.Randn([4], DType.Float64, requiresGrad: true);
        Tensor? seenAtLeaf = null;
        using (leafHookX.RegisterHook(g => { seenAtLeaf = g; return null; }))
            (leafHookX * 2).Sum().Backward();
        Assert.NotNull(seen);
        AssertIndependent(leafHookX.Grad!, seenAtLeaf!);
        Assert.Equal([2.0, 2, 2, 2], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void ARetainedGradientAndALeafGradientDoNotShareABuffer()
    {
        var x = Tensor.Randn([4], DType.Float64, requiresGrad: true);
        var y = x.Clone();   // CloneBackward0 passes y's gradient on to x unchanged
        y.RetainGrad();
        (y * Tensor.FromArray([1.0, 2, 3, 4])).Sum().Backward();
        Assert.Equal([1.0, 2, 3, 4], y.Grad!.ToArray<double>());
        AssertIndependent(y.Grad!, x.Grad!);
    }

    [Fact]
    public void AKeptGradientAccumulatesInPlaceOnTheNextBackward()
    {
        var x = Tensor.Randn([5, 7], DType.Float64);
        var w = Tensor.Randn([3, 7], DType.Float64, requiresGrad: true);
        NN.F.Linear(x, w).Sum().Backward();
        var first = w.Grad!.ToArray<double>();
        NN.F.Linear(x, w).Sum().Backward();
        Assert.Equal(first.Select(v => 2 * v).ToArray(), w.Grad!.ToArray<double>(), new ToleranceComparer(1e-12));
    }
}

/// <summary>Tests that read the process-wide count of adopted gradients run one at a time.</summary>
[CollectionDefinition(nameof(AdoptionCounter), DisableParallelization = true)]
public sealed class AdoptionCounter;

/// <summary>A backward pass keeps its bookkeeping on the nodes it runs and gives them back, even when it fails.</summary>
public sealed class PassStateTests
{
    [Fact]
    public void ABackwardStartedInsideAHookOnTheSameGraphCountsWithItsOwnMap()
    {
        var x = Tensor.FromArray([1.0], requiresGrad: true);
        var y = x * 2;
        var z = y * 3;
        bool ran = false;
        using (z.RegisterHook(g =>
        {
            // y's node is the outer pass's: this inner pass cannot claim it and uses a dictionary.
            y.Backward(Tensor.Ones([1], DType.Float64), retainGraph: true);
            ran = true;
            return null;
        }))
            z.Sum().Backward(retainGraph: true);
        Assert.True(ran);
        Assert.Equal([2.0 + 6.0], x.Grad!.ToArray<double>());
        Assert.Null(y.GradFn!.PassState);
        Assert.Null(z.GradFn!.PassState);
    }

    [Fact]
    public void AFailedBackwardGivesItsNodesBack()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var y = x.Exp();   // saves its result
        var loss = (y * 2).Sum();
        y.MulInPlace(3.0);   // invalidates the saved result
        Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Null(loss.GradFn!.PassState);
        Assert.Null(y.GradFn!.PassState);
        Assert.Null(x.Grad);   // transactional: nothing accumulated
    }
}

/// <summary>What a node saves: only what its rule will read.</summary>
public sealed class SavedInputsTests
{
    [Fact]
    public void TimesANumberDoesNotSaveTheTensorSoAnInPlaceChangeAfterwardsIsFine()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var h = x * 1;   // a non-leaf that can be changed in place
        var y = h * 2;
        var z = h / 4;
        h.MulInPlace(3.0);   // PyTorch: y and z saved only the numbers, so this breaks nothing
        (y + z).Sum().Backward();
        Assert.Equal([2.25, 2.25], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void TimesATensorThatNeedsAGradientStillSavesIt()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var w = Tensor.FromArray([3.0, 4.0], requiresGrad: true);
        var h = x * 1;
        var y = h * w;   // w's gradient needs h
        h.MulInPlace(3.0);
        var e = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.Contains("modified by an inplace operation", e.Message);
    }
}
