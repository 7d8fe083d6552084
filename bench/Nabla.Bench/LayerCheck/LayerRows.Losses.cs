using Nabla.NN;
using TorchSharp;
using TT = TorchSharp.torch.Tensor;
using Tnn = TorchSharp.torch.nn;
using TReduction = TorchSharp.torch.nn.Reduction;
using L = Nabla.Bench.LayerRow;

namespace Nabla.Bench;

internal static partial class LayerRows
{
    // Losses and distances (modules without parameters: outputs and input gradients are compared). Inputs that must
    // be probabilities, logs of probabilities, positive or non-negative are made so inside the forward call, on both
    // sides, so that the gradient reaches the drawn input. Python defaults are passed explicitly where TorchSharp's
    // differ (KLDivLoss's log_target, GaussianNLLLoss's and PoissonNLLLoss's eps).
    private static IEnumerable<LayerRow> Losses()
    {
        // TorchSharp's Reduction has no batchmean: libtorch's side is the sum divided by the batch size, as Python's F.kl_div computes it.
        yield return L.Of("KLDivLoss batchmean", [X(4, 5), X(4, 5)], () => new KlDivLoss(Reduction.BatchMean), () => Tnn.KLDivLoss(log_target: false, reduction: TReduction.Sum),
            (m, x) => [m.Forward(F.LogSoftmax(x[0], 1), F.Softmax(x[1], 1))], (m, x) => [m.forward(x[0].log_softmax(1), x[1].softmax(1)) / 4]);
        yield return L.Of("KLDivLoss log_target", [X(4, 5), X(4, 5)], () => new KlDivLoss(logTarget: true), () => Tnn.KLDivLoss(log_target: true),
            (m, x) => [m.Forward(F.LogSoftmax(x[0], 1), F.LogSoftmax(x[1], 1))], (m, x) => [m.forward(x[0].log_softmax(1), x[1].log_softmax(1))]);
        yield return L.Of("KLDivLoss none", [X(4, 5), X(4, 5)], () => new KlDivLoss(Reduction.None), () => Tnn.KLDivLoss(log_target: false, reduction: TReduction.None),
            (m, x) => [m.Forward(F.LogSoftmax(x[0], 1), F.Softmax(x[1], 1))], (m, x) => [m.forward(x[0].log_softmax(1), x[1].softmax(1))]);
        yield return L.Of("HuberLoss delta=0.5", [X(4, 5), X(4, 5)], () => new HuberLoss(delta: 0.5), () => Tnn.HuberLoss(0.5),
            (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
        yield return L.Of("HuberLoss sum", [X(4, 5), X(4, 5)], () => new HuberLoss(Reduction.Sum), () => Tnn.HuberLoss(reduction: TReduction.Sum),
            (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
        yield return L.Of("SmoothL1Loss beta=0.5", [X(4, 5), X(4, 5)], () => new SmoothL1Loss(beta: 0.5), () => Tnn.SmoothL1Loss(beta: 0.5),
            (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
        yield return L.Of("SmoothL1Loss none", [X(4, 5), X(4, 5)], () => new SmoothL1Loss(Reduction.None), () => Tnn.SmoothL1Loss(TReduction.None),
            (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
        // TorchSharp 0.107's GaussianNLLLoss gives no gradient to the variance and, without full, another value (relative
        // difference 0.8): libtorch's side is Python's F.gaussian_nll_loss composed in TorchSharp ops.
        yield return L.Of("GaussianNLLLoss", [X(4, 5), X(4, 5), X(4, 5)], () => new GaussianNllLoss(), () => Tnn.Identity(),
            (m, x) => [m.Forward(x[0], x[1], x[2].Exp())], (_, x) => [GaussianNll(x[0], x[1], x[2].exp(), full: false).mean()]);
        yield return L.Of("GaussianNLLLoss full, var (4, 1), sum", [X(4, 5), X(4, 5), X(4, 1)], () => new GaussianNllLoss(full: true, reduction: Reduction.Sum),
            () => Tnn.Identity(), (m, x) => [m.Forward(x[0], x[1], x[2].Exp())], (_, x) => [GaussianNll(x[0], x[1], x[2].exp(), full: true).sum()]);
        yield return L.Of("PoissonNLLLoss", [X(4, 5), X(4, 5)], () => new PoissonNllLoss(), () => Tnn.PoissonNLLLoss(eps: 1e-8f),
            (m, x) => [m.Forward(x[0], (x[1] * 2).Abs())], (m, x) => [m.forward(x[0], (x[1] * 2).abs())]);
        yield return L.Of("PoissonNLLLoss log_input=False full", [X(4, 5), X(4, 5)], () => new PoissonNllLoss(logInput: false, full: true),
            () => Tnn.PoissonNLLLoss(log_input: false, full: true, eps: 1e-8f), (m, x) => [m.Forward(x[0].Exp(), (x[1] * 2).Abs())], (m, x) => [m.forward(x[0].exp(), (x[1] * 2).abs())]);
        yield return L.Of("CosineEmbeddingLoss margin=0.2", [X(4, 5), X(4, 5), Given(DType.Float64, [1, -1, 1, -1], 4)], () => new CosineEmbeddingLoss(0.2),
            () => Tnn.CosineEmbeddingLoss(0.2), (m, x) => [m.Forward(x[0], x[1], x[2])], (m, x) => [m.forward(x[0], x[1], x[2])]);
        yield return L.Of("MarginRankingLoss margin=0.3", [X(5), X(5), Given(DType.Float64, [1, -1, -1, 1, 1], 5)], () => new MarginRankingLoss(0.3),
            () => Tnn.MarginRankingLoss(0.3), (m, x) => [m.Forward(x[0], x[1], x[2])], (m, x) => [m.forward(x[0], x[1], x[2])]);
        yield return L.Of("TripletMarginLoss", [X(4, 5), X(4, 5), X(4, 5)], () => new TripletMarginLoss(), () => Tnn.TripletMarginLoss(),
            (m, x) => [m.Forward(x[0], x[1], x[2])], (m, x) => [m.forward(x[0], x[1], x[2])]);
        yield return L.Of("TripletMarginLoss p=1 swap margin=2 sum", [X(4, 5), X(4, 5), X(4, 5)], () => new TripletMarginLoss(2, 1, swap: true, reduction: Reduction.Sum),
            () => Tnn.TripletMarginLoss(2, 1, swap: true, reduction: TReduction.Sum), (m, x) => [m.Forward(x[0], x[1], x[2])], (m, x) => [m.forward(x[0], x[1], x[2])]);
        In ctcTargets = Given(DType.Int64, [1, 2, 2, 3, 1, 1], 2, 3), inputLengths = Given(DType.Int64, [6, 5], 2), targetLengths = Given(DType.Int64, [3, 2], 2);
        yield return L.Of("CTCLoss", [X(6, 2, 4), ctcTargets, inputLengths, targetLengths], () => new CtcLoss(), () => Tnn.CTCLoss(),
            (m, x) => [m.Forward(F.LogSoftmax(x[0], 2), x[1], x[2], x[3])], (m, x) => [m.forward(x[0].log_softmax(2), x[1], x[2], x[3])]);
        yield return L.Of("CTCLoss blank=3 sum zero_infinity", [X(4, 2, 4), ctcTargets, Given(DType.Int64, [4, 2], 2), targetLengths],
            () => new CtcLoss(blank: 3, reduction: Reduction.Sum, zeroInfinity: true), () => Tnn.CTCLoss(3, zero_infinity: true, reduction: TReduction.Sum),
            (m, x) => [m.Forward(F.LogSoftmax(x[0], 2), x[1].Remainder(3), x[2], x[3])], (m, x) => [m.forward(x[0].log_softmax(2), x[1].remainder(3), x[2], x[3])]);
        yield return L.Of("PairwiseDistance", [X(4, 5), X(4, 5)], () => new PairwiseDistance(), () => Tnn.PairwiseDistance(),
            (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
        yield return L.Of("PairwiseDistance p=1 keepdim broadcast", [X(4, 5), X(5)], () => new PairwiseDistance(1, keepDim: true), () => Tnn.PairwiseDistance(1, keepdim: true),
            (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
        yield return L.Of("CosineSimilarity", [X(4, 5), X(4, 5)], () => new CosineSimilarity(), () => Tnn.CosineSimilarity(),
            (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
        yield return L.Of("CosineSimilarity dim=0 broadcast", [X(3, 4), X(3, 1)], () => new CosineSimilarity(0), () => Tnn.CosineSimilarity(0),
            (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
    }

    // torch/nn/functional.py's gaussian_nll_loss before reduction: the variance clamped to eps (under no_grad on a
    // clone in Python, so the gradient passes as if unclamped; clamp_min passes it alike where var > eps).
    private static TT GaussianNll(TT input, TT target, TT var, bool full, double eps = 1e-6)
    {
        var clamped = var.clamp_min(eps);
        var loss = (clamped.log() + (input - target).square() / clamped) * 0.5;
        return full ? loss + 0.5 * Math.Log(2 * Math.PI) : loss;
    }
}
