using System.Diagnostics;
using System.Runtime;

namespace Nabla.Bench;

/// <summary>How a case's work is shown beside its times: GFLOP/s for products, ns per element for streams.</summary>
internal enum RateKind { None, GFlops, NsPerElement }

/// <summary>
/// One row of the table. <see cref="Setup"/> builds the inputs (the same float[] copied into both engines)
/// only when the row runs, so a filtered run allocates nothing it does not measure. Times are per call,
/// divided by <see cref="PerCall"/> (e.g. per op for the tiny-op rows).
/// </summary>
internal sealed record Case(string Op, string Size, Func<Pair> Setup, RateKind Rate = RateKind.None, double Work = 0, int PerCall = 1)
{
    public string Name => $"{Op} {Size}";
}

/// <summary>
/// The two sides of one row: a call of each engine, and a check that returns each engine's output
/// (computed afresh, after the timed calls; the Nabla side's check runs first).
/// </summary>
internal sealed class Pair(Action nabla, Action torch, Func<float[][]> nablaOutput, Func<float[][]> torchOutput,
    List<IDisposable> owned, double tolerance = 1e-4) : IDisposable
{
    public Action Nabla { get; } = nabla;
    public Action Torch { get; } = torch;
    /// <summary>The outputs to compare (several for a row with several results, e.g. a gradient per input).</summary>
    public Func<float[][]> NablaOutput { get; } = nablaOutput;
    public Func<float[][]> TorchOutput { get; } = torchOutput;
    /// <summary>Largest accepted |nabla - torch| relative to max |torch|, for each output.</summary>
    public double Tolerance { get; } = tolerance;
    /// <summary>Native tensors to free when the row is done (TorchSharp holds libtorch memory outside the GC).</summary>
    public List<IDisposable> Owned { get; } = owned;

    public void Dispose()
    {
        foreach (var d in Owned) d.Dispose();
    }
}

/// <summary>A measured row: median seconds per call (divided by PerCall) and the output comparison.</summary>
/// <remarks>
/// <see cref="WorkerRun"/> and <see cref="WorkerWait"/> (T &gt; 1): the seconds Nabla's worker threads ran, and
/// waited runnable for a busy core, per second of Nabla's timed samples: 0.9 run means the second core did
/// 90% of a core's work beside the calling thread; NaN at T=1 or off Linux. <see cref="Jit"/>: the seconds
/// the runtime's background JIT thread ran per second of those samples (0 once the row is warm).
/// </remarks>
internal sealed record Row(string Op, string Size, int Threads, double Nabla, double Torch, string NablaRate, string TorchRate,
    double MaxAbs, double MaxRel, string Check, double WorkerRun = double.NaN, double WorkerWait = double.NaN, double Jit = double.NaN)
{
    public string Serialize() => string.Join('\t', "@row", Op, Size, Threads, Nabla.ToString("R"), Torch.ToString("R"),
        NablaRate, TorchRate, MaxAbs.ToString("R"), MaxRel.ToString("R"), Check, WorkerRun.ToString("R"), WorkerWait.ToString("R"),
        Jit.ToString("R"));

    public static Row? Parse(string line)
    {
        var f = line.Split('\t');
        if (f.Length != 14 || f[0] != "@row") return null;
        return new Row(f[1], f[2], int.Parse(f[3]), double.Parse(f[4]), double.Parse(f[5]), f[6], f[7],
            double.Parse(f[8]), double.Parse(f[9]), f[10], double.Parse(f[11]), double.Parse(f[12]), double.Parse(f[13]));
    }
}

/// <summary>
/// Timing settings: how long a sample lasts (and at T &gt; 1 how many samples of one engine run back to back,
/// <see cref="Block"/>), how much time a row may spend per engine, and the warm-up:
/// at least <see cref="WarmCalls"/> calls and <see cref="WarmSeconds"/>, then on until the JIT has compiled
/// nothing for <see cref="JitQuietCalls"/> calls (or <see cref="JitQuietCap"/> seconds of slow calls), unless
/// the warm-up would take longer than <see cref="WarmCap"/> seconds.
/// </summary>
/// <remarks>
/// Why wait for a quiet JIT: tiered compilation promotes a method called once per call after about 60 calls
/// (30 to the instrumented tier, 30 more to optimised code), and compiles it on a background thread. A
/// LeNet row that started timing after 40 calls had that thread running 0.2-0.3 s per second of Nabla's
/// samples, on the core a T=2 row's worker needed (the worker then waited runnable half the time).
/// </remarks>
internal sealed record Budget(double SampleSeconds, double RowSeconds, int MinSamples, int MaxSamples, double WarmSeconds, int WarmCalls,
    double WarmCap, int JitQuietCalls, double JitQuietCap, int Block)
{
    public static Budget Full { get; } = new(0.010, 1.5, 7, 41, 0.2, 40, 20.0, 100, 2.0, 10);
    public static Budget Quick { get; } = new(0.004, 0.12, 3, 7, 0.03, 40, 0.4, 0, 0, 3);
}

