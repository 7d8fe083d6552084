namespace Nabla;

/// <summary>
/// The node behind a leaf that requires grad: the engine hands it the leaf's gradient, and
/// commits it into <see cref="Tensor.Grad"/> once the whole backward pass has succeeded.
/// </summary>
internal sealed class AccumulateGrad(Tensor variable) : Node([], runsWhenReady: true)
{
    public Tensor Variable { get; } = variable;

    public override string Name => "AccumulateGrad";

    // The engine accumulates (transactionally); applying the node itself produces nothing.
    internal override Tensor?[] Apply(Tensor?[] gradOutputs) => [];
}
