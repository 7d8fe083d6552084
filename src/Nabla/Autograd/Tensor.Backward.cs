namespace Nabla;

// The user's entry to a backward pass sits above the ops: it hands the engine the op layer's
// gradient arithmetic (the engine itself knows only Node).
public partial class Tensor
{
    /// <summary>
    /// Computes the gradient of this tensor with respect to the graph leaves and accumulates it
    /// into their <see cref="Grad"/>, like <c>x.backward()</c>. Transactional: if it throws, no
    /// gradient changes.
    /// </summary>
    /// <param name="gradient">The gradient of the final result with respect to this tensor; may be omitted for a one-element tensor.</param>
    /// <param name="retainGraph">Keep the saved tensors so that the graph can be differentiated again.</param>
    /// <param name="createGraph">Record the backward pass itself, for higher-order derivatives (implies <paramref name="retainGraph"/>).</param>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
        => Engine.Backward([this], [gradient], retainGraph || createGraph, createGraph, GradientArithmetic.Instance);
}
