using Nabla.NN;
using static Nabla.Onnx.Tests.OnnxRuntimeOracle;

namespace Nabla.Onnx.Tests;

/// <summary>Whole models exported, run in ONNX Runtime, and compared with Nabla's outputs (float32, rtol 1e-4).</summary>
public sealed class ModelExportTests
{
    private static Tensor Randn(params int[] shape) => Tensor.Randn(shape, generator: new Generator(7));

    [Fact]
    public void AnMlpBecomesGemmsWithItsParametersAsNamedInitializers()
    {
        var model = new Sequential(new Linear(4, 16), new Relu(), new Linear(16, 8), new Tanh(), new Linear(8, 3), new Sigmoid());
        var file = OnnxFile.Read(ExportAndCompare(model, Randn(5, 4)));
        Assert.Equal(["Gemm", "Relu", "Gemm", "Tanh", "Gemm", "Sigmoid"], file.OpTypes);
        Assert.Equal(model.StateDict().Keys.Order(), file.Initializers.Order());
        Assert.Equal([16, 4], file.InitializerDims[Array.IndexOf(file.Initializers, "0.weight")]);
        Assert.Equal(["input", "0.weight", "0.bias"], file.NodeInputs[0]);   // Gemm(x, W, b) with transB: no Transpose of the weight
        Assert.Equal((8, 18), (file.IrVersion, file.Opset));
        Assert.Equal([(5, null), (4, null)], file.InputDims);
        Assert.Equal([(5, null), (3, null)], file.OutputDims);
    }

    [Fact]
    public void ALeNetBecomesConvPoolingAndGemm()
    {
        var model = new Sequential(
            new Conv2d(1, 6, 5, padding: 2), new Relu(), new MaxPool2d(2),
            new Conv2d(6, 16, 5), new Relu(), new AvgPool2d(2),
            new Flatten(), new Linear(400, 120), new Relu(), new Linear(120, 84), new Relu(), new Linear(84, 10));
        var file = OnnxFile.Read(ExportAndCompare(model, Randn(2, 1, 28, 28)));
        Assert.Equal(["Conv", "Relu", "MaxPool", "Conv", "Relu", "AveragePool", "Reshape", "Gemm", "Relu", "Gemm", "Relu", "Gemm"],
            file.OpTypes.Where(op => op != "Constant"));
        Assert.Equal(10, file.Initializers.Length);
    }

    [Fact]
    public void LayerNormGeluAndSoftmaxOnAThreeDimensionalInput()
    {
        // Linear folds the leading dims of a 3-d input into one (a reshape around the Gemm), as PyTorch's linear does.
        var model = new Sequential(new Linear(6, 16), new LayerNorm(16), new Gelu(), new Linear(16, 5), new Softmax(-1));
        var file = OnnxFile.Read(ExportAndCompare(model, Randn(2, 3, 6)));
        Assert.Contains("LayerNormalization", file.OpTypes);
        Assert.Contains("Erf", file.OpTypes);
        Assert.Contains("Softmax", file.OpTypes);
        Assert.Equal(["0.bias", "0.weight", "1.bias", "1.weight", "3.bias", "3.weight"], file.Initializers.Order());
    }

    [Fact]
    public void AnEmbeddingBecomesAGatherOfInt64Indices()
    {
        var model = new Sequential(new Embedding(10, 4), new Linear(4, 3));
        var indices = Tensor.FromArray<long>([1, 0, 9, 3, 3, 7, 2, 5, 8, 4], [2, 5]);
        var file = OnnxFile.Read(ExportAndCompare(model, indices));
        Assert.Equal("Gather", file.OpTypes.First(op => op != "Constant"));
        Assert.Equal(["0.weight", "input"], file.NodeInputs[Array.IndexOf(file.OpTypes, "Gather")]);
        Assert.Equal([(2, null), (5, null), (3, null)], file.OutputDims);
    }

    [Fact]
    public void BatchNormUsesItsRunningStatisticsAndDropoutDisappears()
    {
        var model = BatchNormModel();
        var file = OnnxFile.Read(ExportAndCompare(model.Eval(), Randn(3, 3, 6, 6)));
        Assert.Equal(2, file.OpTypes.Count(op => op == "BatchNormalization"));
        Assert.DoesNotContain("Dropout", file.OpTypes);
        Assert.Contains("ReduceMean", file.OpTypes);   // adaptive_avg_pool2d to 1x1 is a mean over H and W, as in PyTorch (MeanBackward1)
        Assert.Contains("1.running_mean", file.Initializers);
        Assert.Contains("1.running_var", file.Initializers);
        Assert.DoesNotContain("1.num_batches_tracked", file.Initializers);   // read by no op
    }

    [Fact]
    public void AModelInTrainingModeIsExportedInEvaluationModeAndKeepsItsMode()
    {
        var model = BatchNormModel();
        var before = model.StateDict().ToDictionary(e => e.Key, e => e.Value.ToArray<float>());
        ExportAndCompare(model, Randn(3, 3, 6, 6));   // compares with Nabla's evaluation-mode output
        Assert.All(model.Modules(), m => Assert.True(m.Training));
        Assert.All(model.StateDict(), e => Assert.Equal(before[e.Key], e.Value.ToArray<float>()));   // no running statistic moved
    }

    // Conv, BatchNorm2d, Dropout, adaptive pooling to 1x1, Linear and BatchNorm1d, after some training
    // steps so that the running statistics are not the initial zeros and ones.
    private static Sequential BatchNormModel()
    {
        var model = new Sequential(
            new Conv2d(3, 4, 3, padding: 1), new BatchNorm2d(4), new Relu(), new Dropout(0.5),
            new AdaptiveAvgPool2d(1), new Flatten(), new Linear(4, 6), new BatchNorm1d(6), new LeakyRelu(0.1), new Linear(6, 2));
        for (int step = 0; step < 3; step++)
            using (Autograd.NoGrad()) model.Call(Tensor.Randn([4, 3, 6, 6], generator: new Generator(step)) * 2 + 1);
        return model;
    }
}
