namespace Nabla.NN;

// Attention (the fused op lives in Ops/NN.Attention.cs).
public static partial class F
{
    /// <summary>
    /// softmax(Q·Kᵀ·scale + mask)·V over the last two dims, like <c>F.scaled_dot_product_attention</c>:
    /// <paramref name="query"/> [..., L, E], <paramref name="key"/> [..., S, E], <paramref name="value"/>
    /// [..., S, Ev] with the same leading dims give [..., L, Ev]. <paramref name="attnMask"/> broadcasts
    /// to [..., L, S]: a bool mask marks the keys that take part (true), a float mask is added to the
    /// scores. <paramref name="isCausal"/> lets query i see keys j ≤ i. <paramref name="scale"/> defaults
    /// to 1/√E. <paramref name="dropoutP"/> drops attention weights (pass 0 outside training, as PyTorch).
    /// One fused op (node <c>ScaledDotProductFlashAttentionForCpuBackward0</c>, PyTorch's CPU flash
    /// attention): memory grows with L + S, not L·S, and, as in PyTorch, its backward cannot be
    /// differentiated again. A query whose keys are all masked out gives zeros.
    /// </summary>
    /// <exception cref="ArgumentException">When shapes or dtypes do not fit, or a mask is given with <paramref name="isCausal"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="dropoutP"/> is outside [0, 1).</exception>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? attnMask = null, double dropoutP = 0.0,
        bool isCausal = false, double? scale = null, Generator? generator = null)
        => NNOps.ScaledDotProductAttention(query, key, value, attnMask, dropoutP, isCausal, scale, generator);
}