/// <summary>
/// Interleaved Stopwatch medians: warm-up, then samples alternating Nabla, libtorch, Nabla, libtorch...
/// (at T &gt; 1, blocks of <see cref="Budget.Block"/> samples alternate). Each sample repeats the call
/// <c>inner</c> times so that it lasts about <see cref="Budget.SampleSeconds"/>; both engines make the same
/// number of calls.
/// </summary>
internal static class Harness
{
    public static Row Measure(Case c, int threads, Budget budget)
    {
        using var pair = c.Setup();
        // First calls: JIT, libtorch's lazy init, first touch of the output pages.
        pair.Nabla();
        pair.Torch();
        double tn = Time(pair.Nabla, 1), tt = Time(pair.Torch, 1);
        double slow = Math.Max(Math.Max(tn, tt), 1e-7);
        int inner = (int)Math.Clamp(Math.Ceiling(budget.SampleSeconds / slow), 1, 1_000_000);
        double sample = inner * slow;
        // Warm-up, like BenchmarkDotNet's jitting stage: tiered compilation promotes a method to optimised
        // code after 30 calls (workers run with DOTNET_TC_CallCountingDelayMs=0, so counting starts at once);
        // before that, Nabla's kernels run as unoptimised or on-stack-replaced code, several times slower.
        var warmWatch = Stopwatch.StartNew();
        int calls = 2, callsAtCompile = 0;
        long compiled = JitInfo.GetCompiledMethodCount();
        double secondsAtCompile = 0;
        bool Warming()
        {
            double now = warmWatch.Elapsed.TotalSeconds;
            if (now >= budget.WarmCap) return false;
            bool jitQuiet = calls - callsAtCompile >= budget.JitQuietCalls || now - secondsAtCompile >= budget.JitQuietCap;
            return calls < budget.WarmCalls || now < budget.WarmSeconds || !jitQuiet;
        }
        while (Warming())
        {
            Time(pair.Nabla, inner);
            Time(pair.Torch, inner);
            calls += inner;
            long count = JitInfo.GetCompiledMethodCount();
            if (count != compiled && Environment.GetEnvironmentVariable("DBG_JIT") == "1") Console.Error.WriteLine($"    +{count - compiled} at call {calls}, {warmWatch.Elapsed.TotalSeconds:F2}s");
            if (count != compiled) (compiled, callsAtCompile, secondsAtCompile) = (count, calls, warmWatch.Elapsed.TotalSeconds);
        }
        Thread.Sleep(50);   // lets the background JIT install the optimised code
        int samples = (int)Math.Clamp(budget.RowSeconds / sample, budget.MinSamples, budget.MaxSamples);
        var ns = new double[samples];
        var ts = new double[samples];
        double nablaSeconds = 0, workerRun = 0, workerWait = 0, jit = 0;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        int block = threads == 1 ? 1 : budget.Block;
        for (int i = 0; i < samples; i += block)
        {
            int end = Math.Min(samples, i + block);
            Settle(threads, pair.Nabla, inner);
            for (int k = i; k < end; k++)
            {
                var (run0, wait0, jit0) = WorkerThreads.Times();
                double seconds = Time(pair.Nabla, inner);
                var (run1, wait1, jit1) = WorkerThreads.Times();
                (nablaSeconds, workerRun, workerWait, jit) = (nablaSeconds + seconds, workerRun + run1 - run0, workerWait + wait1 - wait0, jit + jit1 - jit0);
                ns[k] = seconds / inner;
            }
            Settle(threads, pair.Torch, inner);
            for (int k = i; k < end; k++) ts[k] = Time(pair.Torch, inner) / inner;
        }
        double n = Median(ns) / c.PerCall, t = Median(ts) / c.PerCall;
        var nablaOutput = pair.NablaOutput();   // first: the training rows hand Nabla's parameters to libtorch's check
        var (maxAbs, maxRel, check) = Compare(nablaOutput, pair.TorchOutput(), pair.Tolerance);
        bool team = threads > 1 && OperatingSystem.IsLinux();
        return new Row(c.Op, c.Size, threads, n, t, Rate(c, n), Rate(c, t), maxAbs, maxRel, check,
            team ? workerRun / nablaSeconds : double.NaN, team ? workerWait / nablaSeconds : double.NaN, team ? jit / nablaSeconds : double.NaN);
    }

