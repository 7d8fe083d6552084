using Nabla.NN;
using static Nabla.Tests.NNTesting;

namespace Nabla.Tests;

/// <summary>The layer modules: PyTorch's default initialisation, names, state dicts, train/eval and printing.</summary>
public sealed class NNModuleTests
{
    private static Sequential Mlp(int seed) => new(new Linear(4, 3, generator: new Generator(seed)), new Relu(), new Linear(3, 2, generator: new Generator(seed + 1)));

    [Fact]
    public void LinearStartsUniformWithinOneOverSqrtFanInAndIsSeedable()
    {
        var layer = new Linear(64, 32, generator: new Generator(0));
        var weight = layer.Weight.ToArray<float>();
        var bias = layer.Bias!.ToArray<float>();
        Assert.All(weight, w => Assert.InRange(w, -0.125f, 0.125f));
        Assert.All(bias, b => Assert.InRange(b, -0.125f, 0.125f));
        // U(±1/8) has standard deviation 1/(8√3) ≈ 0.0722; 2048 draws land well within 10% of it.
        double std = Math.Sqrt(weight.Average(w => (double)w * w));
        Assert.InRange(std, 0.065, 0.079);
        Assert.Equal(weight, new Linear(64, 32, generator: new Generator(0)).Weight.ToArray<float>());
        Assert.NotEqual(weight, new Linear(64, 32, generator: new Generator(1)).Weight.ToArray<float>());
        Assert.True(layer.Weight.RequiresGrad && layer.Weight.IsLeaf);
        Assert.Null(new Linear(3, 2, bias: false).Bias);
    }

    [Fact]
    public void OtherLayersStartAsPyTorchs()
    {
        var conv = new Conv2d(2, 8, 3, generator: new Generator(0));
        Assert.Equal([8, 2, 3, 3], conv.Weight.Shape.ToArray());
        double bound = 1 / Math.Sqrt(2 * 9);   // fan_in = in_channels·k²
        Assert.All(conv.Weight.ToArray<float>(), w => Assert.InRange(w, -bound, bound));
        Assert.All(conv.Bias!.ToArray<float>(), b => Assert.InRange(b, -bound, bound));
        Assert.Equal([4, 1, 3, 3], new Conv2d(4, 4, 3, groups: 4).Weight.Shape.ToArray());

        var table = new Embedding(100, 20, new Generator(0)).Weight.ToArray<float>();
        Assert.InRange(table.Average(v => (double)v), -0.1, 0.1);
        Assert.InRange(Math.Sqrt(table.Average(v => (double)v * v)), 0.93, 1.07);   // N(0, 1)

        var norm = new BatchNorm2d(3);
        Assert.Equal([1f, 1f, 1f], norm.Weight!.ToArray<float>());
        Assert.Equal([0f, 0f, 0f], norm.Bias!.ToArray<float>());
        Assert.Equal([0f, 0f, 0f], norm.RunningMean!.ToArray<float>());
        Assert.Equal([1f, 1f, 1f], norm.RunningVar!.ToArray<float>());
        Assert.Equal(0L, norm.NumBatchesTracked!.Item<long>());
        Assert.Equal([1f, 1f], new LayerNorm(2).Weight!.ToArray<float>());
    }

    [Fact]
    public void NamedParametersAndStateDictUseDottedNames()
    {
        var model = new Sequential(new Linear(4, 3), new BatchNorm1d(3), new Relu(), new Linear(3, 2));
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(6, model.Parameters().Count());
        var keys = model.StateDict().Keys.ToHashSet();
        Assert.Superset(new HashSet<string> { "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.bias" }, keys);
        Assert.Equal(9, keys.Count);
        Assert.Equal(4, model.Children().Count());
    }

