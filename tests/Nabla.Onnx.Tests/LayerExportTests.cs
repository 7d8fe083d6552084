using Nabla.NN;
using static Nabla.Onnx.Tests.OnnxRuntimeOracle;

namespace Nabla.Onnx.Tests;

/// <summary>
/// The layers beyond the first models, one case each (upsampling, adaptive, 1-d and ceil-mode pooling, 1-d and transposed
/// convolutions, padding, embedding bags, distances), exported and run in ONNX Runtime against Nabla.
/// </summary>
public sealed class LayerExportTests
{
    private static Tensor Randn(params int[] shape) => Tensor.Randn(shape, generator: new Generator(shape.Sum()));

    private static Tensor Indices(long[] values, params int[] shape) => Tensor.FromArray(values, shape);

    private static readonly Tensor s_offsets = Tensor.FromArray(new long[] { 0, 2, 2, 5 });   // bags [0, 2), [2, 2) (empty), [2, 5), [5, end)

    private static readonly Tensor s_perSampleWeights = Tensor.FromArray(new float[] { 0.5f, -1f, 2f, 1.5f, 0.25f, 3f, -0.5f });

    private static readonly Dictionary<string, (Func<Module> Model, Tensor Input)> s_layers = new()
    {
        // F.interpolate: Resize
        ["upsample nearest by 2"] = (() => new Upsample(2.0), Randn(2, 3, 4, 5)),
        ["upsample nearest by (1.5, 2.5)"] = (() => new Upsample(scaleFactor: [1.5, 2.5]), Randn(2, 3, 4, 5)),
        ["upsample nearest to a size"] = (() => new Upsample([7, 3]), Randn(2, 3, 4, 5)),
        ["upsample nearest 1-d by 1.5"] = (() => new Upsample(1.5), Randn(2, 3, 6)),
        ["upsample nearest 1-d to a size"] = (() => new Upsample(11), Randn(2, 3, 4)),
        ["upsample bilinear by 2"] = (() => new Upsample(2.0, "bilinear"), Randn(2, 3, 4, 5)),
        ["downsample bilinear by 0.6"] = (() => new Upsample(0.6, "bilinear"), Randn(2, 3, 7, 9)),
        ["upsample bilinear to a size, one of 1"] = (() => new Upsample([1, 7], mode: "bilinear"), Randn(2, 3, 4, 5)),
        ["upsample bilinear with align corners"] = (() => new Upsample([7, 3], mode: "bilinear", alignCorners: true), Randn(2, 3, 4, 5)),
        ["upsample bilinear with align corners by 2.5"] = (() => new Upsample(2.5, "bilinear", alignCorners: true), Randn(2, 3, 4, 5)),
        ["upsample linear 1-d by 2.5"] = (() => new Upsample(2.5, "linear"), Randn(2, 3, 5)),
        ["upsample linear 1-d with align corners"] = (() => new Upsample(8, "linear", alignCorners: true), Randn(2, 3, 5)),

        // adaptive pooling
        ["adaptive max pool to 1x1"] = (() => new AdaptiveMaxPool2d(1), Randn(2, 3, 5, 5)),
        ["adaptive max pool to a divisor"] = (() => new AdaptiveMaxPool2d((2, 3)), Randn(2, 3, 4, 6)),
        ["adaptive max pool 5x7 to 3x4"] = (() => new AdaptiveMaxPool2d((3, 4)), Randn(2, 3, 5, 7)),
        ["adaptive average pool 5x7 to 3x4"] = (() => new AdaptiveAvgPool2d((3, 4)), Randn(2, 3, 5, 7)),
        ["adaptive average pool, unbatched, 6x5 to 4x5"] = (() => new AdaptiveAvgPool2d((4, 5)), Randn(3, 6, 5)),

        // 1-d and ceil-mode pooling
        ["max pool 1-d"] = (() => new MaxPool1d(3, stride: 2, padding: 1), Randn(2, 3, 10)),
        ["average pool 1-d without the padding"] = (() => new AvgPool1d(3, stride: 2, padding: 1, countIncludePad: false), Randn(2, 3, 10)),
        ["max pool 2-d, ceil mode"] = (() => new MaxPool2d(3, stride: 2, padding: 1, ceilMode: true), Randn(2, 3, 8, 8)),
        ["max pool 1-d, ceil mode"] = (() => new MaxPool1d(2, ceilMode: true), Randn(2, 3, 7)),
        ["average pool 2-d, ceil mode, with the padding"] = (() => new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true), Randn(2, 3, 8, 8)),
        ["average pool 2-d, ceil mode, without the padding"] = (() => new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false), Randn(2, 3, 8, 8)),
        ["average pool 1-d, ceil mode"] = (() => new AvgPool1d(2, ceilMode: true), Randn(2, 3, 7)),
        ["average pool, ceil mode adding no window"] = (() => new AvgPool2d(2, ceilMode: true), Randn(2, 3, 8, 8)),
        ["average pool with a divisor override"] = (() => new Lambda(x => F.AvgPool2d(x, 3, stride: 2, padding: 1, divisorOverride: 4)), Randn(2, 3, 7, 7)),

        // convolutions
        ["conv 1-d: stride, padding, dilation, groups"] = (() => new Conv1d(4, 6, 3, stride: 2, padding: 2, dilation: 2, groups: 2), Randn(2, 4, 11)),
        ["conv 1-d, padding same, even kernel"] = (() => new Conv1d(3, 4, 4, padding: "same"), Randn(2, 3, 9)),
        ["conv 2-d, padding same"] = (() => new Conv2d(3, 4, (2, 3), padding: "same", dilation: (2, 1)), Randn(2, 3, 6, 7)),
        ["conv transpose 1-d"] = (() => new ConvTranspose1d(4, 6, 3, stride: 2, padding: 1, outputPadding: 1, groups: 2, dilation: 2), Randn(2, 4, 7)),
        ["conv transpose 2-d"] = (() => new ConvTranspose2d(4, 3, (3, 2), stride: (2, 1), padding: (1, 0), outputPadding: (1, 0)), Randn(2, 4, 5, 6)),
        ["conv transpose 2-d, grouped, dilated, no bias"] = (() => new ConvTranspose2d(4, 6, 3, stride: 3, padding: 2, outputPadding: 2, groups: 2, bias: false, dilation: 2),
            Randn(2, 4, 4, 5)),

        // padding
        ["constant padding, cropping too"] = (() => new Lambda(x => F.Pad(x, [1, 2, -1, 0], value: 0.5)), Randn(2, 3, 4, 5)),
        ["reflection padding 1-d"] = (() => new Lambda(x => F.Pad(x, [2, 1], PaddingMode.Reflect)), Randn(2, 3, 5)),
        ["reflection padding 2-d"] = (() => new Lambda(x => F.Pad(x, [1, 2, 2, 1], PaddingMode.Reflect)), Randn(2, 3, 4, 5)),
        ["replication padding 2-d"] = (() => new Lambda(x => F.Pad(x, [1, 2, 0, 3], PaddingMode.Replicate)), Randn(2, 3, 4, 5)),
        ["replication padding 3-d"] = (() => new Lambda(x => F.Pad(x, [1, 1, 1, 0, 0, 2], PaddingMode.Replicate)), Randn(1, 2, 3, 4, 5)),

        // embedding bags (a 2-d input: bags of equal length; a 1-d input cut at offsets)
        ["embedding bag, mean"] = (() => new EmbeddingBag(10, 4), Indices([1, 2, 4, 5, 4, 3, 2, 9, 0, 0, 7, 1], 3, 4)),
        ["embedding bag, sum"] = (() => new EmbeddingBag(10, 4, mode: "sum"), Indices([1, 2, 4, 5, 4, 3, 2, 9, 0, 0, 7, 1], 3, 4)),
        ["embedding bag, max"] = (() => new EmbeddingBag(10, 4, mode: "max"), Indices([1, 2, 4, 5, 4, 3, 2, 9, 0, 0, 7, 1], 3, 4)),
        ["embedding bag, mean without padding, a bag of padding only"] = (() => new EmbeddingBag(10, 4, paddingIdx: 0),
            Indices([1, 0, 4, 5, 0, 0, 0, 0, 0, 3, 7, 1], 3, 4)),
        ["embedding bag, max without padding"] = (() => new EmbeddingBag(10, 4, mode: "max", paddingIdx: 0), Indices([1, 0, 4, 5, 0, 0, 0, 0, 0, 3, 7, 1], 3, 4)),
        ["embedding bag, sum without padding"] = (() => new EmbeddingBag(10, 4, mode: "sum", paddingIdx: 9), Indices([1, 9, 4, 5, 9, 3, 2, 9, 0, 0, 7, 1], 3, 4)),
        ["embedding bag, sum with per-sample weights"] = (() => new Wrapper<EmbeddingBag>(new EmbeddingBag(10, 4, mode: "sum"), (m, x) => m.Forward(x, null, s_perSampleWeights.Narrow(0, 0, 6).Reshape(3, 2))),
            Indices([1, 2, 4, 5, 4, 3], 3, 2)),
        ["embedding bag at offsets, mean"] = (() => new Wrapper<EmbeddingBag>(new EmbeddingBag(10, 4), (m, x) => m.Forward(x, s_offsets)), Indices([1, 2, 4, 5, 4, 3, 9], 7)),
        ["embedding bag at offsets, max without padding"] = (() => new Wrapper<EmbeddingBag>(new EmbeddingBag(10, 4, mode: "max", paddingIdx: 4), (m, x) => m.Forward(x, s_offsets)),
            Indices([1, 2, 4, 5, 4, 3, 9], 7)),
        ["embedding bag at offsets, include last offset"] = (() => new Wrapper<EmbeddingBag>(new EmbeddingBag(10, 4, mode: "sum", includeLastOffset: true), (m, x) => m.Forward(x, s_offsets)),
            Indices([1, 2, 4, 5, 4, 3, 9], 7)),
        ["embedding bag at offsets, per-sample weights"] = (() => new Wrapper<EmbeddingBag>(new EmbeddingBag(10, 4, mode: "sum"), (m, x) => m.Forward(x, s_offsets, s_perSampleWeights)),
            Indices([1, 2, 4, 5, 4, 3, 9], 7)),

        // distances
        ["pairwise distance"] = (() => new Lambda(x => F.PairwiseDistance(x, x.Flip(0) * 0.5) + F.PairwiseDistance(x, x * 2, p: 1, keepDim: true).Squeeze(-1)), Randn(3, 5)),
        ["cosine similarity"] = (() => new Lambda(x => F.CosineSimilarity(x, x.Flip(0) + 1, dim: 1)), Randn(3, 5)),

        // composed layers
        ["transformer decoder"] = (() => new Wrapper<TransformerDecoder>(new TransformerDecoder(new TransformerDecoderLayer(8, 2, dimFeedforward: 16, batchFirst: true), 2, new LayerNorm(8)),
            (m, x) => m.Forward(x, x * 0.5)), Randn(2, 5, 8)),
        ["rnn cell, unflatten, identity"] = (() => new Sequential(new RnnCell(6, 6), new Unflatten(1, [2, 3]), new Identity(), new Softsign(), new Tanhshrink()), Randn(4, 6)),
    };

    public static TheoryData<string> Layers => [.. s_layers.Keys];

    [Theory]
    [MemberData(nameof(Layers))]
    public void RunsInOnnxRuntimeWithNablasValues(string name)
    {
        var (model, input) = s_layers[name];
        ExportAndCompare(model(), input);
    }

    [Theory]
    [InlineData("upsample nearest by 2", "Resize")]
    [InlineData("upsample bilinear with align corners", "Resize")]
    [InlineData("adaptive max pool to 1x1", "GlobalMaxPool")]
    [InlineData("adaptive max pool to a divisor", "MaxPool")]
    [InlineData("adaptive max pool 5x7 to 3x4", "ReduceMax")]
    [InlineData("adaptive average pool 5x7 to 3x4", "ReduceMean")]
    [InlineData("average pool with a divisor override", "Conv")]
    [InlineData("average pool 2-d, ceil mode, with the padding", "Conv")]
    [InlineData("average pool 2-d, ceil mode, without the padding", "AveragePool")]
    [InlineData("conv transpose 1-d", "ConvTranspose")]
    [InlineData("conv 1-d, padding same, even kernel", "Pad")]
    [InlineData("reflection padding 2-d", "Pad")]
    [InlineData("embedding bag, max", "ReduceMax")]
    public void MapsToTheOperator(string name, string onnxOp)
    {
        var (model, input) = s_layers[name];
        Assert.Contains(onnxOp, OnnxFile.Read(ExportToBytes(model(), input)).OpTypes);
    }

    [Fact]
    public void AdaptivePoolingWritesOutOneWindowPerOutputAlongEachAxis()
    {
        var file = OnnxFile.Read(ExportToBytes(new AdaptiveMaxPool2d((3, 4)), Randn(2, 3, 5, 7)));
        Assert.Equal(3 + 4, file.OpTypes.Count(op => op == "ReduceMax"));
        Assert.Equal(2, file.OpTypes.Count(op => op == "Concat"));
    }

    [Fact]
    public void CircularPaddingIsRefused()
    {
        var error = Assert.Throws<NotSupportedException>(() => ExportToBytes(new Lambda(x => F.Pad(x, [1, 1], PaddingMode.Circular)), Randn(2, 3, 5)));
        Assert.Contains("that was modified in place", error.Message);   // Nabla pads circularly with in-place copies, as PyTorch does
    }

    [Fact]
    public void TheLastBagAtOffsetsRunsToTheEndOfAnInputOfAnyLength()
    {
        var model = new Wrapper<EmbeddingBag>(new EmbeddingBag(10, 4, mode: "sum"), (m, x) => m.Forward(x, s_offsets));
        Tensor Lookups(int length) => Indices([.. Enumerable.Range(0, length).Select(i => (long)(i * 7 % 10))], length);
        using var session = Load(ExportToBytes(model, Lookups(7), dynamicBatch: true), out var logId);
        foreach (int length in new[] { 5, 7, 12 })
            AssertClose(Expected(model, Lookups(length)), Run(session, Lookups(length)));
        Assert.Empty(Warnings(logId));
    }

    [Fact]
    public void EmbeddingBagsAtOffsetsThatFollowTheInputLengthAreRefusedWithADynamicBatch()
    {
        var model = new Wrapper<EmbeddingBag>(new EmbeddingBag(10, 4), (m, x) => m.Forward(x, Tensor.Arange(0L, x.Size(0), 2)));
        var error = Assert.Throws<NotSupportedException>(() => ExportToBytes(model, Indices([1, 2, 4, 5, 4, 3], 6), dynamicBatch: true));
        Assert.Contains("EmbeddingBagBackward0 (aten::embedding_bag)", error.Message);
        Assert.Contains("offsets that change with the input's length", error.Message);
    }
}
