namespace Nabla;

// How a committed gradient enters .Grad (PyTorch's AccumulateGrad), for the engine's seam.
public partial class Tensor
{
    /// <summary>
    /// Adds a gradient computed by a backward pass into <see cref="Grad"/>. A first gradient is copied
    /// (the rule's result may alias user tensors) unless the pass <paramref name="owned"/> it and it is
    /// a dense buffer of this tensor's shape: then it becomes the gradient as it is, as PyTorch's
    /// AccumulateGrad steals a gradient nobody else references (a linear layer's weight gradient is
    /// 0.8 MB per step in the MLP benchmark).
    /// </summary>
    /// <remarks>
    /// Backward passes on several threads may reach one leaf at once: the read-modify-write of
    /// <see cref="Grad"/> takes the lock of the leaf's AccumulateGrad node (a retained non-leaf: its
    /// node), as PyTorch's AccumulateGrad does, so no update is lost or torn.
    /// </remarks>
    internal void AccumulateGrad(Tensor grad, bool createGraph, bool owned = false)
    {
        lock ((object?)_accumulator ?? (object?)_gradFn ?? this)
        {
            if (createGraph) _grad = _grad is null ? grad : _grad + grad;
            else if (_grad is null) _grad = owned && IsWholeBuffer(grad) ? Adopt(grad) : Kernels.Compute.Clone(grad);
            else
            {
                using var noGrad = GradMode.Set(false);
                _grad.AddInPlace(grad);
            }
        }
    }

    private bool IsWholeBuffer(Tensor grad) => grad.DType == DType && grad.Offset == 0 && grad.IsContiguous
        && grad.Storage.Length == grad.Count && ShapeMath.SameShape(grad.ShapeArray, ShapeArray);

    private static Tensor Adopt(Tensor grad)
    {
        Interlocked.Increment(ref s_adoptedGradients);
        return new Tensor(grad.Storage, grad.ShapeArray);   // a plain tensor: no view base, no history
    }

    private static long s_adoptedGradients;

    /// <summary>How many first gradients became .Grad without a copy (for tests).</summary>
    internal static long AdoptedGradients => Interlocked.Read(ref s_adoptedGradients);

    /// <summary>Whether an op on <paramref name="inputs"/> records a node: grad mode is on and an input requires grad.</summary>
    internal static bool ShouldRecord(ReadOnlySpan<Tensor> inputs)
    {
        if (!GradMode.IsEnabled) return false;
        foreach (var t in inputs) if (t is not null && t.RequiresGrad) return true;   // null: an optional input not given
        return false;
    }
}
