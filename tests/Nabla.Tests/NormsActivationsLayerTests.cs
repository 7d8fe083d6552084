using Nabla.NN;
using static Nabla.Tests.NNTesting;

namespace Nabla.Tests;

/// <summary>
/// Issue 11's normalisation, activation and embedding layers as modules: PyTorch's printing, state-dict keys
/// and initialisation, the module-level behaviours (padding rows, renormalisation, running statistics,
/// unbatched inputs) and the errors for bad arguments. Values and gradients against PyTorch are in
/// <see cref="NormsActivationsFixtureTests"/>, gradchecks in the op table.
/// </summary>
public sealed class NormsActivationsLayerTests
{
    // What PyTorch prints for the same constructions (floats where Nabla's arguments are doubles, as PyTorch 2's defaults are).
    public static TheoryData<string, string> Reprs => new()
    {
        { "RMSNorm((64,), eps=None, elementwise_affine=True)", new RmsNorm(64).ToString() },
        { "RMSNorm((2, 3), eps=1e-06, elementwise_affine=False)", new RmsNorm([2, 3], eps: 1e-6, elementwiseAffine: false).ToString() },
        { "GroupNorm(2, 4, eps=1e-05, affine=True)", new GroupNorm(2, 4).ToString() },
        { "GroupNorm(2, 4, eps=0.001, affine=False)", new GroupNorm(2, 4, eps: 1e-3, affine: false).ToString() },
        { "InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)", new InstanceNorm1d(3).ToString() },
        { "InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new InstanceNorm2d(3, affine: true, trackRunningStats: true).ToString() },
        { "Embedding(10, 3, padding_idx=0)", new Embedding(10, 3, paddingIdx: 0).ToString() },
        { "Embedding(10, 3, max_norm=1.0)", new Embedding(10, 3, maxNorm: 1.0).ToString() },
        { "Embedding(10, 3, padding_idx=9, max_norm=2.0, norm_type=1.0, scale_grad_by_freq=True)",
            new Embedding(10, 3, paddingIdx: -1, maxNorm: 2, normType: 1, scaleGradByFreq: true).ToString() },
        { "EmbeddingBag(10, 3, mode=mean)", new EmbeddingBag(10, 3).ToString() },
        { "EmbeddingBag(10, 3, max_norm=1.5, mode=sum, padding_idx=2)", new EmbeddingBag(10, 3, maxNorm: 1.5, mode: "sum", paddingIdx: 2).ToString() },
        { "GELU(approximate='none')", new Gelu().ToString() },
        { "GELU(approximate='tanh')", new Gelu(approximate: "tanh").ToString() },
        { "Softplus(beta=1.0, threshold=20.0)", new Softplus().ToString() },
        { "Softplus(beta=2.0, threshold=10.0)", new Softplus(2, 10).ToString() },
        { "ELU(alpha=1.0)", new Elu().ToString() },
        { "ELU(alpha=0.5)", new Elu(0.5).ToString() },
        { "SELU()", new Selu().ToString() },
        { "CELU(alpha=1.0)", new Celu().ToString() },
        { "Mish()", new Mish().ToString() },
        { "PReLU(num_parameters=1)", new PRelu().ToString() },
        { "PReLU(num_parameters=3)", new PRelu(3, 0.1).ToString() },
        { "Hardswish()", new Hardswish().ToString() },
        { "Hardsigmoid()", new Hardsigmoid().ToString() },
        { "Hardtanh(min_val=-1.0, max_val=1.0)", new Hardtanh().ToString() },
        { "Hardtanh(min_val=-2.0, max_val=3.0)", new Hardtanh(-2, 3).ToString() },
        { "ReLU6()", new Relu6().ToString() },
        { "LogSigmoid()", new LogSigmoid().ToString() },
        { "GLU(dim=-1)", new Glu().ToString() },
        { "GLU(dim=1)", new Glu(1).ToString() },
        { "Softsign()", new Softsign().ToString() },
        { "Tanhshrink()", new Tanhshrink().ToString() },
    };

    [Theory]
    [MemberData(nameof(Reprs))]
    public void PrintsAsPyTorch(string expected, string actual) => Assert.Equal(expected, actual);

    [Fact]
    public void StateDictKeysAndInitialisationAreTorchs()
    {
        Assert.Equal(["weight"], new RmsNorm(4).StateDict().Keys);
        Assert.Empty(new RmsNorm(4, elementwiseAffine: false).StateDict());
        Assert.Equal(["weight", "bias"], new GroupNorm(2, 4).StateDict().Keys);
        Assert.Empty(new GroupNorm(2, 4, affine: false).StateDict());
        Assert.Empty(new InstanceNorm1d(3).StateDict());
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"],
            new InstanceNorm2d(3, affine: true, trackRunningStats: true).StateDict().Keys);
        Assert.Equal(["weight"], new PRelu(3).StateDict().Keys);
        Assert.Equal(["weight"], new EmbeddingBag(5, 2).StateDict().Keys);
        Assert.Empty(new Gelu("tanh").StateDict());

        var norm = new InstanceNorm2d(3, affine: true, trackRunningStats: true);
        Assert.Equal([1f, 1f, 1f], norm.Weight!.ToArray<float>());
        Assert.Equal([0f, 0f, 0f], norm.Bias!.ToArray<float>());
        Assert.Equal([0f, 0f, 0f], norm.RunningMean!.ToArray<float>());
        Assert.Equal([1f, 1f, 1f], norm.RunningVar!.ToArray<float>());
        Assert.Equal([1f, 1f, 1f, 1f], new GroupNorm(2, 4).Weight!.ToArray<float>());
        Assert.Equal([1f, 1f, 1f, 1f, 1f, 1f], new RmsNorm([2, 3]).Weight!.ToArray<float>());
        var prelu = new PRelu(3, init: 0.1);
        Assert.Equal([0.1f, 0.1f, 0.1f], prelu.Weight.ToArray<float>());
        Assert.Equal([prelu.Weight], prelu.Parameters());
    }

