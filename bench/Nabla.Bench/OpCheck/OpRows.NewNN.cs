using F = Nabla.NN.F;
using Reduction = Nabla.NN.Reduction;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // The torch.nn.functional calls behind the layers merged on 2026-12-06, against the ATen call Python's
    // torch.nn.functional makes (values, gradients and the node; the layer check compares the modules). Python-only
    // compositions (softsign, tanhshrink, kl_div's batchmean) are spelled as Python spells them.
    private static IEnumerable<OpRow> NewNN()
    {
        yield return S("nn.functional.gelu tanh", W(2, 3), a => F.Gelu(a, "tanh"), "torch.gelu(a, approximate='tanh')");
        yield return S("nn.functional.softplus beta threshold", W(2, 3), a => F.Softplus(a, 2, 3), "torch.softplus(a, 2.0, 3.0)");
        yield return S("nn.functional.elu", W(2, 3), a => F.Elu(a, 0.5), "torch.elu(a, 0.5)");
        yield return S("nn.functional.selu", W(2, 3), a => F.Selu(a), "torch.selu(a)");
        yield return S("nn.functional.celu", W(2, 3), a => F.Celu(a, 1.5), "torch.celu(a, 1.5)");
        yield return S("nn.functional.mish", W(2, 3), a => F.Mish(a), "torch.mish(a)");
        yield return S("nn.functional.prelu", W(2, 3, 2), A(3), (a, w) => F.PRelu(a, w), "torch.prelu(a, b)");
        yield return S("nn.functional.hardswish", W(2, 3), a => F.Hardswish(a), "torch.hardswish(a)");
        // ATen's hardsigmoid_backward multiplies by the float constant 1.0f / 6.0f (relative error 3e-8) in float64 too; Nabla by 1/6.
        yield return S("nn.functional.hardsigmoid", W(2, 3), a => F.Hardsigmoid(a), "torch.hardsigmoid(a)") with { GradTolerance = 1e-7 };
        yield return S("nn.functional.relu6", Z(2, 3), a => F.Relu6(a * 4), "torch.hardtanh(a * num(4.0), 0.0, 6.0)");
        yield return S("nn.functional.logsigmoid", W(2, 3), a => F.LogSigmoid(a), "torch.log_sigmoid(a)");
        yield return S("nn.functional.glu", W(2, 4), a => F.Glu(a, 1), "torch.glu(a, 1)");
        yield return S("nn.functional.softsign", W(2, 3), a => F.Softsign(a), "a / (a.abs() + num(1.0))");
        yield return S("nn.functional.tanhshrink", W(2, 3), a => F.Tanhshrink(a), "a - a.tanh()");
        yield return S("nn.functional.group_norm", A(2, 6, 3), A(6), A(6), (x, w, b) => F.GroupNorm(x, 2, w, b), "torch.group_norm(a, 2, b, c, 1e-5)");
        yield return S("nn.functional.instance_norm", A(2, 3, 5), A(3), A(3), (x, w, b) => F.InstanceNorm(x, null, null, w, b),
            "torch.instance_norm(a, b, c, None, None, True, 0.1, 1e-5, False)");
        yield return S("nn.functional.embedding padding_idx", I(0, 5, 2, 3), A(5, 4), (i, w) => F.Embedding(i, w, paddingIdx: 2), "torch.embedding(b, a, 2)");
        foreach (var (mode, code) in new[] { ("sum", 0), ("mean", 1), ("max", 2) })
            yield return S($"nn.functional.embedding_bag {mode}", I(0, 6, 8), V([0, 2, 2, 5], [4], DType.Int64), A(6, 3),
                (i, o, w) => F.EmbeddingBag(i, w, o, mode: mode), $"torch.embedding_bag(c, a, b, False, {code}, False, None, False, None)[0]");
        yield return S("nn.functional.conv1d padding same dilation groups", A(2, 4, 9), A(6, 2, 4), A(6),
            (x, w, b) => F.Conv1d(x, w, b, padding: "same", dilation: 2, groups: 2), "torch.conv1d(a, b, c, [1], 'same', [2], 2)");
        yield return S("nn.functional.max_pool1d ceil_mode", A(2, 3, 8), a => F.MaxPool1d(a, 3, stride: 2, ceilMode: true), "torch.max_pool1d(a, [3], [2], [0], [1], True)");
        yield return S("nn.functional.avg_pool1d ceil_mode count_include_pad", A(2, 3, 8), a => F.AvgPool1d(a, 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false),
            "torch.avg_pool1d(a, [3], [2], [1], True, False)");
        yield return S("nn.functional.max_pool2d ceil_mode", A(1, 2, 6, 6), a => F.MaxPool2d(a, 3, stride: 2, ceilMode: true), "torch.max_pool2d(a, [3, 3], [2, 2], [0, 0], [1, 1], True)");
        yield return S("nn.functional.avg_pool2d ceil_mode count_include_pad", A(1, 2, 7, 6), a => F.AvgPool2d(a, 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false),
            "torch.avg_pool2d(a, [3, 3], [2, 2], [1, 1], True, False)");
        yield return S("nn.functional.adaptive_max_pool2d", A(2, 3, 7, 5), a => F.AdaptiveMaxPool2d(a, (3, 2)), "torch.adaptive_max_pool2d(a, [3, 2])[0]");
        yield return S("nn.functional.interpolate nearest scale_factor", A(1, 2, 3, 4), a => F.Interpolate(a, 2.0), "torch.upsample_nearest2d(a, None, [2.0, 2.0])");
        yield return S("nn.functional.interpolate bilinear size", A(1, 2, 3, 4), a => F.Interpolate(a, [5, 7], mode: "bilinear"), "torch.upsample_bilinear2d(a, [5, 7], False, None)");
        yield return S("nn.functional.interpolate bilinear align_corners", A(1, 2, 3, 4), a => F.Interpolate(a, 2.0, mode: "bilinear", alignCorners: true),
            "torch.upsample_bilinear2d(a, None, True, [2.0, 2.0])");
        yield return S("nn.functional.huber_loss", A(4, 5), A(4, 5), (a, b) => F.HuberLoss(a, b, delta: 0.5), "torch.huber_loss(a, b, 1, 0.5)");
        yield return S("nn.functional.smooth_l1_loss", A(4, 5), A(4, 5), (a, b) => F.SmoothL1Loss(a, b, beta: 0.5), "torch.smooth_l1_loss(a, b, 1, 0.5)");
        yield return S("nn.functional.kl_div batchmean", A(4, 5), Pr(4, 5), (a, b) => F.KlDiv(a, b, Reduction.BatchMean), "torch.kl_div(a, b, 2, log_target=False) / num(4.0)");
        yield return S("nn.functional.kl_div log_target", A(4, 5), A(4, 5), (a, b) => F.KlDiv(a, b, logTarget: true), "torch.kl_div(a, b, 1, log_target=True)");
        yield return S("nn.functional.poisson_nll_loss", A(4, 5), Const(P(4, 5)), (a, b) => F.PoissonNllLoss(a, b), "torch.poisson_nll_loss(a, b, True, False, 1e-8, 1)");
        yield return S("nn.functional.poisson_nll_loss log_input=False full", P(4, 5), Const(P(4, 5)), (a, b) => F.PoissonNllLoss(a, b * 3, logInput: false, full: true),
            "torch.poisson_nll_loss(a, b * num(3.0), False, True, 1e-8, 1)");
        yield return S("nn.functional.cosine_embedding_loss", A(4, 5), A(4, 5), Const(V([1, -1, 1, -1], [4])), (a, b, t) => F.CosineEmbeddingLoss(a, b, t, 0.2),
            "torch.cosine_embedding_loss(a, b, c, 0.2, 1)");
        yield return S("nn.functional.margin_ranking_loss", A(5), A(5), Const(V([1, -1, -1, 1, 1], [5])), (a, b, t) => F.MarginRankingLoss(a, b, t, 0.3),
            "torch.margin_ranking_loss(a, b, c, 0.3, 1)");
        yield return S("nn.functional.triplet_margin_loss", A(4, 5), A(4, 5), A(4, 5), (a, p, n) => F.TripletMarginLoss(a, p, n),
            "torch.triplet_margin_loss(a, b, c, 1.0, 2.0, 1e-6, False, 1)");
        In[] ctc = [A(6, 2, 4), V([1, 2, 2, 3, 1, 1], [2, 3], DType.Int64), V([6, 5], [2], DType.Int64), V([3, 2], [2], DType.Int64)];
        yield return S("nn.functional.ctc_loss none", ctc, x => F.CtcLoss(F.LogSoftmax(x[0], 2), x[1], x[2], x[3], reduction: Reduction.None),
            "torch.ctc_loss(a.log_softmax(2), b, c, d, 0, 0, False)");
        yield return S("nn.functional.ctc_loss", ctc, x => F.CtcLoss(F.LogSoftmax(x[0], 2), x[1], x[2], x[3]), "torch.ctc_loss(a.log_softmax(2), b, c, d, 0, 1, False)");
        yield return S("nn.functional.pairwise_distance", A(4, 5), A(4, 5), (a, b) => F.PairwiseDistance(a, b), "torch.pairwise_distance(a, b, 2.0, 1e-6, False)");
        yield return S("nn.functional.pairwise_distance p=1 keepdim", A(4, 5), A(5), (a, b) => F.PairwiseDistance(a, b, 1, keepDim: true), "torch.pairwise_distance(a, b, 1.0, 1e-6, True)");
        yield return S("nn.functional.cosine_similarity", A(4, 5), A(4, 5), (a, b) => F.CosineSimilarity(a, b), "torch.cosine_similarity(a, b, 1, 1e-8)");
    }
}
