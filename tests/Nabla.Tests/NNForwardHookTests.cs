using Nabla.NN;

namespace Nabla.Tests;

/// <summary>Forward pre- and post-hooks: they run through Module.Call (and Sequential's calls), not through a direct Forward.</summary>
public sealed class NNForwardHookTests
{
    [Fact]
    public void CallRunsPreHooksForwardAndHooksInOrder()
    {
        var layer = new Linear(2, 2, generator: new Generator(0));
        var x = Tensor.FromArray(new float[] { 1, 2 });
        var log = new List<string>();
        using var pre1 = layer.RegisterForwardPreHook((m, input) => { log.Add("pre1"); return input * 2; });
        using var pre2 = layer.RegisterForwardPreHook((m, input) => { log.Add($"pre2 sees {input[1].Item<float>()}"); return null; });
        Tensor? seenInput = null;
        using var post = layer.RegisterForwardHook((m, input, output) => { Assert.Same(layer, m); seenInput = input; log.Add("post"); return output + 1; });

        var y = layer.Call(x);
        Assert.Equal(["pre1", "pre2 sees 4", "post"], log);
        Assert.Equal((layer.Forward(x * 2) + 1).ToArray<float>(), y.ToArray<float>());
        Assert.Equal([2f, 4f], seenInput!.ToArray<float>());          // the input as the pre-hooks left it

        log.Clear();
        layer.Forward(x);                                             // a direct Forward runs no hooks
        Assert.Empty(log);
    }

    [Fact]
    public void DisposingTheHandleRemovesTheHook()
    {
        var relu = new Relu();
        int calls = 0;
        var handle = relu.RegisterForwardHook((m, i, o) => { calls++; return null; });
        relu.Call(Tensor.Ones(1));
        handle.Dispose();
        handle.Dispose();                                              // twice is harmless
        relu.Call(Tensor.Ones(1));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void SequentialRunsTheHooksOfItsModules()
    {
        var model = new Sequential(new Linear(3, 4, generator: new Generator(0)), new Relu(), new Linear(4, 2, generator: new Generator(1)));
        var activations = new Dictionary<string, Tensor>();
        foreach (var (name, module) in model.NamedModules().Where(m => m.Name != ""))
            module.RegisterForwardHook((m, input, output) => { activations[name] = output.Detach(); return null; });
        var x = Tensor.Randn([5, 3], generator: new Generator(2));
        var y = model.Forward(x);
        Assert.Equal(["0", "1", "2"], activations.Keys.Order());
        Assert.Equal(y.ToArray<float>(), activations["2"].ToArray<float>());
        Assert.Equal(F.Relu(activations["0"]).ToArray<float>(), activations["1"].ToArray<float>());
    }

    [Fact]
    public void AHookMayRemoveItselfWhileHooksRun()
    {
        var tanh = new Tanh();
        int calls = 0;
        IDisposable? handle = null;
        handle = tanh.RegisterForwardPreHook((m, input) => { calls++; handle!.Dispose(); return null; });
        tanh.Call(Tensor.Zeros(1));
        tanh.Call(Tensor.Zeros(1));
        Assert.Equal(1, calls);
    }
}
