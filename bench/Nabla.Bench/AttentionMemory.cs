using System.Diagnostics;
using System.Globalization;
using Nabla.NN;
using TorchSharp;
using TorchF = TorchSharp.torch.nn.functional;

namespace Nabla.Bench;

/// <summary>
/// Attention's peak memory: causal scaled-dot-product attention forward and backward (dq, dk, dv) at a long
/// sequence, once per engine, each in a process of its own. A worker first runs the same pass at L=64
/// (loading and compiling everything), makes the long inputs (q, k, v and dy, each engine copying the same
/// seeded float arrays), then runs an aggressive full collection, which frees those arrays and gives the
/// memory they held back to the system (else Nabla's pass would reuse it, which libtorch's allocator
/// cannot). Then it resets the kernel's peak-RSS mark (<c>/proc/self/clear_refs</c>) and runs the long pass
/// once: what the pass adds to the resident set at its peak is the memory it needs, its outputs and
/// gradients included. (A second long pass would find Nabla's buffer pool holding the first one's
/// buffers, and add nothing.) An attention that materialised the L×L scores would need B·H·L²·4 bytes.
/// </summary>
internal static class AttentionMemory
{
    private const int Batch = 8, Heads = 8, Dim = 64;

    /// <summary>Runs both workers and prints the comparison. Returns a process exit code.</summary>
    public static int Compare(int length)
    {
        if (!File.Exists("/proc/self/clear_refs"))
        {
            Console.Error.WriteLine("--attention-memory reads Linux's /proc/self/status and clear_refs; not available here");
            return 2;
        }
        var results = new Dictionary<string, double[]>();
        foreach (var engine in new[] { "nabla", "libtorch" })
        {
            Console.Error.WriteLine($"{engine}: attention at L={length} in a process of its own");
            int rc = SelfProcess.Run(SelfProcess.StartInfo(["--attention-memory-worker", engine, length.ToString(CultureInfo.InvariantCulture)]),
                line =>
                {
                    if (SelfProcess.Tagged(line, "@attn") is not { } r) return false;
                    results[engine] = r;
                    return true;
                });
            if (rc != 0) return rc;
        }
        double io = 7.0 * Batch * Heads * length * Dim * 4 / 1e6;   // q, k, v, dy in; y, dq, dk, dv out
        double scores = (double)Batch * Heads * length * length * 4 / 1e6;
        Console.WriteLine($"Causal scaled-dot-product attention, forward + backward (dq, dk, dv), B {Batch}, H {Heads}, L {length}, D {Dim}, float32, default threads; one process per engine.");
        Console.WriteLine($"Resident set (MB) before the pass (inputs made, the same pass run at L=64 first), its peak during the pass, and the difference.");
        Console.WriteLine($"For scale: the pass's inputs and outputs are {io:F0} MB together; the L×L scores of all heads would be {scores:F0} MB.");
        Console.WriteLine();
        Console.WriteLine("| engine   | before pass | peak in pass | added at peak | pass (s) |");
        Console.WriteLine("|:---------|------------:|-------------:|--------------:|---------:|");
        foreach (var (engine, r) in results)
            Console.WriteLine($"| {engine,-8} | {r[0],11:F0} | {r[1],12:F0} | {r[1] - r[0],13:F0} | {r[2],8:F2} |");
        return 0;
    }

    /// <summary>One engine's measurement; prints "@attn residentMB peakMB seconds".</summary>
    public static int Worker(string engine, int length)
    {
        Func<int, Action> setup = engine switch { "nabla" => NablaPass, "libtorch" => TorchPass, _ => throw new ArgumentException(engine) };
        var small = setup(64);
        small();
        small();
        var pass = setup(length);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        double before = Status("VmRSS");
        File.WriteAllText("/proc/self/clear_refs", "5");   // resets VmHWM to the current resident set
        var clock = Stopwatch.StartNew();
        pass();
        double seconds = clock.Elapsed.TotalSeconds;
        double peak = Status("VmHWM");
        Console.WriteLine(string.Join('\t', "@attn", before.ToString("R", CultureInfo.InvariantCulture),
            peak.ToString("R", CultureInfo.InvariantCulture), seconds.ToString("R", CultureInfo.InvariantCulture)));
        return 0;
    }

    /// <summary>A field of /proc/self/status in MB ("VmRSS: 1234 kB").</summary>
    private static double Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return double.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024 / 1e6;
        throw new InvalidOperationException($"/proc/self/status has no {field}");
    }

    private static Action NablaPass(int length)
    {
        Tensor Input(int seed, bool grad) => Tensor.FromArray(Inputs.Uniform((long)Batch * Heads * length * Dim, seed), [Batch, Heads, length, Dim], requiresGrad: grad);
        var (q, k, v, dy) = (Input(40, true), Input(41, true), Input(42, true), Input(43, false));
        return () =>
        {
            var y = F.ScaledDotProductAttention(q, k, v, isCausal: true);
            var grads = Autograd.Grad([y], [q, k, v], [dy]);
            GC.KeepAlive(grads);
        };
    }

    private static Action TorchPass(int length)
    {
        torch.Tensor Input(int seed, bool grad) => torch.tensor(Inputs.Uniform((long)Batch * Heads * length * Dim, seed), [Batch, Heads, length, Dim], requires_grad: grad);
        var (q, k, v, dy) = (Input(40, true), Input(41, true), Input(42, true), Input(43, false));
        return () =>
        {
            using var scope = torch.NewDisposeScope();
            var y = TorchF.scaled_dot_product_attention(q, k, v, null, 0.0, true);   // attn_mask, dropout p, is_causal
            var grads = torch.autograd.grad([y], [q, k, v], [dy]);
            GC.KeepAlive(grads);
        };
    }
}
