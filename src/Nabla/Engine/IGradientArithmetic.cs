namespace Nabla;

/// <summary>
/// The tensor arithmetic a backward pass needs outside the nodes' own rules: summing the gradients
/// that reach one slot, converting a root gradient, writing into <see cref="Tensor.Grad"/>, and the
/// anomaly check. The engine knows only <see cref="Node"/> and this seam; the op layer implements it
/// (<c>Ops/GradientArithmetic.cs</c>) and the entry points above the ops pass it in, so no engine file
/// calls an op.
/// </summary>
internal interface IGradientArithmetic
{
    /// <summary>The sum of two gradients of one output slot (recorded when the pass creates a graph).</summary>
    Tensor Sum(Tensor a, Tensor b);

    /// <summary><paramref name="grad"/> converted to <paramref name="dtype"/> (a root gradient of another dtype).</summary>
    Tensor Convert(Tensor grad, DType dtype);

    /// <summary>
    /// Adds a committed gradient into <paramref name="variable"/>'s <see cref="Tensor.Grad"/>
    /// (PyTorch's AccumulateGrad); <paramref name="owned"/>: nothing but the pass references it, so
    /// it may become the gradient without a copy.
    /// </summary>
    void Accumulate(Tensor variable, Tensor grad, bool createGraph, bool owned);

    /// <summary>Whether a floating gradient holds a NaN (anomaly mode).</summary>
    bool ContainsNaN(Tensor grad);
}
