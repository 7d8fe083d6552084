using Nabla.NN;
using static Nabla.Tests.NNTesting;

namespace Nabla.Tests;

/// <summary>Loss values against hand-derived numbers, reductions, weights, ignored targets, stability, node names and errors.</summary>
public sealed class NNLossTests
{
    // log(e¹ + e² + e³) - 3 and log 3: the cross-entropies of logits (1, 2, 3) at class 2 and of (0, 0, 0).
    private const double CeOf123At2 = 0.4076059644443806;
    private static readonly double Log3 = Math.Log(3);

    private static readonly Tensor Logits = Doubles([1, 2, 3, 0, 0, 0], 2, 3);

    [Fact]
    public void CrossEntropyOfKnownLogits()
    {
        AssertClose(CeOf123At2, F.CrossEntropy(Doubles([1, 2, 3], 3), Tensor.Scalar(2L)), 1e-12);
        var targets = Tensor.FromArray(new long[] { 2, 1 });
        AssertClose((CeOf123At2 + Log3) / 2, F.CrossEntropy(Logits, targets), 1e-12);
        AssertClose(CeOf123At2 + Log3, F.CrossEntropy(Logits, targets, reduction: Reduction.Sum), 1e-12);
        AssertClose([CeOf123At2, Log3], F.CrossEntropy(Logits, targets, reduction: Reduction.None), 1e-12);
        // Weighted mean: Σ w[y]·loss / Σ w[y] with w = (1, 2, 3).
        var weight = Tensor.FromArray(new double[] { 1, 2, 3 });
        AssertClose((3 * CeOf123At2 + 2 * Log3) / 5, F.CrossEntropy(Logits, targets, weight), 1e-12);
        // An ignored target counts neither in the sum nor in the count.
        AssertClose(CeOf123At2, F.CrossEntropy(Logits, Tensor.FromArray(new long[] { 2, -100 })), 1e-12);
        AssertClose(CeOf123At2, F.CrossEntropy(Logits, Tensor.FromArray(new long[] { 2, 0 }), ignoreIndex: 0), 1e-12);
        // Probability targets: a one-hot target gives the class-index loss.
        AssertClose((CeOf123At2 + Log3) / 2, F.CrossEntropy(Logits, Doubles([0, 0, 1, 0, 1, 0], 2, 3)), 1e-12);
    }

    [Fact]
    public void LabelSmoothingMixesInTheUniformTarget()
    {
        // (1 - ε)·nll + ε/C·(-Σ log p), with log p = (1, 2, 3) - (3 + CeOf123At2).
        double sumOfLogProbabilities = 6 - 3 * (3 + CeOf123At2);
        double expected = 0.9 * CeOf123At2 + 0.1 / 3 * -sumOfLogProbabilities;
        AssertClose(expected, F.CrossEntropy(Doubles([1, 2, 3], 1, 3), Tensor.FromArray(new long[] { 2 }), labelSmoothing: 0.1), 1e-12);
        Assert.Contains("label_smoothing must be between 0.0 and 1.0",
            Assert.Throws<ArgumentException>(() => F.CrossEntropy(Logits, Tensor.FromArray(new long[] { 0, 0 }), labelSmoothing: 1.5)).Message);
    }

    [Fact]
    public void NllLossIsTheWeightedMeanOfPickedLogProbabilities()
    {
        var logProbabilities = Doubles([-1, -2, -3, -4, -5, -6], 2, 3);
        var targets = Tensor.FromArray(new long[] { 0, 2 });
        var weight = Tensor.FromArray(new double[] { 2, 1, 3 });
        AssertClose((2 * 1 + 3 * 6) / 5.0, F.NllLoss(logProbabilities, targets, weight));
        AssertClose(20, F.NllLoss(logProbabilities, targets, weight, reduction: Reduction.Sum));
        AssertClose([2, 18], F.NllLoss(logProbabilities, targets, weight, reduction: Reduction.None));
        var x = logProbabilities.RequiresGradInPlace();
        Assert.Equal("NllLossBackward0", F.NllLoss(x, targets).GradFn!.Name);
        Assert.Equal("NllLossBackward0", F.CrossEntropy(x, targets).GradFn!.Name);
        Assert.Equal("LogSoftmaxBackward0", F.CrossEntropy(x, targets).GradFn!.NextFunctions[0].Node!.Name);
        Assert.Equal("NllLoss2DBackward0", F.NllLoss(Tensor.Randn([2, 3, 2, 2], requiresGrad: true), Tensor.Zeros([2, 2, 2], DType.Int64)).GradFn!.Name);
    }

