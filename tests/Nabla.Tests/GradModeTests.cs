using Nabla;

namespace Nabla.Tests;

/// <summary>Grad-mode scopes, which flow with the async context rather than the thread.</summary>
public sealed class GradModeTests
{
    [Fact]
    public void NoGradStopsRecordingAndRestoresOnDispose()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        Assert.True(Autograd.IsGradEnabled);
        using (Autograd.NoGrad())
        {
            Assert.False(Autograd.IsGradEnabled);
            var w = x * 2;
            Assert.False(w.RequiresGrad);
            Assert.Null(w.GradFn);
            using (Autograd.EnableGrad()) Assert.True((x * 2).RequiresGrad);
            Assert.False(Autograd.IsGradEnabled);
        }
        Assert.True(Autograd.IsGradEnabled);
        Assert.True((x * 2).RequiresGrad);
    }

    [Fact]
    public void SetGradEnabledAndInferenceMode()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        using (Autograd.SetGradEnabled(false)) Assert.False((x * 2).RequiresGrad);
        using (Autograd.InferenceMode()) Assert.False((x * 2).RequiresGrad);
        Assert.True((x * 2).RequiresGrad);
    }

    [Fact]
    public void InPlaceOnALeafIsAllowedInsideNoGrad()
    {
        var w = Tensor.Ones([2], requiresGrad: true);
        using (Autograd.NoGrad()) w.SubInPlace(Tensor.FromArray([0.5f, 0.25f]));
        Assert.Equal([0.5f, 0.75f], w.ToArray<float>());
        Assert.True(w.IsLeaf);
        Assert.True(w.RequiresGrad);
    }

    [Fact]
    public async Task AScopeSurvivesAwait()
    {
        using (Autograd.NoGrad())
        {
            await Task.Yield();
            Assert.False(Autograd.IsGradEnabled);
            await Task.Delay(1);
            Assert.False(Autograd.IsGradEnabled);
        }
        Assert.True(Autograd.IsGradEnabled);
    }

    [Fact]
    public async Task WorkStartedInsideAScopeInheritsIt()
    {
        Task<bool> inner;
        using (Autograd.NoGrad()) inner = Task.Run(() => Autograd.IsGradEnabled);
        Assert.False(await inner);
        Assert.True(await Task.Run(() => Autograd.IsGradEnabled));
    }

    [Fact]
    public async Task ConcurrentFlowsOutsideAScopeAreUnaffected()
    {
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var scoped = Task.Run(async () =>
        {
            using (Autograd.NoGrad())
            {
                entered.SetResult();
                await release.Task;
                return Autograd.IsGradEnabled;
            }
        });
        await entered.Task;
        bool outside = await Task.Run(() => Autograd.IsGradEnabled);
        release.SetResult();
        Assert.True(outside);
        Assert.False(await scoped);
    }
}
