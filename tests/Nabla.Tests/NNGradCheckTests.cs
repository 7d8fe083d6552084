using Nabla.NN;
using static Nabla.Tests.NNTesting;

namespace Nabla.Tests;

/// <summary>
/// Finite-difference checks of every NN op's derivative rule in float64, first and second order (every
/// rule is written in differentiable ops), one table row per op and configuration.
/// </summary>
public sealed class NNGradCheckTests
{
    private sealed record Case(Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs);

    private static readonly Tensor Classes = Tensor.FromArray(new long[] { 2, 0, 1, 2 });
    private static readonly Tensor ClassesWithIgnored = Tensor.FromArray(new long[] { 2, -100, 1, 0 });
    private static readonly Tensor ClassWeight = Tensor.FromArray(new double[] { 0.5, 2.0, 1.5 });

    // Values in (0.1, 0.9) for probabilities and binary targets, drawn from a seed.
    private static Tensor Probabilities(int seed, params int[] shape)
        => (Tensor.Rand(shape, DType.Float64, generator: new Generator(seed)) * 0.8 + 0.1).RequiresGradInPlace();

    // A dropout whose mask is the same in every call (finite differences re-run the function).
    private static Tensor SeededDropout(Tensor x) => F.Dropout(x, 0.4, generator: new Generator(7));

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["gelu"] = new(x => F.Gelu(x[0]), () => [Randn(1, 3, 4) * 2]),
        ["silu"] = new(x => F.Silu(x[0]), () => [Randn(2, 3, 4)]),
        ["leaky_relu"] = new(x => F.LeakyRelu(x[0], 0.2), () => [Randn(3, 3, 4)]),
        ["linear"] = new(x => F.Linear(x[0], x[1], x[2]), () => [Randn(4, 3, 5), Randn(5, 2, 5), Randn(6, 2)]),
        ["linear_3d_no_bias"] = new(x => F.Linear(x[0], x[1]), () => [Randn(7, 2, 3, 4), Randn(8, 2, 4)]),
        ["linear_1d"] = new(x => F.Linear(x[0], x[1], x[2]), () => [Randn(9, 4), Randn(10, 3, 4), Randn(11, 3)]),
        ["conv"] = new(x => F.Conv2d(x[0], x[1], x[2]), () => [Randn(12, 2, 2, 5, 4), Randn(13, 3, 2, 3, 2), Randn(14, 3)]),
        ["conv_stride_padding"] = new(x => F.Conv2d(x[0], x[1], x[2], stride: 2, padding: 1), () => [Randn(15, 1, 2, 5, 5), Randn(16, 2, 2, 3, 3), Randn(17, 2)]),
        ["conv_dilation"] = new(x => F.Conv2d(x[0], x[1], dilation: 2, padding: 1), () => [Randn(18, 1, 1, 6, 6), Randn(19, 2, 1, 3, 3)]),
        ["conv_groups"] = new(x => F.Conv2d(x[0], x[1], x[2], groups: 2), () => [Randn(20, 2, 4, 4, 4), Randn(21, 4, 2, 2, 2), Randn(22, 4)]),
        ["conv_pointwise"] = new(x => F.Conv2d(x[0], x[1]), () => [Randn(23, 2, 3, 3, 3), Randn(24, 2, 3, 1, 1)]),
        ["conv_direct_wide_rows"] = new(x => F.Conv2d(x[0], x[1], x[2], padding: 2), () => [Randn(29, 2, 2, 6, 21), Randn(30, 3, 2, 5, 5), Randn(31, 3)]),
        ["conv_direct_mid_rows"] = new(x => F.Conv2d(x[0], x[1], padding: 1), () => [Randn(32, 1, 3, 4, 7), Randn(33, 2, 3, 3, 3)]),
        ["conv_unbatched"] = new(x => F.Conv2d(x[0], x[1], padding: 1), () => [Randn(25, 1, 3, 3), Randn(26, 2, 1, 2, 2)]),
        ["max_pool"] = new(x => F.MaxPool2d(x[0], 2), () => [Randn(27, 2, 2, 4, 4)]),
        ["max_pool_strided_padded"] = new(x => F.MaxPool2d(x[0], 3, 2, 1), () => [Randn(28, 1, 2, 5, 5)]),
        ["avg_pool"] = new(x => F.AvgPool2d(x[0], 2), () => [Randn(29, 2, 2, 4, 4)]),
        ["avg_pool_strided_padded"] = new(x => F.AvgPool2d(x[0], 3, 2, 1), () => [Randn(30, 1, 2, 5, 5)]),
        ["adaptive_avg_pool"] = new(x => F.AdaptiveAvgPool2d(x[0], (2, 3)), () => [Randn(31, 1, 2, 5, 7)]),
        ["batch_norm_train"] = new(x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true), () => [Randn(32, 4, 3), Randn(33, 3), Randn(34, 3)]),
        ["batch_norm_train_2d"] = new(x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true), () => [Randn(35, 2, 2, 2, 3), Randn(36, 2), Randn(37, 2)]),
        ["batch_norm_train_no_affine"] = new(x => F.BatchNorm(x[0], null, null, training: true), () => [Randn(38, 3, 2, 2)]),
        ["batch_norm_eval"] = new(x => F.BatchNorm(x[0], Tensor.FromArray(new double[] { 0.5, -1 }), Tensor.FromArray(new double[] { 2, 0.5 }), x[1], x[2]),
            () => [Randn(39, 3, 2, 2), Randn(40, 2), Randn(41, 2)]),
        ["layer_norm"] = new(x => F.LayerNorm(x[0], [3], x[1], x[2]), () => [Randn(42, 2, 2, 3), Randn(43, 3), Randn(44, 3)]),
        ["layer_norm_2d_no_affine"] = new(x => F.LayerNorm(x[0], [2, 3]), () => [Randn(45, 2, 2, 3)]),
        ["embedding"] = new(x => F.Embedding(Tensor.FromArray(new long[] { 1, 3, 1, 0, 2, 3 }, [2, 3]), x[0]), () => [Randn(46, 4, 2)]),
        ["dropout"] = new(x => SeededDropout(x[0]), () => [Randn(47, 4, 5)]),
        ["mse_mean"] = new(x => F.MseLoss(x[0], x[1]), () => [Randn(48, 3, 4), Randn(49, 3, 4)]),
        ["mse_sum_broadcast"] = new(x => F.MseLoss(x[0], x[1], Reduction.Sum), () => [Randn(50, 3, 4), Randn(51, 4)]),
        ["mse_none"] = new(x => F.MseLoss(x[0], x[1], Reduction.None), () => [Randn(52, 2, 3), Randn(53, 2, 3)]),
        ["l1"] = new(x => F.L1Loss(x[0], x[1]), () => [Randn(54, 3, 4), Randn(55, 3, 4)]),
        ["bce"] = new(x => F.BinaryCrossEntropy(x[0], x[1]), () => [Probabilities(56, 3, 4), Probabilities(57, 3, 4)]),
        ["bce_weighted_none"] = new(x => F.BinaryCrossEntropy(x[0], x[1], Tensor.FromArray(new double[] { 1, 2, 0.5, 3 }), Reduction.None),
            () => [Probabilities(58, 2, 4), Probabilities(59, 2, 4)]),
        ["bce_with_logits"] = new(x => F.BinaryCrossEntropyWithLogits(x[0], x[1]), () => [Randn(60, 3, 4) * 3, Probabilities(61, 3, 4)]),
        ["bce_with_logits_weights"] = new(x => F.BinaryCrossEntropyWithLogits(x[0], x[1], Tensor.FromArray(new double[] { 1, 2, 0.5 }),
            Tensor.FromArray(new double[] { 3, 0.5, 1 }), Reduction.Sum), () => [Randn(62, 2, 3) * 3, Probabilities(63, 2, 3)]),
        ["nll"] = new(x => F.NllLoss(x[0], Classes), () => [Randn(64, 4, 3)]),
        ["nll_weighted_ignore"] = new(x => F.NllLoss(x[0], ClassesWithIgnored, ClassWeight), () => [Randn(65, 4, 3)]),
        ["nll_none"] = new(x => F.NllLoss(x[0], Classes, reduction: Reduction.None), () => [Randn(66, 4, 3)]),
        ["nll_4d_sum"] = new(x => F.NllLoss(x[0], Tensor.FromArray(new long[] { 0, 2, 1, 1 }, [1, 2, 2]), reduction: Reduction.Sum), () => [Randn(67, 1, 3, 2, 2)]),
        ["cross_entropy"] = new(x => F.CrossEntropy(x[0], Classes), () => [Randn(68, 4, 3)]),
        ["cross_entropy_weighted_ignore"] = new(x => F.CrossEntropy(x[0], ClassesWithIgnored, ClassWeight), () => [Randn(69, 4, 3)]),
        ["cross_entropy_smoothing"] = new(x => F.CrossEntropy(x[0], ClassesWithIgnored, ClassWeight, labelSmoothing: 0.2), () => [Randn(70, 4, 3)]),
        ["cross_entropy_smoothing_none"] = new(x => F.CrossEntropy(x[0], Classes, reduction: Reduction.None, labelSmoothing: 0.1), () => [Randn(71, 4, 3)]),
        ["cross_entropy_probabilities"] = new(x => F.CrossEntropy(x[0], x[1].Softmax(1), labelSmoothing: 0.1), () => [Randn(72, 3, 4), Randn(73, 3, 4)]),
        ["cross_entropy_1d"] = new(x => F.CrossEntropy(x[0], Tensor.Scalar(1L)), () => [Randn(74, 5)]),
    };

    /// <summary>Every case.</summary>
    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void FirstDerivativesMatchFiniteDifferences(string name)
    {
        var c = Cases[name];
        Assert.True(Autograd.GradCheck(c.F, Leaves(c.Inputs())));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SecondDerivativesMatchFiniteDifferences(string name)
    {
        var c = Cases[name];
        Assert.True(Autograd.GradGradCheck(c.F, Leaves(c.Inputs())));
    }

    // Inputs built by arithmetic (Randn(...) * 2) are not leaves: detach them into fresh leaves.
    private static Tensor[] Leaves(Tensor[] inputs) => [.. inputs.Select(t => t.Detach().Clone().RequiresGradInPlace())];
}
