// Trains a character-level GPT on tiny Shakespeare, as nanoGPT's train.py does with its CPU configuration:
//   dotnet run -c Release --project samples/CharGpt [-- --text PATH --max-iters 2000 ...]
// Prints the train and validation loss every 250 steps, a progress bar in between, writes the weights
// as safetensors under nanoGPT's names, and samples 500 characters from the trained model.
using System.Diagnostics;
using System.Text.Json;
using Nabla;
using Nabla.IO;
using Nabla.Optim;

var options = Options.Parse(args);
if (options is null) return 1;
if (!File.Exists(options.Text))
{
    Console.Error.WriteLine($"error: no text at '{Path.GetFullPath(options.Text)}'. Pass --text PATH; tiny Shakespeare is " +
        "data/tinyshakespeare/input.txt of github.com/karpathy/char-rnn (the file nanoGPT's prepare.py downloads).");
    return 1;
}

var data = TextData.Load(options.Text);
Console.WriteLine($"{options.Text}: vocabulary of {data.VocabSize} characters, {data.Train.Length:N0} for training, {data.Val.Length:N0} for validation");
var generator = new Generator(options.Seed);
var model = new Gpt(options.ModelConfig(data.VocabSize), generator);
Console.WriteLine($"number of parameters: {model.NumParams / 1e6:F2}M");
var optimizer = model.ConfigureOptimizers(options.WeightDecay, options.LearningRate, (options.Beta1, options.Beta2));

var bar = new ProgressBar(options.MaxIters);
var training = new Stopwatch();
for (int iter = 0; ; iter++)
{
    if (iter % options.EvalInterval == 0 || iter == options.MaxIters)
    {
        var (trainLoss, valLoss) = (EstimateLoss(data.Train), EstimateLoss(data.Val));
        bar.WriteLine($"step {iter}: train loss {trainLoss:F4}, val loss {valLoss:F4}");
    }
    if (iter == options.MaxIters) break;

    training.Start();
    double lr = options.LearningRateAt(iter);
    foreach (var group in optimizer.ParamGroups) group.Lr = lr;
    var (x, y) = TextData.GetBatch(data.Train, options.BatchSize, options.BlockSize, generator);
    var (_, loss) = model.Forward(x, y);
    loss!.Backward();
    if (options.GradClip > 0) ClipGrad.Norm(model.Parameters(), options.GradClip);
    optimizer.Step();
    optimizer.ZeroGrad();
    double lossValue = loss.Item<float>();
    training.Stop();
    bar.Update(iter + 1, lossValue, training.Elapsed.TotalMilliseconds / (iter + 1));
}
Console.WriteLine($"trained {options.MaxIters} steps in {training.Elapsed.TotalSeconds:F1} s " +
    $"({training.Elapsed.TotalMilliseconds / Math.Max(options.MaxIters, 1):F1} ms per step, evaluations not counted)");

Directory.CreateDirectory(options.Out);
string weights = Path.Combine(options.Out, "model.safetensors");
Safetensors.Save(weights, model.StateDict(), new Dictionary<string, string>
{
    ["format"] = "pt",
    ["vocabulary"] = data.Vocabulary,   // id i is character i of this string (nanoGPT keeps it in meta.pkl)
    ["config"] = JsonSerializer.Serialize(model.Config),
});
Console.WriteLine($"weights: {weights}");

model.Eval();
var start = Tensor.FromArray(data.Encode("\n"), [1, 1]);   // sample.py's default start
var sample = model.Generate(start, options.MaxNewTokens, options.Temperature, options.TopK, generator);
Console.WriteLine("---------------");
Console.WriteLine(data.Decode(sample.ToArray<long>()));
Console.WriteLine("---------------");
return 0;

// nanoGPT's estimate_loss: the mean loss over EvalIters random batches of one split, in eval mode.
double EstimateLoss(long[] split)
{
    model.Eval();
    double sum = 0;
    using (Autograd.NoGrad())
        for (int k = 0; k < options.EvalIters; k++)
        {
            var (x, y) = TextData.GetBatch(split, options.BatchSize, options.BlockSize, generator);
            sum += model.Forward(x, y).Loss!.Item<float>();
        }
    model.Train();
    return sum / options.EvalIters;
}
