using Nabla;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests.DocSnippets;

/// <summary>The code of docs/pytorch-to-nabla.md, run.</summary>
[Collection(nameof(DocSnippets))]
public sealed class PyTorchToNablaSnippets
{
    [Fact]
    public void TrainingLoop()
    {
        var g = new Generator(seed: 1);
        var inputs = Tensor.Randn([64, 4], generator: g);
        var targets = inputs.Sum(1, keepDim: true);
        var model = new Net(g);
        var first = F.MseLoss(model.Forward(inputs), targets).Item<float>();

        var optimizer = new Sgd(model.Parameters(), lr: 0.05, momentum: 0.9);
        var scheduler = new StepLR(optimizer, stepSize: 30, gamma: 0.1);
        for (int epoch = 0; epoch < 100; epoch++)
        {
            optimizer.ZeroGrad();
            var loss = F.MseLoss(model.Forward(inputs), targets);
            loss.Backward();
            optimizer.Step();
            scheduler.Step();
        }

        Assert.True(F.MseLoss(model.Forward(inputs), targets).Item<float>() < first / 10);
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], model.NamedParameters().Select(p => p.Name));
    }
}

sealed class Net : Module
{
    private readonly Linear _fc1, _fc2;

    public Net(Generator? generator = null)
    {
        _fc1 = RegisterModule("fc1", new Linear(4, 16, generator: generator));
        _fc2 = RegisterModule("fc2", new Linear(16, 1, generator: generator));
    }

    public override Tensor Forward(Tensor x) => _fc2.Forward(F.Relu(_fc1.Forward(x)));
}

/// <summary>The checkpoint blocks of docs/pytorch-to-nabla.md, run on files that PyTorch wrote.</summary>
[Collection(nameof(DocSnippets))]
public sealed class TorchCheckpointSnippets
{
    [Fact]
    public void LoadAndSaveAStateDict()
    {
        using var folder = new TempFolder();
        File.Copy(TorchFixtures.File("mlp.pt"), "mlp.pt");

        var model = new Sequential(new Linear(4, 8), new Relu(), new Linear(8, 3));
        model.LoadStateDict(TorchCheckpoint.Load("mlp.pt"));         // keys, shapes and dtypes must match
        TorchCheckpoint.Save("from-nabla.pt", model.StateDict());   // torch.load("from-nabla.pt", weights_only=True) reads it

        var pytorch = TorchFixtures.Entries("mlp.pt").Single(e => e.Name == "2.bias");
        TorchFixtures.AssertTensor(pytorch.Value, model.StateDict()["2.bias"], "2.bias");
        Assert.Equal(model.StateDict().Keys, TorchCheckpoint.Load("from-nabla.pt").Keys);
    }

    [Fact]
    public void LoadTheModelEntryOfATrainingCheckpoint()
    {
        using var folder = new TempFolder();
        File.Copy(TorchFixtures.File("training_checkpoint.pt"), "checkpoint.pt");
        var model = new Sequential(new Linear(4, 8), new Relu(), new Linear(8, 3));

        var weights = TorchCheckpoint.Load("checkpoint.pt", key: "model");   // torch.load("checkpoint.pt")["model"]
        model.LoadStateDict(weights);

        Assert.Equal(TorchCheckpoint.Load(TorchFixtures.File("mlp.pt"))["0.weight"].ToArray<float>(), model.StateDict()["0.weight"].ToArray<float>());
    }
}