    /// <summary>
    /// Warms the sampling loop's own code (reading the thread statistics once per sample) to optimised code
    /// before the first row, so that the JIT does not compile it on the second core during a T=2 row's samples.
    /// </summary>
    public static void WarmSampler()
    {
        for (int i = 0; i < 200; i++) WorkerThreads.Times();
        var watch = Stopwatch.StartNew();
        long compiled = JitInfo.GetCompiledMethodCount();
        double quietSince = 0;
        while (watch.Elapsed.TotalSeconds - quietSince < 0.3 && watch.Elapsed.TotalSeconds < 5)
        {
            Thread.Sleep(20);
            WorkerThreads.Times();
            long count = JitInfo.GetCompiledMethodCount();
            if (count != compiled) (compiled, quietSince) = (count, watch.Elapsed.TotalSeconds);
        }
    }

    /// <summary>
    /// At T &gt; 1, before each block of one engine's samples: a pause, so that the block starts with the other
    /// engine's threads asleep, then one untimed sample of the engine about to be timed.
    /// </summary>
    /// <remarks>
    /// The pause: libtorch's OpenMP threads spin for a few ms after each call (libgomp's default: 300,000
    /// spins), and without it they held the second core through most of the next Nabla sample (a 1024²
    /// matmul ran at T=1 speed on two threads). The untimed sample: after the pause the engine's threads
    /// are parked and the vCPUs halted, and the first calls pay for waking them, and on this VM often find
    /// both threads placed on one vCPU for milliseconds. Alternating every sample timed mostly that (the
    /// worker waited runnable half the time; sum 16M took 2.2 ms against 1.05 ms in a loop, and libtorch's
    /// relu 1M 4.1 ms against 0.06). Blocks of back-to-back samples time what a loop of calls sees.
    /// </remarks>
    private static void Settle(int threads, Action call, int inner)
    {
        if (threads == 1) return;
        Thread.Sleep(SettleMilliseconds);
        Time(call, inner);
    }

    /// <summary>Longer than libgomp's default spin (300,000 pause instructions: 2 to 10 ms).</summary>
    private const int SettleMilliseconds = 15;

    private static double Time(Action call, int count)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++) call();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Median(double[] xs)
    {
        var s = (double[])xs.Clone();
        Array.Sort(s);
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    /// <summary>The FMA peak (GFLOP/s) of <see cref="Peak.GemmWidth"/> vectors at this worker's thread count; 0 when not measured.</summary>
    public static double GemmPeak { get; set; }

    private static string Rate(Case c, double seconds) => c.Rate switch
    {
        RateKind.GFlops when GemmPeak > 0 => $"{c.Work / seconds / 1e9:F1} GFLOP/s = {100 * c.Work / seconds / 1e9 / GemmPeak:F0}% of V{Peak.GemmWidth}",
        RateKind.GFlops => $"{c.Work / seconds / 1e9:F1} GFLOP/s",
        RateKind.NsPerElement => $"{seconds / c.Work * 1e9:F3} ns/el",
        _ => "",
    };

    /// <summary>The worst of <see cref="Compare(float[], float[], double)"/> over the outputs.</summary>
    public static (double MaxAbs, double MaxRel, string Check) Compare(float[][] nabla, float[][] torch, double tolerance)
    {
        if (nabla.Length != torch.Length) return (double.NaN, double.NaN, $"FAIL ({nabla.Length} outputs vs {torch.Length})");
        double maxAbs = 0, maxRel = 0;
        string check = "OK";
        for (int i = 0; i < nabla.Length; i++)
        {
            var (a, r, c) = Compare(nabla[i], torch[i], tolerance);
            maxAbs = Math.Max(maxAbs, a);
            maxRel = Math.Max(maxRel, r);
            if (c != "OK") check = nabla.Length == 1 ? c : $"{c} (output {i})";
        }
        return (maxAbs, maxRel, check);
    }

    /// <summary>Max |a - b| and that over max |b| (relative to the output's scale, so values near 0 do not blow it up).</summary>
    public static (double MaxAbs, double MaxRel, string Check) Compare(float[] nabla, float[] torch, double tolerance)
    {
        if (nabla.Length != torch.Length) return (double.NaN, double.NaN, $"FAIL (lengths {nabla.Length} vs {torch.Length})");
        double maxAbs = 0, scale = 0;
        bool mismatch = false;
        for (int i = 0; i < nabla.Length; i++)
        {
            double a = nabla[i], b = torch[i];
            if (double.IsFinite(b)) scale = Math.Max(scale, Math.Abs(b));
            if (!double.IsFinite(a) || !double.IsFinite(b))
            {
                mismatch |= !a.Equals(b);
                continue;
            }
            maxAbs = Math.Max(maxAbs, Math.Abs(a - b));
        }
        double maxRel = scale > 0 ? maxAbs / scale : maxAbs;
        return (maxAbs, maxRel, mismatch || !(maxRel <= tolerance) ? "FAIL" : "OK");
    }
}
