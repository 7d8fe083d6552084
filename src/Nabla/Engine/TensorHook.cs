namespace Nabla;

/// <summary>A hook on the gradient of one output of a node (a tensor hook of a non-leaf, or of a leaf via its AccumulateGrad).</summary>
internal sealed record TensorHook(int OutputNr, Func<Tensor, Tensor?> Hook);
