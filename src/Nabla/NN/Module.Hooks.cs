namespace Nabla.NN;

// Forward hooks. PyTorch runs them in Module.__call__, i.e. for `module(x)` but not `module.forward(x)`.
// C# has no call operator, so Call(x) is that entry point: it runs the pre-hooks, Forward and the
// post-hooks. Forward(x) itself stays the plain virtual method that subclasses override, and runs none.
// The containers (Sequential) invoke their children through Call, as PyTorch's invoke theirs through
// __call__, so hooks on the layers of a Sequential run whichever way the Sequential itself is called.
public abstract partial class Module
{
    private HookList<Func<Module, Tensor, Tensor?>>? _forwardPreHooks;
    private HookList<Func<Module, Tensor, Tensor, Tensor?>>? _forwardHooks;

    /// <summary>
    /// Runs the module as <c>module(input)</c> does in PyTorch: the forward pre-hooks, then
    /// <see cref="Forward(Tensor)"/>, then the forward hooks. Without hooks it is the same as <c>Forward(input)</c>.
    /// </summary>
    /// <remarks>
    /// Hooks run only through this entry point: a direct <c>Forward</c> call runs none (as
    /// <c>module.forward(x)</c> in PyTorch). <see cref="Sequential"/> calls its modules through
    /// <c>Call</c>; in your own module, write <c>_fc1.Call(x)</c> where PyTorch writes <c>self.fc1(x)</c>
    /// to keep the sub-module hookable.
    /// </remarks>
    /// <example><c>Tensor output = model.Call(input);   // PyTorch: output = model(input)</c></example>
    public Tensor Call(Tensor input)
    {
        if (_forwardPreHooks is { IsEmpty: false } preHooks)
            foreach (var hook in preHooks.Snapshot()) input = hook(this, input) ?? input;
        var output = Forward(input);
        if (_forwardHooks is { IsEmpty: false } hooks)
            foreach (var hook in hooks.Snapshot()) output = hook(this, input, output) ?? output;
        return output;
    }

    /// <summary>
    /// Registers a hook that runs before <see cref="Forward(Tensor)"/> whenever the module is invoked through
    /// <see cref="Call"/>, like <c>register_forward_pre_hook</c>. It receives the module and the input and
    /// returns a replacement input, or null to keep it. Hooks run in registration order.
    /// </summary>
    /// <returns>A handle whose Dispose removes the hook (PyTorch's <c>handle.remove()</c>).</returns>
    /// <example><c>using var handle = layer.RegisterForwardPreHook((module, input) => input * 2);</c></example>
    public IDisposable RegisterForwardPreHook(Func<Module, Tensor, Tensor?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return (_forwardPreHooks ??= new()).Add(hook);
    }

    /// <summary>
    /// Registers a hook that runs after <see cref="Forward(Tensor)"/> whenever the module is invoked through
    /// <see cref="Call"/>, like <c>register_forward_hook</c>. It receives the module, the input (as the
    /// pre-hooks left it) and the output, and returns a replacement output, or null to keep it.
    /// </summary>
    /// <returns>A handle whose Dispose removes the hook.</returns>
    /// <example><code>
    /// var activations = new Dictionary&lt;string, Tensor&gt;();
    /// using var handle = model[1].RegisterForwardHook((module, input, output) => { activations["relu"] = output.Detach(); return null; });
    /// </code></example>
    public IDisposable RegisterForwardHook(Func<Module, Tensor, Tensor, Tensor?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return (_forwardHooks ??= new()).Add(hook);
    }
}