    [Fact]
    public void EmbeddingTablesStartNormalWithAZeroPaddingRow()
    {
        foreach (var weight in new[] { new Embedding(200, 10, paddingIdx: -3, generator: new Generator(0)).Weight, new EmbeddingBag(200, 10, paddingIdx: 197, generator: new Generator(0)).Weight })
        {
            Assert.All(weight.Select(0, 197).ToArray<float>(), v => Assert.Equal(0f, v));
            var values = weight.ToArray<float>();
            Assert.InRange(values.Average(v => (double)v), -0.1, 0.1);
            Assert.InRange(Math.Sqrt(values.Average(v => (double)v * v)), 0.93, 1.07);   // N(0, 1), but for one row in 200
            Assert.True(weight.IsLeaf && weight.RequiresGrad);
        }
        Assert.Equal(197, new Embedding(200, 10, paddingIdx: -3).PaddingIdx);
    }

    [Fact]
    public void EmbeddingPaddingRowGetsNoGradientAndMaxNormRenormalisesTheLookedUpRowsInPlace()
    {
        var embed = new Embedding(4, 2, paddingIdx: 1, maxNorm: 1.0);
        using (Autograd.NoGrad()) embed.Weight.CopyFromInPlace(Tensor.FromArray(new float[] { 3, 4, 0.6f, 0.8f, 0.3f, 0.4f, 6, 8 }, [4, 2]));
        var output = embed.Forward(Tensor.FromArray(new long[] { 0, 1, 2, 1 }));
        Assert.Equal("EmbeddingBackward0", output.GradFn!.Name);
        // Row 0 (norm 5) was looked up and rescaled to norm 1; row 3 (norm 10) was not looked up and stays.
        AssertClose([0.6 * (5 / (5 + 1e-7)), 0.8 * (5 / (5 + 1e-7)), 0.6, 0.8, 0.3, 0.4, 6, 8], embed.Weight, 1e-6);
        output.Sum().Backward();
        AssertClose([1, 1, 0, 0, 1, 1, 0, 0], embed.Weight.Grad!);
    }

