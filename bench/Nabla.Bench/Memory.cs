using System.Diagnostics;
using System.Globalization;
using Nabla.NN;
using Nabla.Optim;
using TorchSharp;
using TorchNN = TorchSharp.torch.nn;

namespace Nabla.Bench;

/// <summary>
/// The memory row of the issue: the MLP 784-256-10 training loop (batch 64, SGD with momentum) for many
/// steps, once per engine, each in a process of its own (a working set is per process, and neither
/// engine's libraries should count against the other). Each worker reports its working set before the
/// loop, at every tenth of the steps, and its peak; the coordinator prints them side by side.
/// </summary>
internal static class Memory
{
    private const int Batch = 64;

    /// <summary>Runs both workers and prints the comparison. Returns a process exit code.</summary>
    public static int Compare(int steps)
    {
        var reports = new Dictionary<string, List<double[]>>();
        foreach (var engine in new[] { "nabla", "libtorch" })
        {
            Console.Error.WriteLine($"{engine}: {steps} steps in a process of its own");
            var lines = new List<double[]>();
            int rc = SelfProcess.Run(SelfProcess.StartInfo(["--memory-worker", engine, steps.ToString(CultureInfo.InvariantCulture)]),
                line =>
                {
                    if (SelfProcess.Tagged(line, "@mem") is not { } row) return false;
                    lines.Add(row);
                    return true;
                });
            if (rc != 0) return rc;
            reports[engine] = lines;
        }
        Console.WriteLine($"MLP 784-256-10 training loop, batch {Batch}, SGD (momentum 0.9), {steps:N0} steps, float32, default threads; one process per engine.");
        Console.WriteLine("Working set (MB) before the loop, after 10% of the steps, at the end, and the process's peak; growth = end - after 10%.");
        Console.WriteLine();
        Console.WriteLine("| engine   | before loop | after 10% | at end | peak  | growth | ms/step |");
        Console.WriteLine("|:---------|------------:|----------:|-------:|------:|-------:|--------:|");
        foreach (var (engine, rows) in reports)
        {
            // rows: [step, working set, peak, ms per step]; the first row is step 0 (before the loop).
            double before = rows[0][1], tenth = rows[1][1], end = rows[^1][1], peak = rows[^1][2], perStep = rows[^1][3];
            Console.WriteLine($"| {engine,-8} | {before,11:F1} | {tenth,9:F1} | {end,6:F1} | {peak,5:F1} | {end - tenth,6:F1} | {perStep,7:F3} |");
        }
        return 0;
    }

    /// <summary>One engine's loop; prints "@mem step workingSetMB peakMB msPerStep" lines.</summary>
    public static int Worker(string engine, int steps)
    {
        var process = Process.GetCurrentProcess();
        var clock = new Stopwatch();
        void Report(int step)
        {
            process.Refresh();
            double perStep = step == 0 ? 0 : clock.Elapsed.TotalMilliseconds / step;
            Console.WriteLine(string.Join('\t', "@mem", step.ToString(CultureInfo.InvariantCulture),
                (process.WorkingSet64 / 1e6).ToString("R", CultureInfo.InvariantCulture),
                (process.PeakWorkingSet64 / 1e6).ToString("R", CultureInfo.InvariantCulture),
                perStep.ToString("R", CultureInfo.InvariantCulture)));
        }
        Func<float> step = engine switch { "nabla" => NablaLoop(), "libtorch" => TorchLoop(), _ => throw new ArgumentException(engine) };
        step();   // the first step loads and JITs everything; "before the loop" means after it
        Report(0);
        clock.Start();
        for (int i = 1; i <= steps; i++)
        {
            step();
            if (i % Math.Max(1, steps / 10) == 0) Report(i);
        }
        return 0;
    }

    private static Func<float> NablaLoop()
    {
        var g = new Generator(0);
        var model = new Sequential(new Linear(784, 256, generator: g), new Relu(), new Linear(256, 10, generator: g));
        var opt = new Sgd(model.Parameters(), lr: 0.01, momentum: 0.9);
        var x = Tensor.Randn([Batch, 784], generator: g);
        var y = Tensor.RandInt(0, 10, [Batch], generator: g);
        return () =>
        {
            opt.ZeroGrad();
            var loss = F.CrossEntropy(model.Forward(x), y);
            loss.Backward();
            opt.Step();
            return loss.Item<float>();
        };
    }

    private static Func<float> TorchLoop()
    {
        torch.manual_seed(0);
        var model = TorchNN.Sequential(TorchNN.Linear(784, 256), TorchNN.ReLU(), TorchNN.Linear(256, 10));
        var opt = torch.optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        var x = torch.randn(Batch, 784);
        var y = torch.randint(0, 10, [Batch]);
        return () =>
        {
            using var scope = torch.NewDisposeScope();
            opt.zero_grad();
            var loss = torch.nn.functional.cross_entropy(model.forward(x), y);
            loss.backward();
            opt.step();
            return loss.item<float>();
        };
    }
}