    [Fact]
    public void ClassLossErrorsNameTheShapes()
    {
        var x = Tensor.Randn([3, 4]);
        Assert.Contains("Target 4 is out of bounds", Assert.Throws<ArgumentOutOfRangeException>(() => F.NllLoss(x, Tensor.FromArray(new long[] { 0, 4, 1 }))).Message);
        Assert.Contains("Expected input batch_size (3) to match target batch_size (2)", Assert.Throws<ArgumentException>(() => F.CrossEntropy(x, Tensor.FromArray(new long[] { 0, 1 }))).Message);
        Assert.Contains("weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: [3]",
            Assert.Throws<ArgumentException>(() => F.CrossEntropy(x, Tensor.FromArray(new long[] { 0, 1, 2 }), Tensor.Ones([3]))).Message);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => F.NllLoss(x, Tensor.Zeros([3]))).Message);
        Assert.Throws<NotSupportedException>(() => F.CrossEntropy(x, Tensor.FromArray(new long[] { 0, 1, 2 }), Tensor.Ones([4], requiresGrad: true)));
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsIsStableAtHundred()
    {
        var x = Doubles([100, -100, 100, -100], 4).RequiresGradInPlace();
        var target = Doubles([0, 1, 1, 0], 4);
        AssertClose([100, 100, 0, 0], F.BinaryCrossEntropyWithLogits(x, target, reduction: Reduction.None), 1e-12);
        var loss = F.BinaryCrossEntropyWithLogits(x, target);
        Assert.Equal("BinaryCrossEntropyWithLogitsBackward0", loss.GradFn!.Name);
        loss.Backward();
        AssertClose([0.25, -0.25, 0, 0], x.Grad!, 1e-12);   // (σ(x) - y) / 4
        // pos_weight p scales the positive term: at x = 0, y = 1 the loss is p·log 2.
        AssertClose(3 * Math.Log(2), F.BinaryCrossEntropyWithLogits(Doubles([0], 1), Doubles([1], 1), posWeight: Doubles([3], 1)), 1e-12);
        // weight scales every element.
        AssertClose(2 * Math.Log(2), F.BinaryCrossEntropyWithLogits(Doubles([0], 1), Doubles([0], 1), Doubles([2], 1)), 1e-12);
    }

    [Fact]
    public void BinaryCrossEntropyClampsItsLogs()
    {
        AssertClose([Math.Log(2), -Math.Log(0.1)], F.BinaryCrossEntropy(Doubles([0.5, 0.9], 2), Doubles([1, 0], 2), reduction: Reduction.None), 1e-12);
        AssertClose([100, 0], F.BinaryCrossEntropy(Doubles([0, 1], 2), Doubles([1, 1], 2), reduction: Reduction.None));   // log 0 clamped to -100
        Assert.Equal("BinaryCrossEntropyBackward0", F.BinaryCrossEntropy(Doubles([0.5], 1).RequiresGradInPlace(), Doubles([1], 1)).GradFn!.Name);
        Assert.Contains("between 0 and 1", Assert.Throws<ArgumentException>(() => F.BinaryCrossEntropy(Doubles([1.5], 1), Doubles([1], 1))).Message);
        Assert.Contains("different to the input size", Assert.Throws<ArgumentException>(() => F.BinaryCrossEntropy(Doubles([0.5, 0.5], 2), Doubles([1], 1))).Message);
    }

    [Fact]
    public void RegressionLossesAndTheirNodes()
    {
        var x = Doubles([1, -2], 2).RequiresGradInPlace();
        var zero = Tensor.Zeros([2], DType.Float64);
        AssertClose(2.5, F.MseLoss(x, zero));
        AssertClose(5, F.MseLoss(x, zero, Reduction.Sum));
        AssertClose([1, 4], F.MseLoss(x, zero, Reduction.None));
        AssertClose(1.5, F.L1Loss(x, zero));
        AssertClose([1, 2], F.L1Loss(x, zero, Reduction.None));
        Assert.Equal("MseLossBackward0", F.MseLoss(x, zero).GradFn!.Name);
        Assert.Equal("MeanBackward0", F.L1Loss(x, zero).GradFn!.Name);   // PyTorch composes l1_loss: abs, then mean
        Assert.Equal(2.25, F.MseLoss(x, Tensor.Scalar(-0.5, DType.Float64)).Item<double>(), 12);   // the target broadcasts: (1.5² + 1.5²) / 2
    }
}