    [Fact]
    public void EmbeddingBagForwardTakesOffsetsAndPerSampleWeights()
    {
        var bag = new EmbeddingBag(3, 2, mode: "sum");
        using (Autograd.NoGrad()) bag.Weight.CopyFromInPlace(Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]));
        var output = bag.Forward(Tensor.FromArray(new long[] { 0, 2, 1 }), Tensor.FromArray(new long[] { 0, 1 }), Tensor.FromArray(new float[] { 2, 1, -1 }));
        Assert.Equal("EmbeddingBagBackward0", output.GradFn!.Name);
        AssertClose([2, 4, 2, 2], output);   // [2·row 0], [row 2 - row 1]
        var max = new EmbeddingBag(3, 2, mode: "max");
        using (Autograd.NoGrad()) max.Weight.CopyFromInPlace(Tensor.FromArray(new float[] { 1, 6, 3, 4, 5, 2 }, [3, 2]));
        AssertClose([3, 6, 5, 4], max.Forward(Tensor.FromArray(new long[] { 0, 1, 1, 2 }, [2, 2])));
    }

    [Fact]
    public void EmbeddingBagScalesEachLookupsGradientByItsRowsFrequency()
    {
        // Bags [1, 3], [], [1, 0, 2], [3, 3, 4]; rows 1 and 3 are looked up 2 and 3 times. (PyTorch 1.13's CPU
        // backward divides rows 2-4 by the count of the row before: these are the values its formula gives.)
        var weight = Tensor.Randn([5, 3], DType.Float64, requiresGrad: true);
        var output = F.EmbeddingBag(Tensor.FromArray(new long[] { 1, 3, 1, 0, 2, 3, 3, 4 }), weight, Tensor.FromArray(new long[] { 0, 2, 2, 5 }),
            mode: "sum", scaleGradByFreq: true);
        output.Backward(Tensor.FromArray(new double[] { 1, 10, 100, 1000 }).Unsqueeze(1).Expand(4, 3));
        AssertClose([100, 101 / 2.0, 100, 2001 / 3.0, 1000], weight.Grad!.Select(1, 0), 1e-12);
    }

    [Fact]
    public void InstanceNormTakesUnbatchedInputsAndKeepsRunningStatisticsWhenAsked()
    {
        var x = Tensor.Randn([2, 3, 5], generator: new Generator(1));
        var plain = new InstanceNorm1d(3);
        AssertClose(plain.Forward(x).Select(0, 1).ToArray<float>().Select(v => (double)v).ToArray(), plain.Forward(x.Select(0, 1)), 1e-6);
        Assert.Equal("ViewBackward0", plain.Forward(x.Detach().RequiresGradInPlace()).GradFn!.Name);

        var tracked = new InstanceNorm1d(3, momentum: 0.5, trackRunningStats: true);
        tracked.Forward(x);
        var sampleMeans = x.Mean(2).Mean(0).ToArray<float>();
        AssertClose(sampleMeans.Select(m => 0.5 * m).ToArray(), tracked.RunningMean!, 1e-6);
        Assert.Equal(0L, tracked.StateDict()["num_batches_tracked"].Item<long>());   // instance norm never counts, as in PyTorch
        tracked.Eval();
        var running = F.InstanceNorm(x, tracked.RunningMean, tracked.RunningVar, useInputStats: false);
        AssertClose(running.ToArray<float>().Select(v => (double)v).ToArray(), tracked.Forward(x), 1e-6);
    }

    [Fact]
    public void ActivationModulesCallTheirFunctionsAndRecordPyTorchsNodes()
    {
        var x = Tensor.FromArray(new float[] { -2, -0.5f, 0.5f, 2 }, [1, 2, 2], requiresGrad: true);
        (Module Layer, string Node)[] layers =
        [
            (new Gelu("tanh"), "GeluBackward0"), (new Softplus(), "SoftplusBackward0"), (new Elu(), "EluBackward0"), (new Selu(), "EluBackward0"),
            (new Celu(2), "CeluBackward0"), (new Mish(), "MishBackward0"), (new PRelu(2), "PreluKernelBackward0"), (new Hardswish(), "HardswishBackward0"),
            (new Hardsigmoid(), "HardsigmoidBackward0"), (new Hardtanh(), "HardtanhBackward0"), (new Relu6(), "HardtanhBackward0"),
            (new LogSigmoid(), "LogSigmoidBackward0"), (new Glu(), "GluBackward0"), (new Softsign(), "DivBackward0"), (new Tanhshrink(), "SubBackward0"),
            (new GroupNorm(1, 2), "NativeGroupNormBackward0"), (new RmsNorm(2), "MulBackward0"),
        ];
        foreach (var (layer, node) in layers) Assert.Equal(node, layer.Call(x).GradFn!.Name);
        AssertClose([-0.5, -0.125, 0.5, 2], new PRelu().Forward(x.Detach()));
        var slope = new PRelu(2);
        slope.Forward(x).Sum().Backward();
        AssertClose([-2.5, 0], slope.Weight.Grad!);   // Σ x over each channel's negative entries
    }

    [Fact]
    public void RmsNormDefaultEpsIsTheDtypesMachineEpsilon()
    {
        var zeros = Tensor.Zeros([2, 3]);
        // x/√(0 + eps) = 0 for x = 0, and a 1e-4 entry is divided by √(1e-8/3 + eps): eps shows in the last digits only.
        var x = Tensor.FromArray(new double[] { 1e-4, 0, 0 }, [1, 3]);
        AssertClose([1e-4 / Math.Sqrt(1e-8 / 3 + 2.220446049250313e-16), 0, 0], F.RmsNorm(x, [3]), 1e-12);
        var x32 = x.To(DType.Float32);
        AssertClose([1e-4 / Math.Sqrt(1e-8 / 3 + 1.1920928955078125e-07), 0, 0], F.RmsNorm(x32, [3]), 1e-5);
        Assert.All(F.RmsNorm(zeros, [3]).ToArray<float>(), v => Assert.Equal(0f, v));
        var rsqrt = F.RmsNorm(x.Detach().RequiresGradInPlace(), [3]).GradFn!.NextFunctions[1].Node!;
        Assert.Equal(["RsqrtBackward0", "AddBackward1", "MeanBackward1", "PowBackward0"], Chain(rsqrt, 4));
    }

    private static string[] Chain(Node node, int length)
    {
        var names = new List<string>();
        for (Node? n = node; n is not null && names.Count < length; n = n.NextFunctions[0].Node) names.Add(n.Name);
        return [.. names];
    }

    [Fact]
    public void BadArgumentsThrowClearErrors()
    {
        var x = Tensor.Randn([2, 4, 3]);
        Assert.Contains("divisible by num_groups", Assert.Throws<ArgumentException>(() => new GroupNorm(3, 4)).Message);
        Assert.Contains("divisible by num_groups", Assert.Throws<ArgumentException>(() => F.GroupNorm(x, 3)).Message);
        Assert.Contains("weight to be a vector of size equal to the number of channels", Assert.Throws<ArgumentException>(() => F.GroupNorm(x, 2, Tensor.Ones(3))).Message);
        Assert.Contains("at least 2 dimensions", Assert.Throws<ArgumentException>(() => F.GroupNorm(Tensor.Ones(4), 2)).Message);
        Assert.Contains("expected 3D or 4D input (got 2D input)", Assert.Throws<ArgumentException>(() => new InstanceNorm2d(4).Forward(Tensor.Ones(4, 3))).Message);
        Assert.Contains("to match num_features (5)", Assert.Throws<ArgumentException>(() => new InstanceNorm1d(5, affine: true).Forward(x)).Message);
        Assert.Contains("more than 1 spatial element", Assert.Throws<ArgumentException>(() => F.InstanceNorm(Tensor.Ones(2, 3, 1))).Message);
        Assert.Contains("normalized_shape=[4]", Assert.Throws<ArgumentException>(() => F.RmsNorm(x, [4])).Message);
        Assert.Contains("Expected weight to be of same shape", Assert.Throws<ArgumentException>(() => F.RmsNorm(x, [3], Tensor.Ones(2))).Message);
        Assert.Contains("approximate argument must be either none or tanh", Assert.Throws<ArgumentException>(() => F.Gelu(x, "erf")).Message);
        Assert.Throws<ArgumentException>(() => new Gelu("sigmoid"));
        Assert.Contains("Halving dimension must be even, but dimension 2 is size 3", Assert.Throws<ArgumentException>(() => F.Glu(x)).Message);
        Assert.Contains("Found parameter numbers = 3 and channel size = 4", Assert.Throws<ArgumentException>(() => F.PRelu(x, Tensor.Ones(3))).Message);
        Assert.Contains("min_val cannot be greater than max_val", Assert.Throws<ArgumentException>(() => F.Hardtanh(x, 1, -1)).Message);
        Assert.Throws<ArgumentException>(() => new Hardtanh(1, 1));
        Assert.Contains("alpha cannot be 0", Assert.Throws<ArgumentException>(() => F.Celu(x, 0)).Message);
        Assert.Contains("floating point", Assert.Throws<ArgumentException>(() => F.Softplus(Tensor.FromArray(new long[] { 1 }))).Message);

        var table = Tensor.Randn([5, 2]);
        var indices = Tensor.FromArray(new long[] { 0, 4, 2 });
        Assert.Contains("Padding_idx must be within num_embeddings", Assert.Throws<ArgumentOutOfRangeException>(() => F.Embedding(indices, table, paddingIdx: 5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(5, 2, paddingIdx: -6));
        Assert.Contains("offsets has to be None", Assert.Throws<ArgumentException>(() => F.EmbeddingBag(indices.View(1, 3), table, Tensor.FromArray(new long[] { 0 }))).Message);
        Assert.Contains("offsets has to be a 1D Tensor but got None", Assert.Throws<ArgumentException>(() => F.EmbeddingBag(indices, table)).Message);
        Assert.Contains("offsets[0] has to be 0", Assert.Throws<ArgumentException>(() => F.EmbeddingBag(indices, table, Tensor.FromArray(new long[] { 1, 2 }))).Message);
        Assert.Contains("offsets[-1] can not be greater than input's length 3", Assert.Throws<ArgumentException>(() => F.EmbeddingBag(indices, table, Tensor.FromArray(new long[] { 0, 4 }))).Message);
        Assert.Contains("mode has to be one of sum, mean or max", Assert.Throws<ArgumentException>(() => F.EmbeddingBag(indices, table, Tensor.FromArray(new long[] { 0 }), mode: "min")).Message);
        Assert.Contains("only supported for mode='sum' (got mode='mean')",
            Assert.Throws<NotSupportedException>(() => F.EmbeddingBag(indices, table, Tensor.FromArray(new long[] { 0 }), perSampleWeights: Tensor.Ones(3))).Message);
        Assert.Contains("must have the same shape as the input",
            Assert.Throws<ArgumentException>(() => F.EmbeddingBag(indices, table, Tensor.FromArray(new long[] { 0 }), mode: "sum", perSampleWeights: Tensor.Ones(2))).Message);
        Assert.Contains("max mode does not support scaling the gradient",
            Assert.Throws<ArgumentException>(() => F.EmbeddingBag(indices, table, Tensor.FromArray(new long[] { 0 }), mode: "max", scaleGradByFreq: true)).Message);
        // A failed call leaves the table as it was (max_norm renormalises only after every check).
        var before = table.ToArray<float>();
        Assert.Throws<NotSupportedException>(() => F.EmbeddingBag(indices, table, Tensor.FromArray(new long[] { 0 }), maxNorm: 0.1, perSampleWeights: Tensor.Ones(3)));
        Assert.Equal(before, table.ToArray<float>());
    }
}
