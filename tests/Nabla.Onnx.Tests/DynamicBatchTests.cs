using Microsoft.ML.OnnxRuntime;
using Nabla.NN;
using static Nabla.Onnx.Tests.OnnxRuntimeOracle;

namespace Nabla.Onnx.Tests;

/// <summary>dynamicBatch: true names dim 0 "batch"; the exported model then runs at other batch sizes with Nabla's outputs.</summary>
public sealed class DynamicBatchTests
{
    private static readonly Dictionary<string, (Func<Module> Model, Func<int, Tensor> Input)> s_models = new()
    {
        ["mlp"] = (() => new Sequential(new Linear(4, 8), new Relu(), new Linear(8, 3)), b => Randn(b, 4)),
        ["cnn with batch norm"] = (() => new Sequential(new Conv2d(2, 4, 3), new BatchNorm2d(4), new Relu(), new MaxPool2d(2), new Flatten(), new Linear(144, 5), new Dropout()),
            b => Randn(b, 2, 14, 14)),
        ["layer norm on a sequence"] = (() => new Sequential(new Linear(6, 16), new LayerNorm(16), new Gelu(), new Linear(16, 5), new LogSoftmax(-1)), b => Randn(b, 3, 6)),
        ["embedding"] = (() => new Sequential(new Embedding(10, 4), new Flatten(), new Linear(20, 3)),
            b => Tensor.FromArray(Enumerable.Range(0, b * 5).Select(i => (long)(i * 7 % 10)).ToArray(), [b, 5])),
        ["group, instance and rms norms"] = (() => new Sequential(new Conv2d(2, 6, 3), new GroupNorm(3, 6), new InstanceNorm2d(6, affine: true), new PRelu(6), new Mish(), new PRelu(),
            new Flatten(2), new RmsNorm(36), new InstanceNorm1d(6), new RmsNorm(36, elementwiseAffine: false)), b => Randn(b, 2, 8, 8)),
        ["multi-head attention"] = (() => new SelfAttention(new MultiheadAttention(8, 2, batchFirst: true), needWeights: false), b => Randn(b, 5, 8)),
        ["multi-head attention with its weights"] = (() => new SelfAttention(new MultiheadAttention(8, 4, batchFirst: true), needWeights: true), b => Randn(b, 5, 8)),
        ["transformer encoder, norm first, gelu, causal"] = (() => new Encoder(new TransformerEncoder(
            new TransformerEncoderLayer(8, 2, dimFeedforward: 16, activation: "gelu", batchFirst: true, normFirst: true), 2, new LayerNorm(8)), causal: true),
            b => Randn(b, 6, 8)),
        ["transformer encoder, norm last, relu, float mask"] = (() => new Encoder(new TransformerEncoder(
            new TransformerEncoderLayer(8, 4, dimFeedforward: 16, batchFirst: true), 2), causal: false), b => Randn(b, 6, 8)),
        ["upsampling and adaptive pooling"] = (() => new Sequential(new Upsample(scaleFactor: [1.5, 2.0], mode: "bilinear"), new Conv2d(2, 3, 3), new AdaptiveMaxPool2d((3, 4)),
            new Upsample([5, 5]), new AdaptiveAvgPool2d((2, 3))), b => Randn(b, 2, 5, 6)),
        ["1-d convolutions, ceil-mode pooling, padding"] = (() => new Sequential(new Conv1d(2, 4, 4, padding: "same"), new MaxPool1d(2, ceilMode: true),
            new ConvTranspose1d(4, 3, 3, stride: 2), new AvgPool1d(3, ceilMode: true), new Upsample(7, "linear")), b => Randn(b, 2, 9)),
        ["embedding bag"] = (() => new Sequential(new EmbeddingBag(10, 4, mode: "max", paddingIdx: 0), new Linear(4, 3)),
            b => Tensor.FromArray(Enumerable.Range(0, b * 5).Select(i => (long)(i * 3 % 10)).ToArray(), [b, 5])),
        ["last sample, last step, all but the first"] = (() => new Lambda(x => x * x[^1] + x[.., ^1].Unsqueeze(1) + x.Narrow(0, 1, x.Size(0) - 1).Sum(0)), b => Randn(b, 3, 2)),
    };

