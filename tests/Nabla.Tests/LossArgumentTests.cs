using Nabla.NN;
using static Nabla.Tests.NNTesting;

namespace Nabla.Tests;

/// <summary>
/// The losses of issue 11 beyond their values (LossFixtureTests): reductions, PyTorch's errors for bad
/// shapes and arguments, CTC's missing double backward, and the loss modules (names, forwards).
/// </summary>
public sealed class LossArgumentTests
{
    private static readonly Tensor X = Tensor.Randn([3, 4], DType.Float64, generator: new Generator(1));
    private static readonly Tensor Y = Tensor.Randn([3, 4], DType.Float64, generator: new Generator(2));
    private static readonly Tensor LogProbs = Tensor.Randn([5, 2, 4], DType.Float64, generator: new Generator(3)).LogSoftmax(2);
    private static readonly Tensor Padded = Tensor.FromArray(new long[] { 1, 2, 3, 0 }, [2, 2]);

    private static Tensor Lengths(params long[] values) => Tensor.FromArray(values);

    [Fact]
    public void ReductionsAreTheMeanAndSumOfTheUnreducedLosses()
    {
        var none = F.HuberLoss(X, Y, Reduction.None);
        AssertClose(none.Mean().Item<double>(), F.HuberLoss(X, Y), 1e-14);
        AssertClose(none.Sum().Item<double>(), F.HuberLoss(X, Y, Reduction.Sum), 1e-14);
        var logP = X.LogSoftmax(1);
        var p = Y.Softmax(1);
        AssertClose(F.KlDiv(logP, p, Reduction.Sum).Item<double>() / 3, F.KlDiv(logP, p, Reduction.BatchMean), 1e-14);
        AssertClose(F.KlDiv(logP, p, Reduction.Sum).Item<double>() / 12, F.KlDiv(logP, p), 1e-14);
        // CTC's mean divides each loss by its target length first.
        var losses = F.CtcLoss(LogProbs, Padded, Lengths(5, 4), Lengths(2, 1), reduction: Reduction.None).ToArray<double>();
        AssertClose((losses[0] / 2 + losses[1]) / 2, F.CtcLoss(LogProbs, Padded, Lengths(5, 4), Lengths(2, 1)), 1e-14);
        AssertClose(losses[0] + losses[1], F.CtcLoss(LogProbs, Padded, [5, 4], [2, 1], reduction: Reduction.Sum), 1e-14);
    }

