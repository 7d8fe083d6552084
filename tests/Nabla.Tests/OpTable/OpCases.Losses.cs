using Nabla.NN;

namespace Nabla.Tests;

public static partial class OpCases
{
    private static readonly Tensor PairTargets = Tensor.FromArray(new double[] { 1, -1, 1, -1 });
    private static readonly Tensor RankTargets = Tensor.FromArray(new double[] { 1, -1, 1, 1, -1 });
    private static readonly Tensor CtcPadded = Tensor.FromArray(new long[] { 1, 2, 2, 3, 3, 0 }, [2, 3]);
    private static readonly Tensor CtcConcatenated = Tensor.FromArray(new long[] { 1, 3, 3, 4, 0 });

    // The losses of issue 11: one node where PyTorch has one (huber, smooth L1, ctc), PyTorch's last
    // composed node elsewhere. CTC's backward is a kernel with no derivative in PyTorch (no double
    // backward, no forward mode), and is gradchecked through a log_softmax, as PyTorch's own tests do.
    private static IEnumerable<OpCase> Losses()
    {
        yield return Case("huber_loss", "HuberLossBackward0", x => F.HuberLoss(x[0], x[1], delta: 0.7), W(3, 4), A(3, 4));
        yield return Case("huber_loss sum broadcast", "HuberLossBackward0", x => F.HuberLoss(x[0], x[1], Reduction.Sum), W(3, 4), A(4));
        yield return Case("huber_loss none", "HuberLossBackward0", x => F.HuberLoss(x[0], x[1], Reduction.None, delta: 2), W(2, 3), A(2, 3));
        yield return Case("smooth_l1_loss", "SmoothL1LossBackward0", x => F.SmoothL1Loss(x[0], x[1], beta: 0.5), W(3, 4), A(3, 4));
        yield return Case("smooth_l1_loss none", "SmoothL1LossBackward0", x => F.SmoothL1Loss(x[0], x[1], Reduction.None), W(2, 3), A(2, 3));
        yield return Case("smooth_l1_loss beta 0", "MeanBackward0", x => F.SmoothL1Loss(x[0], x[1], beta: 0), Z(3, 4), A(3, 4));
        yield return Case("kl_div batchmean", "DivBackward0", x => F.KlDiv(x[0].LogSoftmax(1), x[1], Reduction.BatchMean), A(3, 4), Pr(3, 4));
        yield return Case("kl_div mean", "MeanBackward0", x => F.KlDiv(x[0], x[1]), A(3, 4), Pr(3, 4));
        yield return Case("kl_div none", "SubBackward0", x => F.KlDiv(x[0], x[1], Reduction.None), A(2, 3), Pr(2, 3));
        yield return Case("kl_div log_target", "SumBackward0", x => F.KlDiv(x[0], x[1], Reduction.Sum, logTarget: true), A(3, 4), A(3, 4));
        yield return Case("gaussian_nll_loss", "MeanBackward0", x => F.GaussianNllLoss(x[0], x[1], x[2]), A(3, 4), A(3, 4), P(3, 4));
        yield return Case("gaussian_nll_loss full homoscedastic", "SumBackward0", x => F.GaussianNllLoss(x[0], x[1], x[2], full: true, reduction: Reduction.Sum), A(3, 4), A(3, 4), P(3));
        yield return Case("gaussian_nll_loss none", "MulBackward0", x => F.GaussianNllLoss(x[0], x[1], x[2], reduction: Reduction.None), A(3, 2), A(3, 2), P(3, 1));
        yield return Case("poisson_nll_loss", "MeanBackward0", x => F.PoissonNllLoss(x[0], x[1]), A(3, 4), P(3, 4));
        yield return Case("poisson_nll_loss full", "SumBackward0", x => F.PoissonNllLoss(x[0], x[1], full: true, reduction: Reduction.Sum), A(3, 4), P(3, 4));
        yield return Case("poisson_nll_loss rates none", "SubBackward0", x => F.PoissonNllLoss(x[0], x[1], logInput: false, reduction: Reduction.None), P(2, 3), P(2, 3));
        yield return Case("cosine_embedding_loss", "MeanBackward0", x => F.CosineEmbeddingLoss(x[0], x[1], Like(PairTargets, x[0]), margin: 0.1), A(4, 3), A(4, 3));
        yield return Case("cosine_embedding_loss 1-d", "SumBackward0", x => F.CosineEmbeddingLoss(x[0], x[1], Tensor.Scalar(-1.0).To(x[0].DType), reduction: Reduction.Sum), A(3), A(3));
        yield return Case("margin_ranking_loss", "MeanBackward0", x => F.MarginRankingLoss(x[0], x[1], Like(RankTargets, x[0]), margin: 0.3), A(5), A(5));
        yield return Case("margin_ranking_loss none", "ClampMinBackward0", x => F.MarginRankingLoss(x[0], x[1], Like(RankTargets, x[0]), reduction: Reduction.None), A(5), A(5));
        yield return Case("triplet_margin_loss", "MeanBackward0", x => F.TripletMarginLoss(x[0], x[1], x[2]), A(4, 3), A(4, 3), A(4, 3));
        yield return Case("triplet_margin_loss swap p=1 none", "ClampMinBackward0", x => F.TripletMarginLoss(x[0], x[1], x[2], margin: 2, p: 1, swap: true, reduction: Reduction.None), A(4, 3), A(4, 3), A(4, 3));
        yield return Case("pairwise_distance", "NormBackward1", x => F.PairwiseDistance(x[0], x[1]), A(3, 4), A(3, 4));
        yield return Case("pairwise_distance p=3 keepdim broadcast", "NormBackward1", x => F.PairwiseDistance(x[0], x[1], p: 3, keepDim: true), A(3, 4), A(4));
        yield return Case("cosine_similarity", "SumBackward1", x => F.CosineSimilarity(x[0], x[1]), A(3, 4), A(3, 4));
        yield return Case("cosine_similarity broadcast dim 0", "SumBackward1", x => F.CosineSimilarity(x[0], x[1], dim: 0), A(4, 3), A(4, 1));
        yield return Case("ctc_loss none", "CtcLossBackward0", x => CtcPaddedLoss(x[0], Reduction.None), A(6, 2, 5)) with { GradGrad = false, ForwardMode = false };
        yield return Case("ctc_loss mean", "MeanBackward0", x => CtcPaddedLoss(x[0], Reduction.Mean), A(6, 2, 5)) with { GradGrad = false, ForwardMode = false };
        yield return Case("ctc_loss concatenated blank sum", "SumBackward0",
            x => F.CtcLoss(x[0].LogSoftmax(2), CtcConcatenated, [5, 4, 3], [2, 2, 1], blank: 2, reduction: Reduction.Sum), A(5, 3, 5)) with { GradGrad = false, ForwardMode = false };
        yield return Case("ctc_loss zero_infinity", "WhereBackward0",
            x => F.CtcLoss(x[0].LogSoftmax(2), CtcPadded, [6, 2], [3, 2], reduction: Reduction.None, zeroInfinity: true), A(6, 2, 5)) with { GradGrad = false, ForwardMode = false };
        yield return Case("ctc_loss unbatched", "SqueezeBackward1",
            x => F.CtcLoss(x[0].LogSoftmax(1), Tensor.FromArray(new long[] { 3, 3 }), Tensor.Scalar(4L), Tensor.Scalar(2L), reduction: Reduction.None), A(4, 5)) with { GradGrad = false, ForwardMode = false };
    }

    private static Tensor CtcPaddedLoss(Tensor logits, Reduction reduction)
        => F.CtcLoss(logits.LogSoftmax(2), CtcPadded, [6, 5], [3, 2], reduction: reduction);
}
