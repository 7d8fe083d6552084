using F = Nabla.NN.F;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // Fused scaled dot-product attention (PyTorch's CPU flash kernel records ScaledDotProductFlashAttentionForCpuBackward0).
    private static IEnumerable<OpRow> Attention()
    {
        const string Sdpa = "nn.functional.scaled_dot_product_attention";
        // libtorch runs its CPU flash kernel only for 4-d inputs with one head size for q, k and v and no dropout;
        // elsewhere it composes the attention of matmuls and softmax (the last node: the matmul's UnsafeViewBackward0),
        // where Nabla's one fused kernel serves every case and records the flash node.
        const string MathPath = "libtorch composes this case of matmul and softmax (its flash kernel takes 4-d inputs with equal head sizes and no " +
            "dropout); Nabla's fused kernel records ScaledDotProductFlashAttentionForCpuBackward0 for every case";
        yield return S($"{Sdpa} flash 4-d", A(2, 2, 3, 4), A(2, 2, 5, 4), A(2, 2, 5, 4), (q, k, v) => F.ScaledDotProductAttention(q, k, v),
            "torch.scaled_dot_product_attention(a, b, c)");
        yield return S($"{Sdpa} flash 4-d is_causal", A(1, 2, 4, 3), A(1, 2, 4, 3), A(1, 2, 4, 3), (q, k, v) => F.ScaledDotProductAttention(q, k, v, isCausal: true),
            "torch.scaled_dot_product_attention(a, b, c, is_causal=True)");
        yield return S($"{Sdpa} flash 4-d additive mask scale", [A(1, 2, 3, 4), A(1, 2, 5, 4), A(1, 2, 5, 4), Const(A(3, 5))],
            x => F.ScaledDotProductAttention(x[0], x[1], x[2], x[3], scale: 0.7), "torch.scaled_dot_product_attention(a, b, c, d, scale=0.7)");
        In mask = V([1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0], [3, 5], DType.Bool);
        yield return S(Sdpa, A(2, 3, 4), A(2, 5, 4), A(2, 5, 3), (q, k, v) => F.ScaledDotProductAttention(q, k, v), "torch.scaled_dot_product_attention(a, b, c)") with { KnownNodeDifference = MathPath };
        yield return S($"{Sdpa} is_causal 4-d", A(1, 2, 4, 3), A(1, 2, 4, 3), A(1, 2, 4, 2), (q, k, v) => F.ScaledDotProductAttention(q, k, v, isCausal: true),
            "torch.scaled_dot_product_attention(a, b, c, is_causal=True)") with { KnownNodeDifference = MathPath };
        yield return S($"{Sdpa} bool mask scale", [A(2, 3, 4), A(2, 5, 4), A(2, 5, 2), mask], x => F.ScaledDotProductAttention(x[0], x[1], x[2], x[3], scale: 0.7),
            "torch.scaled_dot_product_attention(a, b, c, d, scale=0.7)") with { KnownNodeDifference = MathPath };
        yield return S($"{Sdpa} additive mask", [A(2, 3, 4), A(2, 5, 4), A(2, 5, 2), Const(A(3, 5))], x => F.ScaledDotProductAttention(x[0], x[1], x[2], x[3]),
            "torch.scaled_dot_product_attention(a, b, c, d)") with { KnownNodeDifference = MathPath };
        yield return S($"{Sdpa} dropout", A(2, 4, 3), A(2, 6, 3), A(2, 6, 3), (q, k, v) => F.ScaledDotProductAttention(q, k, v, dropoutP: 0.3),
            "torch.scaled_dot_product_attention(a, b, c, dropout_p=0.3)") with { Random = true, KnownNodeDifference = MathPath };
    }
}
