using Nabla.NN;
using static Nabla.Onnx.Tests.OnnxRuntimeOracle;

namespace Nabla.Onnx.Tests;

/// <summary>What cannot be exported is refused by name, before anything is written; bad arguments get BCL exceptions.</summary>
public sealed class ExportErrorTests
{
    private static readonly Tensor s_x = Tensor.Randn([2, 3], generator: new Generator(9));

    private sealed class WithLoss : Module
    {
        public override Tensor Forward(Tensor input) => F.MseLoss(input, Tensor.Zeros(2, 3));
    }

    private static string Refusal(Module model, Tensor? input = null)
        => Assert.Throws<NotSupportedException>(() => ExportToBytes(model, input ?? s_x)).Message;

    [Fact]
    public void AnUnmappedOpIsNamedWithItsAtenFunctionAndModule()
    {
        string message = Refusal(new Sequential(new Linear(3, 3), new WithLoss()));
        Assert.StartsWith("ONNX export: MseLossBackward0 (aten::mse_loss) in module '1' (WithLoss) has no ONNX mapping in Nabla.Onnx.", message);
        Assert.Contains("Losses are training-time ops", message);
    }

    // Every op of today's derivative table that ONNX can express has a row, so an op added later stands for the rest.
    [Fact]
    public void AnOpWithoutARowSaysWhereOneIsAdded()
    {
        Assert.Equal(" It can be added as a row of the mapping table (src/Nabla.Onnx/Emitters/OpMappings.cs).", Export.OpNames.Hint("SomeNewOpBackward0"));
        Assert.Contains("Losses are training-time ops", Export.OpNames.Hint("BinaryCrossEntropyWithLogitsBackward0"));
        string message = Refusal(new Lambda(x => F.BinaryCrossEntropy(x.Sigmoid(), x.Sigmoid())), Tensor.Randn([2, 3], generator: new Generator(2)));
        Assert.StartsWith("ONNX export: BinaryCrossEntropyBackward0 (aten::binary_cross_entropy) in the model itself (Lambda) has no ONNX mapping in Nabla.Onnx.", message);
        Assert.Contains("Losses are training-time ops", message);
    }

    [Fact]
    public void AMaskFromAComparisonIsNotTraced()
    {
        string message = Refusal(new Lambda(x => x.Where(x.Gt(0.0), x * 0.1)));
        Assert.StartsWith("ONNX export: the condition of WhereBackward0 (aten::where) in the model itself (Lambda) is a Bool tensor of shape [2, 3] that no traced op produced.", message);
        Assert.Contains("RegisterBuffer", message);
    }

    [Fact]
    public void ADetachedCopyCannotBeFollowed()
        => Assert.Contains("input 0 of MulBackward0 (aten::mul) in the model itself (Lambda) is a tensor of shape [2, 3] that shares its storage",
            Refusal(new Lambda(x => x.Detach() * 2)));

    [Fact]
    public void AnInPlaceWriteCannotBeFollowed()
    {
        string message = Refusal(new Lambda(x =>
        {
            var y = x * 2;
            y.AddInPlace(1.0);
            return y.Relu();
        }));
        Assert.Contains("input 0 of ReluBackward0 (aten::relu) in the model itself (Lambda) is a tensor of shape [2, 3] that was modified in place", message);
    }

    [Fact]
    public void BatchNormWithoutRunningStatisticsIsRefused()
        => Assert.Contains("NativeBatchNormBackward0 (aten::native_batch_norm) in module '0' (BatchNorm1d) normalises with the batch's own statistics",
            Refusal(new Sequential(new BatchNorm1d(3, trackRunningStats: false))));

    [Fact]
    public void AnEmbeddingBagWhoseWeightWasRenormalisedInPlaceIsRefused()
        => Assert.Contains("EmbeddingBagBackward0 (aten::embedding_bag) in the model itself (EmbeddingBag) is a tensor of shape [10, 4] that was modified in place",
            Refusal(new EmbeddingBag(10, 4, maxNorm: 1), Tensor.FromArray(new long[] { 1, 2, 3, 4 }, [2, 2])));

    [Fact]
    public void AFailedExportWritesNoFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nabla-onnx-{Guid.NewGuid():N}.onnx");
        Assert.Throws<NotSupportedException>(() => OnnxExport.Save(new WithLoss(), s_x, path));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void BadArgumentsAreRefusedBeforeTracing()
    {
        var model = new Linear(3, 2);
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentNullException>(() => OnnxExport.Save(null!, s_x, stream));
        Assert.Throws<ArgumentNullException>(() => OnnxExport.Save(model, null!, stream));
        Assert.Throws<ArgumentNullException>(() => OnnxExport.Save(model, s_x, (Stream)null!));
        Assert.Throws<ArgumentException>(() => OnnxExport.Save(model, s_x, ""));
        Assert.Throws<ArgumentException>(() => OnnxExport.Save(model, s_x, stream, inputName: ""));
        Assert.Contains("different names, but both are 'x'", Assert.Throws<ArgumentException>(() => OnnxExport.Save(model, s_x, stream, inputName: "x", outputName: "x")).Message);
        Assert.Contains("cannot be named 'weight'", Assert.Throws<ArgumentException>(() => OnnxExport.Save(model, s_x, stream, outputName: "weight")).Message);
        Assert.Contains("its shape is []", Assert.Throws<ArgumentException>(() => OnnxExport.Save(new Lambda(x => x * 2), Tensor.Scalar(1f), stream, dynamicBatch: true)).Message);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void SaveWritesAFileThatOnnxRuntimeLoadsWithTheGivenNames()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nabla-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Save(new Linear(3, 2), s_x, path, inputName: "features", outputName: "scores");
            using var session = Load(File.ReadAllBytes(path), out _);
            Assert.Equal(["features"], session.InputNames);
            Assert.Equal(["scores"], session.OutputNames);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
