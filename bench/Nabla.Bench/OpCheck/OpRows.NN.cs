using F = Nabla.NN.F;
using Reduction = Nabla.NN.Reduction;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // torch.nn.functional: activations, losses, convolution, pooling, normalisation, embedding. The libtorch side
    // is the ATen call that Python's torch.nn.functional makes (in TorchScript): some of TorchSharp's functional
    // wrappers are compositions of their own, whose nodes are not PyTorch's. Reductions are ATen's enum:
    // 0 none, 1 mean, 2 sum.
    private static IEnumerable<OpRow> NN()
    {
        yield return S("nn.functional.relu", Z(2, 3), a => F.Relu(a), "torch.relu(a)");
        yield return S("nn.functional.gelu", W(2, 3), a => F.Gelu(a), "torch.gelu(a)");
        yield return S("nn.functional.silu", W(2, 3), a => F.Silu(a), "torch.silu(a)");
        yield return S("nn.functional.leaky_relu", Z(2, 3), a => F.LeakyRelu(a, 0.2), "torch.leaky_relu(a, 0.2)");
        yield return S("nn.functional.softmax", W(2, 3), a => F.Softmax(a, 1), "torch.softmax(a, 1)");
        yield return S("nn.functional.log_softmax", W(2, 3), a => F.LogSoftmax(a, 1), "torch.log_softmax(a, 1)");
        yield return S("nn.functional.linear", A(2, 3), A(4, 3), A(4), (x, w, b) => F.Linear(x, w, b), "torch.linear(a, b, c)");
        yield return S("nn.functional.linear no bias", A(2, 3), A(4, 3), (x, w) => F.Linear(x, w), "torch.linear(a, b)");
        yield return S("nn.functional.linear 3d", A(2, 2, 3), A(4, 3), A(4), (x, w, b) => F.Linear(x, w, b), "torch.linear(a, b, c)");
        yield return S("nn.functional.linear 3d no bias", A(2, 2, 3), A(4, 3), (x, w) => F.Linear(x, w), "torch.linear(a, b)");
        yield return S("nn.functional.linear 1d no bias", A(3), A(4, 3), (x, w) => F.Linear(x, w), "torch.linear(a, b)");
        yield return S("nn.functional.linear 3d non-contiguous", A(2, 2, 3), A(4, 3), A(4), (x, w, b) => F.Linear(x.Transpose(0, 1), w, b), "torch.linear(a.transpose(0, 1), b, c)");
        yield return S("nn.functional.linear 4d", A(2, 1, 2, 3), A(4, 3), A(4), (x, w, b) => F.Linear(x, w, b), "torch.linear(a, b, c)");
        yield return S("nn.functional.linear 1d", A(3), A(4, 3), A(4), (x, w, b) => F.Linear(x, w, b), "torch.linear(a, b, c)");
        yield return S("nn.functional.mse_loss", A(2, 3), A(2, 3), (a, b) => F.MseLoss(a, b), "torch.mse_loss(a, b, 1)");
        yield return S("nn.functional.mse_loss sum", A(2, 3), A(2, 3), (a, b) => F.MseLoss(a, b, Reduction.Sum), "torch.mse_loss(a, b, 2)");
        yield return S("nn.functional.mse_loss none", A(2, 3), A(2, 3), (a, b) => F.MseLoss(a, b, Reduction.None), "torch.mse_loss(a, b, 0)");
        yield return S("nn.functional.l1_loss", Z(2, 3), Const(A(2, 3)), (a, b) => F.L1Loss(a, b), "torch.l1_loss(a, b, 1)");
        yield return S("nn.functional.l1_loss none", Z(2, 3), Const(A(2, 3)), (a, b) => F.L1Loss(a, b, Reduction.None), "torch.l1_loss(a, b, 0)");
        yield return S("nn.functional.binary_cross_entropy", Pr(2, 3), Pr(2, 3), (a, b) => F.BinaryCrossEntropy(a, b), "torch.binary_cross_entropy(a, b, None, 1)");
        yield return S("nn.functional.binary_cross_entropy weight", Pr(2, 3), Pr(2, 3), Const(P(3)), (a, b, w) => F.BinaryCrossEntropy(a, b, w),
            "torch.binary_cross_entropy(a, b, c.expand_as(a), 1)");   // Python's F expands the weight to the input's shape
        yield return S("nn.functional.binary_cross_entropy_with_logits", W(2, 3), Pr(2, 3), (a, b) => F.BinaryCrossEntropyWithLogits(a, b),
            "torch.binary_cross_entropy_with_logits(a, b, None, None, 1)");
        yield return S("nn.functional.binary_cross_entropy_with_logits pos_weight", W(2, 3), Pr(2, 3), Const(P(3)),
            (a, b, p) => F.BinaryCrossEntropyWithLogits(a, b, posWeight: p), "torch.binary_cross_entropy_with_logits(a, b, None, c, 1)");
        yield return S("nn.functional.cross_entropy", W(4, 3), I(0, 3, 4), (a, t) => F.CrossEntropy(a, t), "torch.cross_entropy_loss(a, b, None, 1, -100, 0.0)");
        yield return S("nn.functional.cross_entropy weight sum", W(4, 3), I(0, 3, 4), Const(P(3)), (a, t, w) => F.CrossEntropy(a, t, w, reduction: Reduction.Sum),
            "torch.cross_entropy_loss(a, b, c, 2, -100, 0.0)");
        yield return S("nn.functional.cross_entropy ignore_index", W(4, 3), V([0, 2, 1, 2], [4], DType.Int64), (a, t) => F.CrossEntropy(a, t, ignoreIndex: 2),
            "torch.cross_entropy_loss(a, b, None, 1, 2, 0.0)");
        yield return S("nn.functional.cross_entropy label_smoothing", W(4, 3), I(0, 3, 4), (a, t) => F.CrossEntropy(a, t, labelSmoothing: 0.1),
            "torch.cross_entropy_loss(a, b, None, 1, -100, 0.1)");
        yield return S("nn.functional.cross_entropy probabilities", W(4, 3), Pr(4, 3), (a, t) => F.CrossEntropy(a, t), "torch.cross_entropy_loss(a, b, None, 1, -100, 0.0)");
        yield return S("nn.functional.cross_entropy probabilities none", W(4, 3), Pr(4, 3), (a, t) => F.CrossEntropy(a, t, reduction: Reduction.None),
            "torch.cross_entropy_loss(a, b, None, 0, -100, 0.0)");
        yield return S("nn.functional.cross_entropy 4d", W(2, 3, 2, 2), I(0, 3, 2, 2, 2), (a, t) => F.CrossEntropy(a, t), "torch.cross_entropy_loss(a, b, None, 1, -100, 0.0)");
        yield return S("nn.functional.nll_loss", W(4, 3), I(0, 3, 4), (a, t) => F.NllLoss(a, t), "torch.nll_loss_nd(a, b, None, 1, -100)");
        yield return S("nn.functional.nll_loss ignore_index", W(4, 3), V([0, 2, 1, 2], [4], DType.Int64), (a, t) => F.NllLoss(a, t, ignoreIndex: 2),
            "torch.nll_loss_nd(a, b, None, 1, 2)");
        yield return S("nn.functional.nll_loss 4d", W(2, 3, 2, 2), I(0, 3, 2, 2, 2), (a, t) => F.NllLoss(a, t), "torch.nll_loss_nd(a, b, None, 1, -100)");
        yield return S("nn.functional.conv2d", A(2, 3, 5, 5), A(4, 3, 3, 3), A(4), (x, w, b) => F.Conv2d(x, w, b), "torch.conv2d(a, b, c)");
        yield return S("nn.functional.conv2d stride padding dilation", A(1, 2, 6, 6), A(3, 2, 3, 3), A(3),
            (x, w, b) => F.Conv2d(x, w, b, stride: 2, padding: 1, dilation: 2), "torch.conv2d(a, b, c, [2, 2], [1, 1], [2, 2])");
        yield return S("nn.functional.conv2d groups", A(1, 4, 5, 5), A(4, 2, 3, 3), (x, w) => F.Conv2d(x, w, groups: 2), "torch.conv2d(a, b, None, [1, 1], [0, 0], [1, 1], 2)");
        yield return S("nn.functional.max_pool2d", A(2, 3, 4, 4), a => F.MaxPool2d(a, 2), "torch.max_pool2d(a, [2, 2])");
        yield return S("nn.functional.max_pool2d stride padding", A(1, 2, 5, 5), a => F.MaxPool2d(a, 3, stride: 2, padding: 1), "torch.max_pool2d(a, [3, 3], [2, 2], [1, 1])");
        yield return S("nn.functional.avg_pool2d", A(2, 3, 4, 4), a => F.AvgPool2d(a, 2), "torch.avg_pool2d(a, [2, 2])");
        yield return S("nn.functional.avg_pool2d stride padding", A(1, 2, 5, 5), a => F.AvgPool2d(a, 3, stride: 2, padding: 1), "torch.avg_pool2d(a, [3, 3], [2, 2], [1, 1])");
        yield return S("nn.functional.adaptive_avg_pool2d", A(2, 3, 5, 5), a => F.AdaptiveAvgPool2d(a, 2), "torch.adaptive_avg_pool2d(a, [2, 2])");
        yield return S("nn.functional.adaptive_avg_pool2d (3, 2)", A(1, 2, 6, 5), a => F.AdaptiveAvgPool2d(a, (3, 2)), "torch.adaptive_avg_pool2d(a, [3, 2])");
        yield return S("nn.functional.adaptive_avg_pool2d 1", A(2, 3, 4, 4), a => F.AdaptiveAvgPool2d(a, 1), "torch.adaptive_avg_pool2d(a, [1, 1])");
        yield return S("nn.functional.batch_norm training", A(4, 3), A(3), A(3), (x, w, b) => F.BatchNorm(x, null, null, w, b, training: true),
            "torch.batch_norm(a, b, c, None, None, True, 0.1, 1e-5, False)");
        yield return S("nn.functional.batch_norm training running stats", [A(4, 3, 2), Const(A(3)), Const(P(3)), A(3), A(3)],
            x => F.BatchNorm(x[0], x[1], x[2], x[3], x[4], training: true), "torch.batch_norm(a, d, e, b, c, True, 0.1, 1e-5, False)");
        yield return S("nn.functional.batch_norm eval", [A(4, 3, 2), Const(A(3)), Const(P(3)), A(3), A(3)], x => F.BatchNorm(x[0], x[1], x[2], x[3], x[4]),
            "torch.batch_norm(a, d, e, b, c, False, 0.1, 1e-5, False)");
        yield return S("nn.functional.layer_norm", A(2, 3, 4), A(3, 4), A(3, 4), (x, w, b) => F.LayerNorm(x, [3, 4], w, b), "torch.layer_norm(a, [3, 4], b, c)");
        yield return S("nn.functional.layer_norm no affine", A(2, 3), a => F.LayerNorm(a, [3]), "torch.layer_norm(a, [3])");
        // TorchSharp 0.107 has no nn.RMSNorm: F.RmsNorm (what Nabla's RmsNorm module calls) against ATen's rms_norm.
        yield return S("nn.functional.rms_norm", A(2, 3, 4), A(4), (x, w) => F.RmsNorm(x, [4], w), "torch.rms_norm(a, [4], b, None)");
        yield return S("nn.functional.rms_norm [3, 4] eps no weight", A(2, 3, 4), a => F.RmsNorm(a, [3, 4], eps: 1e-3), "torch.rms_norm(a, [3, 4], None, 1e-3)");
        yield return S("nn.functional.hardtanh min=-0.5 max=2", Z(2, 3, 5), a => F.Hardtanh(a * 4, -0.5, 2), "torch.hardtanh(a * num(4.0), -0.5, 2.0)");
        yield return S("nn.functional.conv_transpose1d stride padding output_padding groups dilation", A(2, 4, 5), A(4, 3, 3), A(6),
            (x, w, b) => F.ConvTranspose1d(x, w, b, stride: 2, padding: 1, outputPadding: 1, groups: 2, dilation: 2), "torch.conv_transpose1d(a, b, c, [2], [1], [1], 2, [2])");
        yield return S("nn.functional.conv_transpose2d rectangular stride output_padding dilation", A(1, 2, 3, 4), A(2, 3, 3, 2),
            (x, w) => F.ConvTranspose2d(x, w, stride: (2, 3), outputPadding: (1, 2), dilation: 2), "torch.conv_transpose2d(a, b, None, [2, 3], [0, 0], [1, 2], 1, [2, 2])");
        yield return S("nn.functional.embedding", I(0, 5, 2, 3), A(5, 4), (i, w) => F.Embedding(i, w), "torch.embedding(b, a)");
    }
}
