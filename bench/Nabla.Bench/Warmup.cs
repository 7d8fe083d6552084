using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Bench;

/// <summary>
/// Full speed from the first step? Each (model, thread count, tiering setting) runs in a fresh process that
/// does nothing but Nabla training steps (MLP 784-256-10 and LeNet-5, batch 64, SGD) for a few seconds and
/// reports when each step ended, counted from the process's start. The table compares the median step
/// in the window 0.5-1 s after start with the steady state (the median of the run's last third), by the
/// wall clock and by the process's CPU clock (which a busy machine does not stretch), and says what else
/// the process did after 0.5 s: methods the JIT compiled, pages it faulted in. Every configuration runs
/// several times, interleaved with the others, and the table shows medians. No libtorch in these processes,
/// and none of the other rows' settings (DOTNET_TC_CallCountingDelayMs): a program that just references the
/// package, unless the row says.
/// </summary>
internal static class Warmup
{
    private const int Batch = 64;

    /// <summary>The settings compared: the runtime's defaults, and the remedies an application could set.</summary>
    private static readonly (string Name, string? Variable, string? Value)[] Settings =
    [
        ("default", null, null),
        ("TieredPGO=0", "DOTNET_TieredPGO", "0"),
        // Methods with loops are compiled optimised at once, as AggressiveOptimization would do for each of them.
        ("TC_QuickJitForLoops=0", "DOTNET_TC_QuickJitForLoops", "0"),
        ("TieredCompilation=0", "DOTNET_TieredCompilation", "0"),
    ];

    /// <summary>Runs every worker <paramref name="runs"/> times, interleaved, and prints the table. Returns a process exit code.</summary>
    public static int Compare(double seconds, int runs)
    {
        var results = new Dictionary<(string Model, int Threads, string Setting), List<WarmupRun>>();
        for (int run = 0; run < runs; run++)
            foreach (var model in new[] { "MLP", "LeNet" })
                foreach (int threads in new[] { 1, 2 })
                    foreach (var setting in Settings)
                    {
                        var steps = RunWorker(model, threads, setting.Variable, setting.Value, seconds);
                        if (steps.Count == 0) return 1;
                        var key = (model, threads, setting.Name);
                        if (!results.TryGetValue(key, out var list)) results[key] = list = [];
                        list.Add(WarmupRun.From(steps));
                    }
        Console.WriteLine();
        Console.WriteLine($"Warm-up: Nabla training steps from a fresh process ({seconds:F0} s each, medians of {runs} processes per row; times since the process started)");
        Console.WriteLine("CPU clock: windows and steps by the process's CPU time, all threads (at T=1, a quiet one-core machine's wall clock).");
        Console.WriteLine();
        Console.WriteLine("| model | T | setting | first step ends | median step 0.5-1 s | steady (last third) | 0.5-1 s vs steady | CPU clock: 0.5-1 s vs steady | JIT methods after 0.5 s | page faults per step 0.5-1 s / steady |");
        Console.WriteLine("|:--|--:|:--|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var ((model, threads, setting), list) in results)
        {
            double Med(Func<WarmupRun, double> f) => Median(list.Select(f));
            // Rounded to a whole percent first: a small negative ratio formatted directly came out as "-+0%".
            static string Percent(double r) => double.IsNaN(r) ? "n/a" : $"{(int)Math.Round(100 * r):+0;-0;+0}%";
            static string Count(double c) => double.IsNaN(c) ? "n/a" : $"{c:F0}";
            Console.WriteLine($"| {model} | {threads} | {setting} | {Med(r => r.FirstEnd) * 1e3:F0} ms | {Table.Time(Med(r => r.Early))} | {Table.Time(Med(r => r.Steady))} | " +
                $"{Percent(Med(r => r.Early / r.Steady - 1))} | {Percent(Med(r => r.CpuEarly / r.CpuSteady - 1))} | {Med(r => r.JitAfterHalfSecond):F0} | " +
                $"{Count(Med(r => r.FaultsEarly))} / {Count(Med(r => r.FaultsSteady))} |");
        }
        return 0;
    }

    private static List<WarmupStep> RunWorker(string model, int threads, string? variable, string? value, double seconds)
    {
        var psi = SelfProcess.StartInfo(["--warmup-worker", model, seconds.ToString(CultureInfo.InvariantCulture)]);
        psi.Environment["DOTNET_PROCESSOR_COUNT"] = threads.ToString(CultureInfo.InvariantCulture);
        psi.Environment.Remove("DOTNET_TC_CallCountingDelayMs");
        if (variable is not null) psi.Environment[variable] = value;
        Console.Error.WriteLine($"warm-up: {model}, T={threads}{(variable is null ? "" : $", {variable}={value}")}");
        var steps = new List<WarmupStep>();
        int rc = SelfProcess.Run(psi, line =>
        {
            if (WarmupStep.TryParse(line) is not { } step) return false;
            steps.Add(step);
            return true;
        });
        return rc == 0 ? steps : [];
    }

    /// <summary>
    /// The worker: steps for <paramref name="seconds"/> of wall time and of process CPU time (so that a busy
    /// machine still leaves it time to reach its steady state; at most 8x the wall time), then prints a line
    /// per step (<see cref="WarmupStep"/>).
    /// </summary>
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
        var steps = new List<WarmupStep>();
        double last = clock.Elapsed.TotalSeconds, lastThreadCpu = ProcessClocks.ThreadCpuSeconds(), cpu = ProcessClocks.ProcessCpuSeconds();
        while ((last < seconds || cpu < seconds) && last < 8 * seconds)
        {
            optimizer.ZeroGrad();
            F.CrossEntropy(net.Forward(x), y).Backward();
            optimizer.Step();
            double now = clock.Elapsed.TotalSeconds, threadCpu = ProcessClocks.ThreadCpuSeconds();
            cpu = ProcessClocks.ProcessCpuSeconds();
            steps.Add(new(startup + now, now - last, cpu, threadCpu - lastThreadCpu, JitInfo.GetCompiledMethodCount(), ProcessClocks.MinorPageFaults()));
            last = now;
            lastThreadCpu = threadCpu;
        }
        foreach (var step in steps) Console.WriteLine(step);   // printed after the loop, so that printing costs the steps nothing
        return 0;
    }

    /// <summary>The median; NaN if there is none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var s = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return s.Length == 0 ? double.NaN : s[s.Length / 2];
    }
}
