// Trains LeNet-5 on MNIST, as PyTorch's "Training a Classifier" tutorial trains its CNN:
//   dotnet run -c Release --project samples/Mnist -- --data path/to/mnist [--epochs 6] [--optimizer adam|sgd]
// Prints a progress bar per epoch and the test accuracy after each, saves the weights as
// safetensors and the loss/accuracy curves as a PNG.
using System.Diagnostics;
using Nabla;
using Nabla.Data;
using Nabla.NN;
using Spectre.Console;

var options = Options.Parse(args);
if (options is null) return 1;

var (train, test, description) = MnistData.Load(options.Data);
AnsiConsole.MarkupLine($"[bold]MNIST[/]: {Markup.Escape(description)}");

var generator = new Generator(options.Seed);
var model = new LeNet(generator);
var optimizer = options.CreateOptimizer(model.Parameters());
AnsiConsole.WriteLine(model.ToString());

var loader = new DataLoader(train, batchSize: options.BatchSize, shuffle: true, generator: generator);
var losses = new List<double>();
var accuracies = new List<double>();
for (int epoch = 1; epoch <= options.Epochs; epoch++)
{
    var clock = Stopwatch.StartNew();
    double epochLoss = 0;
    int batches = 0;
    model.Train();
    AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
        .Start(ctx =>
        {
            var task = ctx.AddTask($"epoch {epoch}/{options.Epochs}", maxValue: Math.Ceiling(train.Count / (double)options.BatchSize));
            foreach (Tensor[] batch in loader)
            {
                var loss = F.CrossEntropy(model.Forward(batch[0]), batch[1]);
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
                double value = loss.Item<float>();
                losses.Add(value);
                epochLoss += value;
                batches++;
                task.Increment(1);
            }
        });
    double accuracy = Evaluate(model, test);
    accuracies.Add(accuracy);
    AnsiConsole.MarkupLine($"epoch {epoch}: mean loss {epochLoss / batches:F4}, test accuracy [bold]{accuracy:P2}[/] ({clock.Elapsed.TotalSeconds:F1} s)");
}

Directory.CreateDirectory(options.Output);
string weights = Path.Combine(options.Output, "lenet.safetensors");
model.Save(weights);
string plot = Path.Combine(options.Output, "curves.png");
Curves.Save(plot, losses, accuracies, train.Count / options.BatchSize);
AnsiConsole.MarkupLine($"weights: {Markup.Escape(weights)}, curves: {Markup.Escape(plot)}");
return 0;

static double Evaluate(Module model, TensorDataset test)
{
    model.Eval();
    long correct = 0;
    using (Autograd.NoGrad())
        foreach (Tensor[] batch in new DataLoader(test, batchSize: 1000))
            correct += model.Forward(batch[0]).Argmax(1).Eq(batch[1]).Sum().Item<long>();
    return correct / (double)test.Count;
}