    public static TheoryData<string> Models => [.. s_models.Keys];

    private static Tensor Randn(params int[] shape) => Tensor.Randn(shape, generator: new Generator(shape[0]));

    [Theory]
    [MemberData(nameof(Models))]
    public void RunsAtOtherBatchSizes(string name)
    {
        var (makeModel, input) = s_models[name];
        var model = makeModel().Eval();
        var onnx = ExportToBytes(model, input(2), dynamicBatch: true);
        var file = OnnxFile.Read(onnx);
        Assert.Equal((null, "batch"), file.InputDims[0]);
        Assert.Equal((null, "batch"), file.OutputDims[0]);
        using var session = Load(onnx, out var logId);
        Assert.Equal("batch", session.InputMetadata["input"].SymbolicDimensions[0]);
        foreach (int batch in new[] { 1, 2, 5 })
            AssertClose(Expected(model, input(batch)), Run(session, input(batch)));
        Assert.Empty(Warnings(logId));
    }

    [Fact]
    public void WithoutItTheBatchSizeIsFixed()
    {
        var (makeModel, input) = s_models["mlp"];
        var model = makeModel();
        using var session = Load(ExportToBytes(model, input(2)), out _);
        Assert.Equal([2, 4], session.InputMetadata["input"].Dimensions);
        Assert.Throws<OnnxRuntimeException>(() => Run(session, input(3)));
    }

    [Fact]
    public void AFoldedBatchKeepsTheOtherDimsOfTheOutputKnown()
    {
        var model = new Sequential(new Linear(6, 5), new Softmax(-1));
        var file = OnnxFile.Read(ExportToBytes(model, Randn(2, 3, 6), dynamicBatch: true));
        Assert.Equal([(null, "batch"), (3, null), (5, null)], file.OutputDims);
        Assert.Contains(-1L, ReshapeTargets(model, Randn(2, 3, 6)));
    }

    [Fact]
    public void AConstantShapedByTheBatchIsRefused()
    {
        var model = new Lambda(x => x + Tensor.Zeros(x.Size(0), 3));
        ExportAndCompare(model, Randn(2, 3));   // fine with a fixed batch size
        var error = Assert.Throws<NotSupportedException>(() => ExportToBytes(model, Randn(2, 3), dynamicBatch: true));
        Assert.Contains("AddBackward0 (aten::add) in the model itself (Lambda)", error.Message);
        Assert.Contains("whose shape follows the batch size", error.Message);
    }

    [Fact]
    public void AForwardPassThatChangesWithTheBatchSizeIsRefused()
    {
        var model = new Lambda(x => x.Size(0) > 2 ? x.Exp() : x.Relu());
        var error = Assert.Throws<NotSupportedException>(() => ExportToBytes(model, Randn(2, 3), dynamicBatch: true));
        Assert.Contains("ran other ops with a batch of 3 than with 2 (op 0: ReluBackward0 against ExpBackward0)", error.Message);
    }

    [Fact]
    public void AnExpandToTheBatchSizeIsRefused()
    {
        var model = new Lambda(x => Tensor.Ones(1, 3).Expand(x.Size(0), 3) * x);
        var error = Assert.Throws<NotSupportedException>(() => ExportToBytes(model, Randn(2, 3), dynamicBatch: true));
        Assert.Contains("ExpandBackward0 (aten::expand)", error.Message);
    }

    // The int64 constants that Reshape nodes read, by following each Reshape's shape input to its Constant.
    private static long[] ReshapeTargets(Module model, Tensor input)
    {
        var onnx = ExportToBytes(model, input, dynamicBatch: true);
        var file = OnnxFile.Read(onnx);
        return [.. file.OpTypes.Select((op, i) => (op, i)).Where(n => n.op == "Reshape").SelectMany(n => file.ConstantInts(file.NodeInputs[n.i][1]))];
    }
}
