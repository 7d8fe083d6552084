namespace Nabla;

public partial class Tensor
{
    private HookList<Action<Tensor>>? _postAccumulateHooks;

    /// <summary>
    /// Registers a hook on this tensor's gradient, like <c>x.register_hook(fn)</c>: during backward it
    /// receives the gradient and may return a replacement (or null to keep it). For a leaf it runs
    /// before the gradient is accumulated into <see cref="Grad"/>.
    /// </summary>
    /// <returns>A handle whose Dispose removes the hook.</returns>
    /// <exception cref="InvalidOperationException">When the tensor does not require grad.</exception>
    public IDisposable RegisterHook(Func<Tensor, Tensor?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var (node, nr) = GradientEdge();
        if (node is null) throw new InvalidOperationException("cannot register a hook on a tensor that doesn't require gradient");
        return (node.TensorHooks ??= new()).Add(new TensorHook(nr, hook));
    }

    /// <summary>
    /// Registers a hook that runs after backward has accumulated this leaf's gradient into
    /// <see cref="Grad"/>, like <c>register_post_accumulate_grad_hook</c> (the building block for
    /// an optimiser step inside backward, or per-parameter clipping).
    /// </summary>
    /// <returns>A handle whose Dispose removes the hook.</returns>
    /// <exception cref="InvalidOperationException">On a non-leaf, or a tensor that does not require grad.</exception>
    public IDisposable RegisterPostAccumulateGradHook(Action<Tensor> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        if (!IsLeaf || !RequiresGrad)
            throw new InvalidOperationException("post accumulate grad hooks can only be registered on leaf tensors that require grad");
        return (_postAccumulateHooks ??= new()).Add(hook);
    }

    internal void RunPostAccumulateGradHooks()
    {
        if (_postAccumulateHooks is { IsEmpty: false } hooks)
            foreach (var hook in hooks.Snapshot()) hook(this);
    }
}
