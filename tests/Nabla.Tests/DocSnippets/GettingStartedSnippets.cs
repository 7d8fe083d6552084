using Nabla;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests.DocSnippets;

/// <summary>The code of docs/getting-started.md, run.</summary>
[Collection(nameof(DocSnippets))]
public sealed class GettingStartedSnippets
{
    [Fact]
    public void FirstGradient()
    {
        var lines = Snippet.Lines(() =>
        {
            var x = Tensor.FromArray([1f, 2f, 3f], requiresGrad: true);
            var y = (x * x).Sum();          // y = Σ x²
            y.Backward();                   // fills x.Grad with dy/dx = 2x
            Console.WriteLine(y);           // tensor(14., grad_fn=<SumBackward0>)
            Console.WriteLine(x.Grad);      // tensor([2., 4., 6.])
        });
        Assert.Equal(["tensor(14., grad_fn=<SumBackward0>)", "tensor([2., 4., 6.])"], lines);
    }

    [Fact]
    public void TrainAClassifier()
    {
        using var folder = new TempFolder();
        var lines = Snippet.Lines(() =>
        {
            var g = new Generator(seed: 0);
            var points = Tensor.Rand([512, 2], generator: g) * 2 - 1;           // 512 points in [-1, 1)²
            var labels = points.Pow(2).Sum(1).Lt(0.5).To(DType.Int64);         // class 1 inside the circle x² + y² < 0.5
            var loader = new DataLoader(new TensorDataset(points, labels), batchSize: 32, shuffle: true, generator: g);

            var model = new Sequential(new Linear(2, 16, generator: g), new Relu(), new Linear(16, 2, generator: g));
            var optimizer = new Adam(model.Parameters(), lr: 0.02);
            var criterion = new CrossEntropyLoss();

            for (int epoch = 0; epoch < 40; epoch++)
            {
                foreach (var batch in loader)                       // batch[0]: points [32, 2], batch[1]: labels [32]
                {
                    var loss = criterion.Forward(model.Forward(batch[0]), batch[1]);
                    optimizer.ZeroGrad();                           // gradients add up: clear them before each Backward
                    loss.Backward();
                    optimizer.Step();
                }
            }

            using (Autograd.NoGrad())
            {
                var predicted = model.Forward(points).Argmax(1);
                var accuracy = predicted.Eq(labels).To(DType.Float32).Mean().Item<float>();
                Console.WriteLine($"accuracy {100 * accuracy:F1}%");   // about 99%
            }
            model.Save("circle.safetensors");                       // the safetensors format PyTorch reads
        });
        Assert.Matches(@"^accuracy \d+\.\d%$", lines[0]);
        Assert.True(double.Parse(lines[0][9..^1], System.Globalization.CultureInfo.InvariantCulture) > 97, lines[0]);
        Assert.True(File.Exists("circle.safetensors"));
    }

    [Fact]
    public void LoadTheModel()
    {
        using var folder = new TempFolder();
        var saved = new Sequential(new Linear(2, 16), new Relu(), new Linear(16, 2));
        saved.Save("circle.safetensors");

        var model = new Sequential(new Linear(2, 16), new Relu(), new Linear(16, 2));
        model.Load("circle.safetensors");                           // the same architecture, the trained weights
        model.Eval();                                               // dropout and batch norm switch to inference

        Assert.Equal(saved.Parameters().First().ToArray<float>(), model.Parameters().First().ToArray<float>());
    }
}
