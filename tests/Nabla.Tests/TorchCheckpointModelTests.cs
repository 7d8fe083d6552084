using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// State dicts that PyTorch trained and saved load into the Nabla modules of the same
/// configuration (the layers use PyTorch's parameter names) and reproduce PyTorch's outputs.
/// </summary>
public sealed class TorchCheckpointModelTests
{
    private static void AssertReproduces(Module model, string file)
    {
        model.LoadStateDict(TorchCheckpoint.Load(TorchFixtures.File(file)));
        model.Eval();
        var recorded = TorchFixtures.Expected.GetProperty("outputs").GetProperty(file);
        var input = TorchFixtures.ToTensor(recorded.GetProperty("input"));
        using (Autograd.NoGrad())
            TorchFixtures.AssertTensor(recorded.GetProperty("output"), model.Forward(input), file, tolerance: 1e-5);
    }

    [Fact]
    public void AnMlpReproducesPyTorchsOutputs()
        => AssertReproduces(new Sequential(new Linear(4, 8), new Relu(), new Linear(8, 3)), "mlp.pt");

    [Fact]
    public void ACnnWithBatchNormReproducesPyTorchsEvalOutputs()
    {
        var cnn = new Sequential(new Conv2d(1, 4, 3, padding: 1), new BatchNorm2d(4), new Relu(), new MaxPool2d(2), new Flatten(), new Linear(4 * 4 * 4, 3));
        AssertReproduces(cnn, "cnn.pt");
        // The running statistics and the step count came from PyTorch's training steps.
        var state = cnn.StateDict();
        Assert.Equal(5L, state["1.num_batches_tracked"].Item<long>());
        Assert.NotEqual(0f, state["1.running_mean"].ToArray<float>()[0]);
    }

    [Fact]
    public void AnEmbeddingWithLayerNormReproducesPyTorchsOutputs()
        => AssertReproduces(new Sequential(new Embedding(10, 6), new LayerNorm(6)), "embedding_layernorm.pt");

    [Fact]
    public void AStateDictOfTheWrongModelIsReportedByLoadStateDict()
    {
        var model = new Sequential(new Linear(4, 8), new Relu(), new Linear(8, 2));
        var ex = Assert.Throws<ArgumentException>(() => model.LoadStateDict(TorchCheckpoint.Load(TorchFixtures.File("mlp.pt"))));
        Assert.Contains("size mismatch for '2.weight'", ex.Message);
    }
}
