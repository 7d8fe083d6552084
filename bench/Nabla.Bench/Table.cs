using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;

namespace Nabla.Bench;

/// <summary>The one table (Markdown), with the machine it ran on.</summary>
internal static class Table
{
    public static void Print(List<Row> rows, List<string> peaks, bool quick, TimeSpan elapsed)
    {
        Console.WriteLine($"Nabla vs libtorch (TorchSharp-cpu {typeof(torch).Assembly.GetName().Version}), float32, medians of interleaved samples{(quick ? " (--quick)" : "")}");
        Console.WriteLine($"Machine: {CpuModel()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.FrameworkDescription}, " +
            $"Vector512 {(Vector512.IsHardwareAccelerated ? "on" : "off")}, {RuntimeInformation.OSDescription}");
        Console.WriteLine("T = threads: Nabla via DOTNET_PROCESSOR_COUNT=T (its kernels read Environment.ProcessorCount), libtorch via torch.set_num_threads(T).");
        Console.WriteLine("ratio = libtorch time / Nabla time (> 1: Nabla faster). rel = max|Nabla - libtorch| / max|libtorch|, per output.");
        Console.WriteLine("workers (T > 1): seconds Nabla's worker threads ran / waited runnable per second of Nabla's samples (1.00 run: a whole second core);");
        Console.WriteLine("  JIT: seconds the runtime's background JIT thread ran in them, where 0.005 or more (it competes for the second core).");
        if (peaks.Count > 0)
        {
            // "@peak T width GFLOP/s" from each worker: the GEMM rows' "% of V512/V256" is against its own T's line.
            var text = peaks.Select(p => p.Split('\t')).Select(f => $"Vector{f[2]} T={f[1]}: {double.Parse(f[3]):F1}");
            Console.WriteLine($"FMA peak, float32, GFLOP/s (12 FMA chains per thread): {string.Join(", ", text)}.");
        }
        Console.WriteLine();
        string[] head = ["op", "size", "T", "Nabla", "libtorch", "ratio", "Nabla rate", "libtorch rate", "workers", "max abs diff", "max rel diff", "check"];
        var cells = rows.Select(r => new[]
        {
            r.Op, r.Size, r.Threads.ToString(), Time(r.Nabla), Time(r.Torch),
            double.IsNaN(r.Nabla) ? "" : $"{r.Torch / r.Nabla:F2}",
            r.NablaRate, r.TorchRate,
            double.IsNaN(r.WorkerRun) ? "" : $"{r.WorkerRun:F2} / {r.WorkerWait:F2}" + (r.Jit >= 0.005 ? $", JIT {r.Jit:F2}" : ""),
            double.IsNaN(r.MaxAbs) ? "" : r.MaxAbs.ToString("G2"), double.IsNaN(r.MaxRel) ? "" : r.MaxRel.ToString("G2"), r.Check,
        }).ToList();
        var width = head.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        bool[] right = [false, false, true, true, true, true, true, true, true, true, true, false];
        Console.WriteLine(Line(head, width, right));
        Console.WriteLine("|" + string.Join("|", width.Select((w, i) => right[i] ? new string('-', w + 1) + ":" : ":" + new string('-', w + 1))) + "|");
        foreach (var c in cells) Console.WriteLine(Line(c, width, right));
        int fails = rows.Count(r => r.Check.StartsWith("FAIL", StringComparison.Ordinal));
        Console.WriteLine();
        Console.WriteLine($"{rows.Count} rows, {fails} correctness FAIL(s), {elapsed.TotalSeconds:F0} s.");
    }

    private static string Line(string[] cells, int[] width, bool[] right)
        => "| " + string.Join(" | ", cells.Select((c, i) => right[i] ? c.PadLeft(width[i]) : c.PadRight(width[i]))) + " |";

    /// <summary>Seconds in the unit that keeps three significant digits readable.</summary>
    public static string Time(double seconds) => seconds switch
    {
        double.NaN => "n/a",
        < 1e-6 => $"{seconds * 1e9:F1} ns",
        < 1e-3 => $"{seconds * 1e6:F2} µs",
        < 1 => $"{seconds * 1e3:F2} ms",
        _ => $"{seconds:F3} s",
    };

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
