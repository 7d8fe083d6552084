// The MLP 784-256-10 training loop (batch 64, SGD) for N steps (default 10,000), printing the process's
// working set, its peak, and the managed heap every N/10 steps: memory must not grow with the step count.
//   dotnet run -c Release --project bench/MemorySoak [-- steps]
using System.Diagnostics;
using Nabla;
using Nabla.NN;
using Nabla.Optim;

int steps = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var g = new Generator(0);
var model = new Sequential(new Linear(784, 256, generator: g), new Relu(), new Linear(256, 10, generator: g));
var opt = new Sgd(model.Parameters(), lr: 0.01, momentum: 0.9);
var x = Tensor.Randn([64, 784], generator: g);
var y = Tensor.RandInt(0, 10, [64], generator: g);
var process = Process.GetCurrentProcess();
var clock = Stopwatch.StartNew();
for (int step = 1; step <= steps; step++)
{
    var loss = F.CrossEntropy(model.Forward(x), y);
    opt.ZeroGrad();
    loss.Backward();
    opt.Step();
    if (step % (steps / 10) == 0)
    {
        process.Refresh();
        Console.WriteLine($"step {step,6}: working set {process.WorkingSet64 / 1e6,6:F1} MB, peak {process.PeakWorkingSet64 / 1e6,6:F1} MB, " +
            $"managed heap {GC.GetTotalMemory(false) / 1e6,6:F1} MB, loss {loss.Item<float>():F4}, {clock.Elapsed.TotalMilliseconds / step:F3} ms/step");
    }
}
