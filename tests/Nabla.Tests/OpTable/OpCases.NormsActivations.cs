using Nabla.NN;

namespace Nabla.Tests;

public static partial class OpCases
{
    private static readonly Tensor BagIndices = Tensor.FromArray(new long[] { 1, 3, 1, 0, 2, 3, 3 });
    private static readonly Tensor BagOffsets = Tensor.FromArray(new long[] { 0, 2, 2, 5 });   // bags [1, 3], [], [1, 0, 2], [3, 3]
    private static readonly Tensor PaddedIndices = Tensor.FromArray(new long[] { 1, 0, 3, 0, 2, 3 }, [2, 3]);

    // Issue 11's normalisation layers, activations and embeddings.
    private static IEnumerable<OpCase> NormsActivations()
    {
        yield return Case("gelu tanh", "GeluBackward0", x => F.Gelu(x[0], approximate: "tanh"), W(3, 4));
        yield return Case("softplus", "SoftplusBackward0", x => F.Softplus(x[0]), W(3, 4));
        yield return Case("softplus beta threshold", "SoftplusBackward0", x => F.Softplus(x[0], beta: 2, threshold: 1.5), A(3, 4));
        yield return Case("elu", "EluBackward0", x => F.Elu(x[0], alpha: 0.7), Z(3, 4));
        yield return Case("selu", "EluBackward0", x => F.Selu(x[0]), Z(3, 4));
        yield return Case("celu", "CeluBackward0", x => F.Celu(x[0], alpha: 1.5), Z(3, 4));
        yield return Case("mish", "MishBackward0", x => F.Mish(x[0]), W(3, 4));
        yield return Case("hardswish", "HardswishBackward0", x => F.Hardswish(x[0]), W(3, 4));
        yield return Case("hardsigmoid", "HardsigmoidBackward0", x => F.Hardsigmoid(x[0]), W(3, 4));
        yield return Case("hardtanh", "HardtanhBackward0", x => F.Hardtanh(x[0], -1, 1), Z(3, 4));
        yield return Case("relu6", "HardtanhBackward0", x => F.Relu6(x[0] * 3 + 3), Z(3, 4));
        yield return Case("logsigmoid", "LogSigmoidBackward0", x => F.LogSigmoid(x[0]), W(3, 4));
        yield return Case("glu", "GluBackward0", x => F.Glu(x[0]), A(3, 4));
        yield return Case("glu dim 0", "GluBackward0", x => F.Glu(x[0], 0), A(4, 3));
        yield return Case("prelu one slope", "PreluKernelBackward0", x => F.PRelu(x[0], x[1]), Z(2, 3, 4), A(1));
        yield return Case("prelu per channel", "PreluKernelBackward0", x => F.PRelu(x[0], x[1]), Z(2, 3, 4), A(3));
        yield return Case("softsign", "DivBackward0", x => F.Softsign(x[0]), Z(3, 4));
        yield return Case("tanhshrink", "SubBackward0", x => F.Tanhshrink(x[0]), A(3, 4));
        yield return Case("group_norm", "NativeGroupNormBackward0", x => F.GroupNorm(x[0], 2, x[1], x[2]), A(2, 4, 3), A(4), A(4));
        yield return Case("group_norm 4-d no affine", "NativeGroupNormBackward0", x => F.GroupNorm(x[0], 3, eps: 1e-3), A(2, 3, 2, 2));
        yield return Case("instance_norm", "ViewBackward0", x => F.InstanceNorm(x[0], weight: x[1], bias: x[2]), A(2, 3, 4), A(3), A(3));
        yield return Case("instance_norm 2d no affine", "ViewBackward0", x => F.InstanceNorm(x[0]), A(2, 2, 2, 3));
        yield return Case("rms_norm", "MulBackward0", x => F.RmsNorm(x[0], [3], x[1]), A(2, 2, 3), A(3));
        yield return Case("rms_norm 2d eps", "MulBackward0", x => F.RmsNorm(x[0], [2, 3], eps: 1e-3), A(2, 2, 3));
        // (embedding's padding_idx and scale_grad_by_freq change the gradient away from the derivative, as in PyTorch:
        // NormsActivationsFixtureTests checks them against PyTorch's values.)
        yield return Case("embedding_bag mean", "EmbeddingBagBackward0", x => F.EmbeddingBag(BagIndices, x[0], BagOffsets), A(4, 3));
        yield return Case("embedding_bag sum weighted", "EmbeddingBagBackward0",
            x => F.EmbeddingBag(BagIndices, x[0], BagOffsets, mode: "sum", perSampleWeights: x[1], paddingIdx: 0), A(4, 3), A(7));
        yield return Case("embedding_bag max 2-d", "EmbeddingBagBackward0", x => F.EmbeddingBag(PaddedIndices, x[0], mode: "max", paddingIdx: 0), A(4, 3));
        yield return Case("embedding_bag mean last offset", "EmbeddingBagBackward0",
            x => F.EmbeddingBag(BagIndices, x[0], Tensor.FromArray(new long[] { 0, 2, 6 }), includeLastOffset: true), A(4, 3));
    }
}