    [Fact]
    public void LoadStateDictRoundTripsAndReportsEveryMismatch()
    {
        var x = Tensor.Randn([5, 4], generator: new Generator(9));
        var source = Mlp(1);
        var target = Mlp(5);
        Assert.NotEqual(source.Forward(x).ToArray<float>(), target.Forward(x).ToArray<float>());
        target.LoadStateDict(source.StateDict());
        Assert.Equal(source.Forward(x).ToArray<float>(), target.Forward(x).ToArray<float>());

        var state = source.StateDict();
        state.Remove("2.bias");
        state["0.weight"] = Tensor.Zeros(3, 5);
        state["extra"] = Tensor.Zeros(1);
        var error = Assert.Throws<ArgumentException>(() => target.LoadStateDict(state)).Message;
        Assert.Contains("2.bias", error);
        Assert.Contains("size mismatch for '0.weight'", error);
        Assert.Contains("extra", error);
        Assert.Equal(source.Forward(x).ToArray<float>(), target.Forward(x).ToArray<float>());   // nothing was copied
    }

    [Fact]
    public void TrainAndEvalSwitchDropoutAndBatchNorm()
    {
        var model = new Sequential(new Linear(4, 4, generator: new Generator(0)), new BatchNorm1d(4), new Dropout(0.5, new Generator(1)));
        var x = Tensor.Randn([8, 4], generator: new Generator(2));
        var norm = (BatchNormBase)model[1];
        var trained = model.Forward(x);
        Assert.Contains(0f, trained.ToArray<float>());                 // dropout zeroed something
        Assert.Equal(1L, norm.NumBatchesTracked!.Item<long>());
        Assert.NotEqual([0f, 0f, 0f, 0f], norm.RunningMean!.ToArray<float>());

        model.Eval();
        Assert.False(model.Training || model[2].Training);
        var first = model.Forward(x).ToArray<float>();
        Assert.Equal(first, model.Forward(x).ToArray<float>());      // deterministic in eval
        Assert.Equal(1L, norm.NumBatchesTracked.Item<long>());         // no statistics updated
        var expected = F.BatchNorm(model[0].Forward(x), norm.RunningMean, norm.RunningVar, norm.Weight, norm.Bias).ToArray<float>();
        Assert.Equal(expected, first);

        model.Train();
        Assert.True(model[1].Training);
        var cumulative = new BatchNorm1d(4, momentum: null);
        cumulative.Forward(x);
        cumulative.Forward(x * 3);
        // momentum null: the running mean is the plain average of the batch means.
        AssertClose(x.Mean(0).Mul(2).ToArray<double>(), cumulative.RunningMean!, 1e-5);
    }

    [Fact]
    public void ModulesPrintAsPyTorchPrintsThem()
    {
        var cnn = new Sequential(
            new Conv2d(1, 8, 3), new BatchNorm2d(8), new Relu(), new MaxPool2d(2), new Conv2d(8, 16, 3, 2, 1, bias: false),
            new AvgPool2d(2), new AdaptiveAvgPool2d(1), new Flatten(), new Dropout(), new Linear(16, 10), new LogSoftmax(1));
        Assert.Equal("""
            Sequential(
              (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1))
              (1): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
              (2): ReLU()
              (3): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
              (4): Conv2d(8, 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
              (5): AvgPool2d(kernel_size=2, stride=2, padding=0)
              (6): AdaptiveAvgPool2d(output_size=1)
              (7): Flatten(start_dim=1, end_dim=-1)
              (8): Dropout(p=0.5, inplace=False)
              (9): Linear(in_features=16, out_features=10, bias=True)
              (10): LogSoftmax(dim=1)
            )
            """.ReplaceLineEndings("\n"), cnn.ToString());
        Assert.Equal("Sequential(\n  (0): Sequential(\n    (0): GELU(approximate='none')\n    (1): SiLU()\n  )\n  (1): Tanh()\n)",
            new Sequential(new Sequential(new Gelu(), new Silu()), new Tanh()).ToString());
        Assert.Equal("LayerNorm((64,), eps=1e-05, elementwise_affine=True)", new LayerNorm(64).ToString());
        Assert.Equal("BatchNorm1d(32, eps=0.001, momentum=None, affine=True, track_running_stats=True)", new BatchNorm1d(32, 1e-3, null).ToString());
        Assert.Equal("Embedding(100, 16)", new Embedding(100, 16).ToString());
        Assert.Equal("LeakyReLU(negative_slope=0.01)", new LeakyRelu().ToString());
        Assert.Equal("Conv2d(4, 4, kernel_size=(3, 3), stride=(1, 1), dilation=(2, 2), groups=2)", new Conv2d(4, 4, 3, dilation: 2, groups: 2).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=(5, 7))", new AdaptiveAvgPool2d((5, 7)).ToString());
        Assert.Equal("Softmax(dim=-1)", new Softmax(-1).ToString());
        Assert.Equal(["MSELoss()", "L1Loss()", "CrossEntropyLoss()", "NLLLoss()", "BCELoss()", "BCEWithLogitsLoss()"],
            new Module[] { new MseLoss(), new L1Loss(), new CrossEntropyLoss(), new NllLoss(), new BceLoss(), new BceWithLogitsLoss() }.Select(m => m.ToString()));
    }

