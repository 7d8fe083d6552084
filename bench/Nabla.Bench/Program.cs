using System.Diagnostics;
using System.Globalization;
using TorchSharp;

namespace Nabla.Bench;

/// <summary>
/// Nabla against libtorch (TorchSharp-cpu) on identical inputs, interleaved in one process per thread count.
/// Nabla's kernels size their parallelism from Environment.ProcessorCount, which the runtime reads once at
/// start from DOTNET_PROCESSOR_COUNT; so each thread count runs in a worker process started with that
/// variable set (and torch.set_num_threads), and this process merges their rows into one table.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: Nabla.Bench [--quick] [--filter TEXT] [--threads 1|2|both] [--list]
               Nabla.Bench --memory [STEPS]
               Nabla.Bench --attention-memory [L]
               Nabla.Bench --peak
               Nabla.Bench --warmup [SECONDS [RUNS]]
               Nabla.Bench --ops [--filter TEXT]
               Nabla.Bench --layers [--filter TEXT]
          --quick        fewer and shorter samples (a smoke run)
          --filter TEXT  only rows whose "op size" contains TEXT (case-insensitive; A|B: either)
          --threads N    1, 2 or both (default both); each count runs in its own worker process
          --list         print the row names and exit
          --memory       the MLP training loop's working set, Nabla and libtorch each in its own
                         process, for STEPS steps (default 10000)
          --attention-memory  causal attention forward + backward (B 8, H 8, D 64) at sequence length L
                         (default 2048): the peak resident memory it adds, each engine in its own process
          --peak         this machine's float32 FMA peak for each vector width (the matmul rows' yardstick)
          --warmup       Nabla's MLP and LeNet training steps from a fresh process, T=1 and T=2, per
                         tiering setting: the first seconds against the steady state (SECONDS per
                         process, default 6; RUNS fresh processes per row, interleaved, default 3)
          --ops          the op-by-op differential check against libtorch in float64: values, gradients
                         and node names of every op (see OpCheck/); --filter TEXT keeps matching rows
          --layers       the layer check against libtorch in float64: one state dict in both, outputs and the
                         gradients of inputs and parameters (see LayerCheck/)
        """;

    private static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 1 && args[0] == "--peak") return Peak.Run();
        if (args.Length >= 1 && args[0] == "--ops") return OpCheck.Run(args);
        if (args.Length >= 1 && args[0] == "--layers") return LayerCheck.Run(args);
        if (args.Length >= 1 && args[0] == "--memory")
            return Memory.Compare(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000);
        if (args.Length >= 1 && args[0] == "--attention-memory")
            return AttentionMemory.Compare(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2048);
        if (args.Length == 3 && args[0] == "--attention-memory-worker")
            return AttentionMemory.Worker(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        if (args.Length >= 1 && args[0] == "--warmup")
            return Warmup.Compare(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 6,
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
        if (args.Length == 3 && args[0] == "--warmup-worker")
            return Warmup.Worker(args[1], double.Parse(args[2], CultureInfo.InvariantCulture));
        if (args.Length == 3 && args[0] == "--memory-worker")
            return Memory.Worker(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        bool quick = false, list = false;
        string? filter = null, threadsArg = "both";
        int worker = 0;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--list": list = true; break;
                case "--filter" when i + 1 < args.Length: filter = args[++i]; break;
                case "--threads" when i + 1 < args.Length: threadsArg = args[++i]; break;
                case "--worker" when i + 1 < args.Length: worker = int.Parse(args[++i]); break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }
        var cases = Cases().Where(c => Matches(c.Name, filter)).ToList();
        if (list)
        {
            foreach (var c in cases) Console.WriteLine(c.Name);
            return 0;
        }
        if (worker > 0) return RunWorker(worker, cases, quick ? Budget.Quick : Budget.Full);
        int[]? threads = threadsArg switch { "1" => [1], "2" => [2], "both" => [1, 2], _ => null };
        if (threads is null) { Console.Error.WriteLine(Usage); return 2; }
        if (cases.Count == 0) { Console.Error.WriteLine($"no row matches '{filter}'"); return 2; }

        var rows = new List<Row>();
        var peaks = new List<string>();
        var watch = Stopwatch.StartNew();
        foreach (int t in threads)
        {
            int rc = SpawnWorker(t, args, rows, peaks);
            if (rc != 0) { Console.Error.WriteLine($"worker for T={t} exited with {rc}"); return rc; }
        }
        var order = cases.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i);
        rows = [.. rows.OrderBy(r => order.GetValueOrDefault($"{r.Op} {r.Size}", int.MaxValue)).ThenBy(r => r.Threads)];
        Table.Print(rows, peaks, quick, watch.Elapsed);
        // The full run (no filter, not quick) ends with the warm-up rows: steps from a fresh process.
        if (filter is null && !quick && Warmup.Compare(6, 3) != 0) return 1;
        return rows.Any(r => r.Check.StartsWith("FAIL", StringComparison.Ordinal)) ? 1 : 0;
    }

    /// <summary>Whether a row's name contains the filter, or any of its '|'-separated alternatives (no filter: every row).</summary>
    private static bool Matches(string name, string? filter) =>
        filter is null || filter.Split('|').Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every row, in table order.</summary>
    public static IEnumerable<Case> Cases() =>
        KernelCases.MatMul()
            .Concat(KernelCases.Elementwise())
            .Concat(KernelCases.MoreElementwise())
            .Concat(KernelCases.Reductions())
            .Concat(OverheadCases.All())
            .Concat(TrainingCases.All())
            .Concat(SequenceCases.All());

    private static int RunWorker(int threads, List<Case> cases, Budget budget)
    {
        if (Environment.ProcessorCount != threads)
            Console.Error.WriteLine($"warning: Environment.ProcessorCount is {Environment.ProcessorCount}, not {threads}: start workers through the coordinator (no --worker) so that DOTNET_PROCESSOR_COUNT is set");
        torch.set_num_threads(threads);
        if (cases.Any(c => c.Rate == RateKind.GFlops))
        {
            // The yardstick for the GEMM rows, measured in this process at its thread count, for each width.
            foreach (int width in Peak.Widths)
            {
                double peak = Peak.Measure(width, threads, 0.3);
                if (width == Peak.GemmWidth) Harness.GemmPeak = peak;
                Console.WriteLine(string.Join('\t', "@peak", threads, width, peak.ToString("R")));
            }
        }
        Harness.WarmSampler();
        foreach (var c in cases)
        {
            Row row;
            try
            {
                row = Harness.Measure(c, threads, budget);
            }
            catch (Exception e) when (e is NotSupportedException or NotImplementedException or ArgumentException or InvalidOperationException)
            {
                // An op that one engine lacks (yet): keep the row and say why.
                row = new Row(c.Op, c.Size, threads, double.NaN, double.NaN, "", "", double.NaN, double.NaN, $"n/a: {Oneline(e.Message)}");
            }
            Console.Error.WriteLine($"  T={threads}  {c.Name,-58} Nabla {Table.Time(row.Nabla),10}  libtorch {Table.Time(row.Torch),10}  {row.Check}");
            Console.WriteLine(row.Serialize());
        }
        return 0;
    }

    private static string Oneline(string s) => s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    /// <summary>Runs this program again as a worker for <paramref name="threads"/> and collects its rows.</summary>
    private static int SpawnWorker(int threads, string[] args, List<Row> rows, List<string> peaks)
    {
        var passed = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads") { i++; continue; }
            passed.Add(args[i]);
        }
        var psi = SelfProcess.StartInfo(passed);
        psi.ArgumentList.Add("--worker");
        psi.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        psi.Environment["DOTNET_PROCESSOR_COUNT"] = threads.ToString(CultureInfo.InvariantCulture);
        // Tiered compilation counts calls only after 100 ms without new JIT work, which a row whose calls take
        // tens of ms may never see: the hot methods then stay unoptimised. Counting at once changes when the
        // optimised code arrives, not what it is (the harness warms up until the JIT is quiet).
        psi.Environment.TryAdd("DOTNET_TC_CallCountingDelayMs", "0");
        Console.Error.WriteLine($"T={threads}: worker process with DOTNET_PROCESSOR_COUNT={threads}, torch.set_num_threads({threads})");
        return SelfProcess.Run(psi, line =>
        {
            if (Row.Parse(line) is { } row) rows.Add(row);
            else if (line.StartsWith("@peak\t", StringComparison.Ordinal)) peaks.Add(line);
            else return false;
            return true;
        });
    }
}