    [Fact]
    public void OnlyKlDivTakesBatchMean()
    {
        Assert.Contains("BatchMean is not a valid value for reduction", Assert.Throws<ArgumentOutOfRangeException>(() => F.HuberLoss(X, Y, Reduction.BatchMean)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => F.GaussianNllLoss(X, Y, X.Abs(), reduction: Reduction.BatchMean));
        Assert.Throws<ArgumentOutOfRangeException>(() => F.CtcLoss(LogProbs, Padded, Lengths(5, 4), Lengths(2, 1), reduction: Reduction.BatchMean));
        Assert.Throws<ArgumentOutOfRangeException>(() => F.MseLoss(X, Y, Reduction.BatchMean));
        Assert.Throws<ArgumentOutOfRangeException>(() => F.CrossEntropy(X, Y.Softmax(1), reduction: Reduction.BatchMean));
        Assert.Equal([], F.KlDiv(X, Y.Softmax(1), Reduction.BatchMean).ShapeArray);
    }

    [Fact]
    public void BadArgumentsGetPyTorchsMessages()
    {
        Assert.Equal("huber_loss does not support non-positive values for delta. (Parameter 'delta')",
            Assert.Throws<ArgumentOutOfRangeException>(() => F.HuberLoss(X, Y, delta: 0)).Message);
        Assert.StartsWith("smooth_l1_loss does not support negative values for beta.", Assert.Throws<ArgumentOutOfRangeException>(() => F.SmoothL1Loss(X, Y, beta: -1)).Message);
        Assert.Equal("var is of incorrect size", Assert.Throws<ArgumentException>(() => F.GaussianNllLoss(X, Y, Tensor.Ones([3, 2]))).Message);
        Assert.Equal("var has negative entry/entries", Assert.Throws<ArgumentException>(() => F.GaussianNllLoss(X, Y, -Tensor.Ones([3, 4]))).Message);
        Assert.Equal("0D or 1D target tensor expected, multi-target not supported", Assert.Throws<ArgumentException>(() => F.CosineEmbeddingLoss(X, Y, Tensor.Ones([3, 1]))).Message);
        Assert.Equal("0D target tensor expects 1D input tensors, but found inputs with sizes [3, 4] and [3, 4].",
            Assert.Throws<ArgumentException>(() => F.CosineEmbeddingLoss(X, Y, Tensor.Scalar(1.0))).Message);
        Assert.Equal("margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: [3, 4], input2: [4], target: [3, 4] ",
            Assert.Throws<ArgumentException>(() => F.MarginRankingLoss(X, Y[0], Tensor.Ones([3, 4]))).Message);
        Assert.Equal("The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor 2D, positive 2D, and negative 1D inputs",
            Assert.Throws<ArgumentException>(() => F.TripletMarginLoss(X, Y, Y[0])).Message);
        Assert.Equal("kl_div: Integral inputs not supported.", Assert.Throws<ArgumentException>(() => F.KlDiv(X, Y.To(DType.Int64))).Message);
        Assert.StartsWith("expected common dtype to be floating point", Assert.Throws<ArgumentException>(() => F.CosineSimilarity(X.To(DType.Int64), Y.To(DType.Int64))).Message);
    }

    [Fact]
    public void CtcLossChecksItsArgumentsAsPyTorch()
    {
        Tensor Ctc(Tensor targets, Tensor input, Tensor target, int blank = 0) => F.CtcLoss(LogProbs, targets, input, target, blank);
        Assert.StartsWith("blank must be in label range", Assert.Throws<ArgumentOutOfRangeException>(() => Ctc(Padded, Lengths(5, 4), Lengths(2, 1), blank: 4)).Message);
        Assert.StartsWith("Expected input_lengths to have value at most 5, but got value 6 (while checking arguments for ctc_loss_cpu)",
            Assert.Throws<ArgumentOutOfRangeException>(() => Ctc(Padded, Lengths(6, 4), Lengths(2, 1))).Message);
        Assert.Equal("input_lengths must be of size batch_size", Assert.Throws<ArgumentException>(() => Ctc(Padded, Lengths(5, 4, 3), Lengths(2, 1))).Message);
        Assert.Equal("target_lengths must be of size batch_size", Assert.Throws<ArgumentException>(() => Ctc(Padded, Lengths(5, 4), Lengths(2, 1, 1))).Message);
        Assert.Equal("Expected tensor to have size at least 3 at dimension 1, but got size 2 for argument #2 'targets' (while checking arguments for ctc_loss_cpu)",
            Assert.Throws<ArgumentException>(() => Ctc(Padded, Lengths(5, 4), Lengths(3, 1))).Message);
        Assert.Equal("Expected tensor to have size 3 at dimension 0, but got size 4 for argument #2 'targets' (while checking arguments for ctc_loss_cpu)",
            Assert.Throws<ArgumentException>(() => Ctc(Padded.Reshape(-1), Lengths(5, 4), Lengths(2, 1))).Message);
        Assert.Equal("Expected tensor to have size 2 at dimension 0, but got size 3 for argument #2 'targets' (while checking arguments for ctc_loss_cpu)",
            Assert.Throws<ArgumentException>(() => Ctc(Tensor.Zeros([3, 2], DType.Int64), Lengths(5, 4), Lengths(2, 1))).Message);
        Assert.Equal("input_lengths must be integral", Assert.Throws<ArgumentException>(() => Ctc(Padded, Tensor.FromArray(new double[] { 5, 4 }), Lengths(2, 1))).Message);
        Assert.StartsWith("Expected target_lengths to have value at least 0, but got value -1",
            Assert.Throws<ArgumentOutOfRangeException>(() => Ctc(Padded, Lengths(5, 4), Lengths(2, -1))).Message);
        Assert.StartsWith("ctc_loss: target 7 of sample 1 is out of range for 4 classes",
            Assert.Throws<ArgumentOutOfRangeException>(() => Ctc(Tensor.FromArray(new long[] { 1, 2, 7, 0 }, [2, 2]), Lengths(5, 4), Lengths(2, 1))).Message);
        Assert.StartsWith("ctc_loss: expected log_probs to be 3-d", Assert.Throws<ArgumentException>(() => F.CtcLoss(LogProbs[0, 0], Padded, Lengths(5, 4), Lengths(2, 1))).Message);
    }

    [Fact]
    public void CtcLossHandlesEmptyInputsAsPyTorch2()
    {
        // No frames: the empty target costs nothing, any other is impossible (PyTorch 2's special case).
        Assert.Equal([0, double.PositiveInfinity], F.CtcLoss(LogProbs, Padded, Lengths(0, 0), Lengths(0, 1), reduction: Reduction.None).ToArray<double>());
        Assert.Equal([0, 0], F.CtcLoss(LogProbs, Padded, Lengths(0, 0), Lengths(0, 1), reduction: Reduction.None, zeroInfinity: true).ToArray<double>());
    }

    [Fact]
    public void CtcLossHasNoDoubleBackwardAsInPyTorch()
    {
        var logits = Tensor.Randn([5, 2, 4], DType.Float64, requiresGrad: true, generator: new Generator(4));
        var loss = F.CtcLoss(logits.LogSoftmax(2), Padded, Lengths(5, 4), Lengths(2, 1));
        var grad = Autograd.Grad([loss], [logits], createGraph: true)[0]!;
        Assert.Contains("derivative for aten::_ctc_loss_backward is not implemented",
            Assert.Throws<NotSupportedException>(() => grad.Sum().Backward()).Message);
    }

    [Fact]
    public void LossModulesCallTheirFunctionsAndPrintPyTorchsNames()
    {
        var (a, b, c) = (X, Y, Tensor.Randn([3, 4], DType.Float64, generator: new Generator(5)));
        AssertClose(F.HuberLoss(a, b, delta: 0.3).Item<double>(), new HuberLoss(delta: 0.3).Forward(a, b), 0);
        AssertClose(F.SmoothL1Loss(a, b, Reduction.Sum, 2).Item<double>(), new SmoothL1Loss(Reduction.Sum, 2).Forward(a, b), 0);
        AssertClose(F.KlDiv(a, b, Reduction.BatchMean, true).Item<double>(), new KlDivLoss(Reduction.BatchMean, logTarget: true).Forward(a, b), 0);
        AssertClose(F.PoissonNllLoss(a, b.Abs(), full: true).Item<double>(), new PoissonNllLoss(full: true).Forward(a, b.Abs()), 0);
        AssertClose(F.GaussianNllLoss(a, b, c.Abs(), eps: 0.1).Item<double>(), new GaussianNllLoss(eps: 0.1).Forward(a, b, c.Abs()), 0);
        var signs = Tensor.FromArray(new double[] { 1, -1, 1 });
        AssertClose(F.CosineEmbeddingLoss(a, b, signs, 0.5).Item<double>(), new CosineEmbeddingLoss(0.5).Forward(a, b, signs), 0);
        AssertClose(F.MarginRankingLoss(a[0], b[0], signs.Repeat(2)[..4], 0.5).Item<double>(), new MarginRankingLoss(0.5).Forward(a[0], b[0], signs.Repeat(2)[..4]), 0);
        AssertClose(F.TripletMarginLoss(a, b, c, swap: true).Item<double>(), new TripletMarginLoss(swap: true).Forward(a, b, c), 0);
        AssertClose(F.CtcLoss(LogProbs, Padded, Lengths(5, 4), Lengths(2, 1), blank: 3).Item<double>(),
            new CtcLoss(blank: 3).Forward(LogProbs, Padded, Lengths(5, 4), Lengths(2, 1)), 0);
        AssertClose(F.PairwiseDistance(a, b).ToArray<double>(), new PairwiseDistance().Forward(a, b), 0);
        AssertClose(F.CosineSimilarity(a, b).ToArray<double>(), new CosineSimilarity().Forward(a, b), 0);

        Module[] modules = [new KlDivLoss(), new HuberLoss(), new SmoothL1Loss(), new GaussianNllLoss(), new PoissonNllLoss(), new CosineEmbeddingLoss(),
            new MarginRankingLoss(), new TripletMarginLoss(), new CtcLoss(), new PairwiseDistance(), new CosineSimilarity()];
        Assert.Equal(["KLDivLoss()", "HuberLoss()", "SmoothL1Loss()", "GaussianNLLLoss()", "PoissonNLLLoss()", "CosineEmbeddingLoss()",
            "MarginRankingLoss()", "TripletMarginLoss()", "CTCLoss()", "PairwiseDistance()", "CosineSimilarity()"], modules.Select(m => m.ToString()));
        Assert.Contains("CtcLoss.Forward(logProbs, targets, inputLengths, targetLengths)", Assert.Throws<NotSupportedException>(() => new CtcLoss().Forward(a)).Message);
    }
}