    [Fact]
    public void LossModulesTakeATargetAndKeepWeightsAsBuffers()
    {
        var logits = Tensor.Randn([4, 3], requiresGrad: true, generator: new Generator(0));
        var labels = Tensor.FromArray(new long[] { 0, 2, 1, 2 });
        var weight = Tensor.FromArray(new float[] { 1, 2, 3 });
        var loss = new CrossEntropyLoss(weight, labelSmoothing: 0.1);
        Assert.Equal(F.CrossEntropy(logits, labels, weight, labelSmoothing: 0.1).Item<float>(), loss.Forward(logits, labels).Item<float>());
        Assert.Equal(["weight"], loss.StateDict().Keys);
        Assert.Contains("Forward(input, target)", Assert.Throws<NotSupportedException>(() => ((Module)loss).Forward(logits)).Message);
        var probabilities = logits.Sigmoid();
        var targets = Tensor.Rand([4, 3], generator: new Generator(1));
        Assert.Equal(F.BinaryCrossEntropy(probabilities, targets).Item<float>(), new BceLoss().Forward(probabilities, targets).Item<float>());
        Assert.Equal(F.MseLoss(logits, targets, Reduction.Sum).Item<float>(), new MseLoss(Reduction.Sum).Forward(logits, targets).Item<float>());
        Assert.Equal(Reduction.Sum, new L1Loss(Reduction.Sum).Reduction);
    }

    [Fact]
    public void ASmallConvNetLearns()
    {
        // Two 6×6 patterns (a vertical and a horizontal bar) told apart after a few plain gradient steps.
        var images = Tensor.Zeros(4, 1, 6, 6);
        using (Autograd.NoGrad())
        {
            images[0, 0, .., 2].FillInPlace(1);
            images[1, 0, .., 3].FillInPlace(1);
            images[2, 0, 2].FillInPlace(1);
            images[3, 0, 3].FillInPlace(1);
        }
        var labels = Tensor.FromArray(new long[] { 0, 0, 1, 1 });
        var g = new Generator(3);
        var model = new Sequential(new Conv2d(1, 4, 3, padding: 1, generator: g), new Relu(), new MaxPool2d(2), new Flatten(), new Linear(36, 2, generator: g));
        float first = 0, last = 0;
        for (int step = 0; step < 30; step++)
        {
            var loss = F.CrossEntropy(model.Forward(images), labels);
            if (step == 0) first = loss.Item<float>();
            last = loss.Item<float>();
            model.ZeroGrad();
            loss.Backward();
            using (Autograd.NoGrad())
                foreach (var p in model.Parameters()) p.SubInPlace(p.Grad!, 0.5);
        }
        Assert.True(last < first / 4, $"loss went from {first} to {last}");
    }
}
