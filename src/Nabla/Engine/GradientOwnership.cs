namespace Nabla;

/// <summary>
/// The policy that lets a leaf keep its first gradient without a copy. The pass tracks, per gradient
/// slot, whether it owns the tensor there (bit k of a node's mask: slot k; slots past 31 are never
/// owned); a gradient the pass owns when it reaches a leaf can become that leaf's .Grad as it is, as
/// PyTorch's AccumulateGrad steals a gradient whose reference count says nobody else holds it.
/// </summary>
internal static class GradientOwnership
{
    /// <summary>
    /// Which input gradients a built-in rule returned that nothing but this pass can reach: each one's
    /// storage is either new (made during the rule) or that of an owned incoming gradient (a view the rule
    /// passed on), and no other output shares it. A leaf may then keep such a gradient as its .Grad
    /// instead of copying it, as PyTorch's AccumulateGrad steals a gradient nobody else holds. Custom
    /// functions (user code), rules whose saved tensors went through pack hooks, and the recorded passes
    /// of createGraph own nothing.
    /// </summary>
    public static uint OwnedOutputs(Node node, Tensor?[] grads, uint owned, Tensor?[] outputs, long before, bool createGraph)
    {
        if (createGraph || !node.HasTrustedRule) return 0;
        uint result = 0;
        for (int i = 0; i < outputs.Length && i < 32; i++)
        {
            if (outputs[i] is not { } g) continue;
            var storage = g.Storage;
            bool mine = storage.Id > before;
            for (int k = 0; !mine && owned != 0 && k < grads.Length && k < 32; k++)
                mine = (owned >> k & 1) != 0 && grads[k] is { } incoming && ReferenceEquals(incoming.Storage, storage);
            for (int j = 0; mine && j < outputs.Length; j++)
                if (j != i && outputs[j] is { } other && ReferenceEquals(other.Storage, storage)) mine = false;
            if (mine) result |= 1u << i;
        }
        return result;
    }
}
