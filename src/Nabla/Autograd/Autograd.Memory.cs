namespace Nabla;

public static partial class Autograd
{
    /// <summary>
    /// A scope in which every tensor saved for backward goes through <paramref name="pack"/> when it
    /// is saved and <paramref name="unpack"/> when backward needs it, like
    /// <c>torch.autograd.graph.saved_tensors_hooks</c> (e.g. to compress activations or move them
    /// elsewhere). Packed values are not checked against later in-place changes.
    /// </summary>
    public static IDisposable SavedTensorsHooks(Func<Tensor, object> pack, Func<object, Tensor> unpack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(unpack);
        return SavedTensorsHooksScope.Enter(new SavedTensorsHooksScope(pack, unpack));
    }

    /// <summary>
    /// Runs <paramref name="function"/> without keeping its intermediate activations, and runs it
    /// again during backward to get them, like <c>torch.utils.checkpoint.checkpoint</c>: memory for
    /// compute. Parameters the function uses receive their gradients in the recomputation's own
    /// backward, so use <see cref="Tensor.Backward"/> (not <see cref="Grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}?, bool?, bool, bool)"/>)
    /// through a checkpoint. The function must be deterministic (random ops draw again).
    /// </summary>
    public static Tensor[] Checkpoint(Func<Tensor[], Tensor[]> function, params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(function);
        Guard.NoNullElements(inputs);
        // A dummy input that requires grad makes the segment recorded even when no real input does
        // (the function may still use parameters that need gradients).
        var withAnchor = inputs.Append(Tensor.Scalar(0f, requiresGrad: true)).ToArray();
        return new CheckpointFunction(function).Apply(withAnchor);
    }

    /// <summary>Checkpoints a one-input, one-output segment (see the other overload).</summary>
    public static Tensor Checkpoint(Func<Tensor, Tensor> function, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(function);
        return Checkpoint(xs => [function(xs[0])], input)[0];
    }

    /// <summary>Forward without a graph; backward recomputes the segment with a graph and differentiates it.</summary>
    private sealed class CheckpointFunction(Func<Tensor[], Tensor[]> function) : Function
    {
        protected override Tensor[] Forward(FunctionContext ctx, Tensor[] inputs)
        {
            ctx.SaveForBackward(inputs[..^1]);
            return function(inputs[..^1]);
        }

        protected override Tensor?[] Backward(FunctionContext ctx, Tensor[] gradOutputs)
        {
            var inputs = ctx.SavedTensors.Select(x =>
            {
                var d = x.Detach();
                if (x.RequiresGrad) d.RequiresGrad = true;
                return d;
            }).ToArray();
            Tensor[] outputs;
            using (EnableGrad()) outputs = function(inputs);
            var roots = Enumerable.Range(0, outputs.Length).Where(i => outputs[i].RequiresGrad).ToArray();
            if (roots.Length > 0)
                Engine.Backward([.. roots.Select(i => outputs[i])], [.. roots.Select(i => gradOutputs[i])], keepGraph: false, createGraph: IsGradEnabled, GradientArithmetic.Instance);
            return [.. inputs.Select(x => x.Grad), null];
        }
    }
}
