using Nabla.NN;

namespace Nabla.Tests;

public static partial class OpCases
{
    private static readonly Tensor Classes = Tensor.FromArray(new long[] { 2, 0, 1, 2 });
    private static readonly Tensor ClassesWithIgnored = Tensor.FromArray(new long[] { 2, -100, 1, 0 });
    private static readonly Tensor ClassWeight = Tensor.FromArray(new double[] { 0.5, 2.0, 1.5 });
    private static readonly Tensor AttentionMask = Tensor.FromArray(new[] { true, false, true, true, false, false, true, true, true, false, true, true, true, true, false }, [3, 5]);
    private static readonly Tensor EmbeddingIndices = Tensor.FromArray(new long[] { 1, 3, 1, 0, 2, 3 }, [2, 3]);

    // A float64 constant in the dtype of the case's input (the table also runs every case in float32).
    private static Tensor Like(Tensor constant, Tensor input) => constant.To(input.DType);

    // A dropout whose mask is the same in every call (finite differences re-run the function).
    private static Tensor SeededDropout(Tensor x) => F.Dropout(x, 0.4, generator: new Generator(7));

    // torch.nn.functional: activations, linear, conv, pooling, norms, embedding, dropout and losses.
    private static IEnumerable<OpCase> NN()
    {
        yield return Case("gelu", "GeluBackward0", x => F.Gelu(x[0]), W(3, 4));
        // gelu's fused backward g·(Φ(x) + x·φ(x)) as a function of (g, x): its own rule is the second derivative
        // (a reverse-mode pass inside, so no dual numbers; forward mode through gelu is the "gelu" row's).
        yield return Case("gelu backward", "GeluBackwardBackward0", x => Autograd.Grad(F.Gelu(x[1]), x[1], x[0], createGraph: true)!, A(3, 4), W(3, 4))
            with { ForwardMode = false };
        yield return Case("silu", "SiluBackward0", x => F.Silu(x[0]), A(3, 4));
        yield return Case("leaky_relu", "LeakyReluBackward0", x => F.LeakyRelu(x[0], 0.2), Z(3, 4));
        yield return Case("linear", "AddmmBackward0", x => F.Linear(x[0], x[1], x[2]), A(3, 5), A(2, 5), A(2));
        yield return Case("linear 3-d no bias", "UnsafeViewBackward0", x => F.Linear(x[0], x[1]), A(2, 3, 4), A(2, 4));
        yield return Case("linear 3-d transposed", "AddBackward0", x => F.Linear(x[0].Transpose(0, 1), x[1], x[2]), A(3, 2, 4), A(2, 4), A(2));
        yield return Case("linear 1-d", "ViewBackward0", x => F.Linear(x[0], x[1], x[2]), A(4), A(3, 4), A(3));
        yield return Case("addmm", "AddmmBackward0", x => x[0].Addmm(x[1], x[2]), A(3), A(2, 4), A(4, 3));
        yield return Case("addmm transposed mat2", "AddmmBackward0", x => x[0].Addmm(x[1], x[2].T), A(2, 3), A(2, 4), A(3, 4));
        yield return Case("conv", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], x[2]), A(2, 2, 5, 4), A(3, 2, 3, 2), A(3));
        yield return Case("conv stride padding", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], x[2], stride: 2, padding: 1), A(1, 2, 5, 5), A(2, 2, 3, 3), A(2));
        yield return Case("conv dilation", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], dilation: 2, padding: 1), A(1, 1, 6, 6), A(2, 1, 3, 3));
        yield return Case("conv groups", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], x[2], groups: 2), A(2, 4, 4, 4), A(4, 2, 2, 2), A(4));
        yield return Case("conv pointwise", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1]), A(2, 3, 3, 3), A(2, 3, 1, 1));
        yield return Case("conv direct wide rows", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], x[2], padding: 2), A(2, 2, 6, 21), A(3, 2, 5, 5), A(3));
        yield return Case("conv direct mid rows", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], padding: 1), A(1, 3, 4, 7), A(2, 3, 3, 3));
        yield return Case("conv unbatched", "SqueezeBackward1", x => F.Conv2d(x[0], x[1], padding: 1), A(1, 3, 3), A(2, 1, 2, 2));
        yield return Case("max_pool", "MaxPool2DWithIndicesBackward0", x => F.MaxPool2d(x[0], 2), A(2, 2, 4, 4));
        yield return Case("max_pool strided padded", "MaxPool2DWithIndicesBackward0", x => F.MaxPool2d(x[0], 3, 2, 1), A(1, 2, 5, 5));
        yield return Case("avg_pool", "AvgPool2DBackward0", x => F.AvgPool2d(x[0], 2), A(2, 2, 4, 4));
        yield return Case("avg_pool strided padded", "AvgPool2DBackward0", x => F.AvgPool2d(x[0], 3, 2, 1), A(1, 2, 5, 5));
        yield return Case("adaptive_avg_pool (1,1)", "MeanBackward1", x => F.AdaptiveAvgPool2d(x[0], 1), A(2, 3, 4, 4));
        yield return Case("adaptive_avg_pool", "AdaptiveAvgPool2DBackward0", x => F.AdaptiveAvgPool2d(x[0], (2, 3)), A(1, 2, 5, 7));
        yield return Case("batch_norm train", "NativeBatchNormBackward0", x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true), A(4, 3), A(3), A(3));
        yield return Case("batch_norm train 2d", "NativeBatchNormBackward0", x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true), A(2, 2, 2, 3), A(2), A(2));
        yield return Case("batch_norm train no affine", "NativeBatchNormBackward0", x => F.BatchNorm(x[0], null, null, training: true), A(3, 2, 2));
        yield return Case("batch_norm eval", "NativeBatchNormBackward0",
            x => F.BatchNorm(x[0], Like(Tensor.FromArray(new double[] { 0.5, -1 }), x[0]), Like(Tensor.FromArray(new double[] { 2, 0.5 }), x[0]), x[1], x[2]),
            A(3, 2, 2), A(2), A(2));
        yield return Case("layer_norm", "NativeLayerNormBackward0", x => F.LayerNorm(x[0], [3], x[1], x[2]), A(2, 2, 3), A(3), A(3));
        yield return Case("layer_norm 2d no affine", "NativeLayerNormBackward0", x => F.LayerNorm(x[0], [2, 3]), A(2, 2, 3));
        yield return Case("embedding", "EmbeddingBackward0", x => F.Embedding(EmbeddingIndices, x[0]), A(4, 2));
        yield return Case("dropout", "MulBackward0", x => SeededDropout(x[0]), A(4, 5));
        yield return Case("mse mean", "MseLossBackward0", x => F.MseLoss(x[0], x[1]), A(3, 4), A(3, 4));
        yield return Case("mse sum broadcast", "MseLossBackward0", x => F.MseLoss(x[0], x[1], Reduction.Sum), A(3, 4), A(4));
        yield return Case("mse none", "MseLossBackward0", x => F.MseLoss(x[0], x[1], Reduction.None), A(2, 3), A(2, 3));
        yield return Case("l1", "MeanBackward0", x => F.L1Loss(x[0], x[1]), Z(3, 4), A(3, 4));
        yield return Case("bce", "BinaryCrossEntropyBackward0", x => F.BinaryCrossEntropy(x[0], x[1]), Pr(3, 4), Pr(3, 4));
        yield return Case("bce weighted none", "BinaryCrossEntropyBackward0",
            x => F.BinaryCrossEntropy(x[0], x[1], Like(Tensor.FromArray(new double[] { 1, 2, 0.5, 3 }), x[0]), Reduction.None), Pr(2, 4), Pr(2, 4));
        yield return Case("bce_with_logits", "BinaryCrossEntropyWithLogitsBackward0", x => F.BinaryCrossEntropyWithLogits(x[0], x[1]), W(3, 4), Pr(3, 4));
        yield return Case("bce_with_logits weights", "BinaryCrossEntropyWithLogitsBackward0",
            x => F.BinaryCrossEntropyWithLogits(x[0], x[1], Like(Tensor.FromArray(new double[] { 1, 2, 0.5 }), x[0]), Like(Tensor.FromArray(new double[] { 3, 0.5, 1 }), x[0]), Reduction.Sum),
            W(2, 3), Pr(2, 3));
        yield return Case("nll", "NllLossBackward0", x => F.NllLoss(x[0], Classes), A(4, 3));
        yield return Case("nll weighted ignore", "NllLossBackward0", x => F.NllLoss(x[0], ClassesWithIgnored, Like(ClassWeight, x[0])), A(4, 3));
        yield return Case("nll none", "NllLossBackward0", x => F.NllLoss(x[0], Classes, reduction: Reduction.None), A(4, 3));
        yield return Case("nll 4-d sum", "NllLoss2DBackward0", x => F.NllLoss(x[0], Tensor.FromArray(new long[] { 0, 2, 1, 1 }, [1, 2, 2]), reduction: Reduction.Sum), A(1, 3, 2, 2));
        yield return Case("cross_entropy", "NllLossBackward0", x => F.CrossEntropy(x[0], Classes), A(4, 3));
        yield return Case("cross_entropy weighted ignore", "NllLossBackward0", x => F.CrossEntropy(x[0], ClassesWithIgnored, Like(ClassWeight, x[0])), A(4, 3));
        yield return Case("cross_entropy smoothing", "AddBackward0",
            x => F.CrossEntropy(x[0], ClassesWithIgnored, Like(ClassWeight, x[0]), labelSmoothing: 0.2), A(4, 3));
        yield return Case("cross_entropy smoothing none", "AddBackward0", x => F.CrossEntropy(x[0], Classes, reduction: Reduction.None, labelSmoothing: 0.1), A(4, 3));
        yield return Case("cross_entropy probabilities", "DivBackward1", x => F.CrossEntropy(x[0], x[1].Softmax(1), labelSmoothing: 0.1), A(3, 4), A(3, 4));
        yield return Case("cross_entropy 1-d", "NllLossBackward0", x => F.CrossEntropy(x[0], Tensor.Scalar(1L)), A(5));
        // Fused attention: as PyTorch's flash attention, no double backward and no forward mode.
        const string Attention = "ScaledDotProductFlashAttentionForCpuBackward0";
        yield return Case("sdpa", Attention, x => F.ScaledDotProductAttention(x[0], x[1], x[2]), A(2, 3, 4), A(2, 5, 4), A(2, 5, 3)) with { GradGrad = false, ForwardMode = false };
        yield return Case("sdpa causal 4-d", Attention, x => F.ScaledDotProductAttention(x[0], x[1], x[2], isCausal: true), A(1, 2, 4, 3), A(1, 2, 4, 3), A(1, 2, 4, 2))
            with { GradGrad = false, ForwardMode = false };
        yield return Case("sdpa bool mask scale", Attention, x => F.ScaledDotProductAttention(x[0], x[1], x[2], AttentionMask, scale: 0.7), A(2, 3, 4), A(2, 5, 4), A(2, 5, 2))
            with { GradGrad = false, ForwardMode = false };
        yield return Case("sdpa dropout", Attention, x => F.ScaledDotProductAttention(x[0], x[1], x[2], dropoutP: 0.3, generator: new Generator(5)), A(2, 4, 3), A(2, 6, 3), A(2, 6, 3))
            with { GradGrad = false, ForwardMode = false };
    }
}
