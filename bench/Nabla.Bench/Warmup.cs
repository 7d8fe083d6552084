using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Bench;

/// <summary>
/// Full speed from the first step? Each (model, thread count, tiering setting) runs in a fresh process that
/// does nothing but Nabla training steps (MLP 784-256-10 and LeNet-5, batch 64, SGD) for a few seconds and
/// reports when each step ended, counted from the process's start. The table compares the median step
/// in the windows 0.5-1 s and 1-2 s after start with the steady state (the median of the run's last
/// third): the tiered JIT compiles, instruments and recompiles the hot methods in the first seconds, on
/// the cores the steps need. No libtorch in these processes, and none of the other rows' settings
/// (DOTNET_TC_CallCountingDelayMs): a program that just references the package, unless the row says.
/// </summary>
internal static class Warmup
{
    private const int Batch = 64;

    /// <summary>The settings compared: the runtime's defaults, and the remedies a sample could set.</summary>
    private static readonly (string Name, string? Variable, string? Value)[] Settings =
    [
        ("default", null, null),
        ("TieredPGO=0", "DOTNET_TieredPGO", "0"),
        ("TieredCompilation=0", "DOTNET_TieredCompilation", "0"),
    ];

    /// <summary>Runs every worker and prints the table. Returns a process exit code.</summary>
    public static int Compare(double seconds)
    {
        Console.WriteLine();
        Console.WriteLine($"Warm-up: Nabla training steps from a fresh process ({seconds:F0} s each; times since the process started)");
        Console.WriteLine();
        Console.WriteLine("| model | T | setting | first step ends | median step 0.5-1 s | 1-2 s | steady (last third) | 0.5-1 s vs steady |");
        Console.WriteLine("|:--|--:|:--|--:|--:|--:|--:|--:|");
        foreach (var model in new[] { "MLP", "LeNet" })
            foreach (int threads in new[] { 1, 2 })
                foreach (var setting in Settings)
                {
                    var steps = RunWorker(model, threads, setting.Variable, setting.Value, seconds);
                    if (steps.Count == 0) return 1;
                    double first = steps[0].End, early = Median(steps, 0.5, 1.0), later = Median(steps, 1.0, 2.0);
                    double steady = Median(steps, steps[^1].End - (steps[^1].End - steps[0].End) / 3, double.MaxValue);
                    Console.WriteLine($"| {model} | {threads} | {setting.Name} | {first * 1e3:F0} ms | {Table.Time(early)} | {Table.Time(later)} | " +
                        $"{Table.Time(steady)} | {(double.IsNaN(early) ? "n/a" : $"{100 * (early / steady - 1):+0;-0}%")} |");
                }
        return 0;
    }

    private static List<(double End, double Step)> RunWorker(string model, int threads, string? variable, string? value, double seconds)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in new[] { "--warmup-worker", model, seconds.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_PROCESSOR_COUNT"] = threads.ToString(CultureInfo.InvariantCulture);
        psi.Environment.Remove("DOTNET_TC_CallCountingDelayMs");
        if (variable is not null) psi.Environment[variable] = value;
        Console.Error.WriteLine($"warm-up: {model}, T={threads}{(variable is null ? "" : $", {variable}={value}")}");
        using var process = Process.Start(psi)!;
        var steps = new List<(double, double)>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f.Length == 3 && f[0] == "@step") steps.Add((double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture)));
            else Console.Error.WriteLine(line);
        }
        process.WaitForExit();
        return process.ExitCode == 0 ? steps : [];
    }

    /// <summary>The worker: steps for <paramref name="seconds"/>, printing "@step end-since-process-start step-seconds".</summary>
    public static int Worker(string model, double seconds)
    {
        // The runtime's own start-up (before Main) counts: the clock starts at the process's start time.
        double startup = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        var clock = Stopwatch.StartNew();
        var net = model == "LeNet" ? TrainingCases.NablaLeNet() : TrainingCases.NablaMlp();
        int[] shape = model == "LeNet" ? [Batch, 1, 28, 28] : [Batch, 784];
        var x = Tensor.FromArray(Inputs.Uniform(Batch * 784, 20, 0, 1), shape);
        var rng = new Random(21);
        var y = Tensor.FromArray(Enumerable.Range(0, Batch).Select(_ => (long)rng.Next(10)).ToArray());
        var optimizer = new Sgd(net.Parameters(), lr: 0.01);
        var lines = new List<string>();
        double last = clock.Elapsed.TotalSeconds;
        while (last < seconds)
        {
            optimizer.ZeroGrad();
            F.CrossEntropy(net.Forward(x), y).Backward();
            optimizer.Step();
            double now = clock.Elapsed.TotalSeconds;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"@step\t{startup + now:R}\t{now - last:R}"));
            last = now;
        }
        foreach (var line in lines) Console.WriteLine(line);   // printed after the loop, so that printing costs the steps nothing
        return 0;
    }

    /// <summary>The median step among those that ended in [from, to) seconds after start; NaN if none.</summary>
    private static double Median(List<(double End, double Step)> steps, double from, double to)
    {
        var s = steps.Where(p => p.End >= from && p.End < to).Select(p => p.Step).Order().ToArray();
        return s.Length == 0 ? double.NaN : s[s.Length / 2];
    }
}
