namespace Nabla.Bench;

/// <summary>
/// How much Nabla's worker threads (named "Nabla worker N") ran, and how long they waited to run, from
/// Linux's per-thread scheduler statistics (/proc/self/task/*/schedstat: ns on a CPU, ns runnable but
/// waiting, timeslices). It shows whether a T=2 row had its second core: a worker that ran 40% of the
/// Nabla time did 40% of a core's work, and one that waited runnable found the core busy. The same file
/// of the runtime's tiered-compilation thread shows whether the JIT was still compiling during the samples
/// (at T=2 it takes the core the worker needs).
/// </summary>
internal static class WorkerThreads
{
    /// <summary>The runtime's background JIT thread (its name is cut to 15 characters by Linux).</summary>
    private const string JitThread = ".NET Tiered Com";

    /// <summary>
    /// Seconds run and waited runnable, summed over the worker threads, and seconds the JIT thread ran;
    /// zeros where unavailable.
    /// </summary>
    public static (double Run, double Wait, double Jit) Times()
    {
        double run = 0, wait = 0, jit = 0;
        if (!Directory.Exists("/proc/self/task")) return (0, 0, 0);
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm"));
                bool worker = name.StartsWith("Nabla worker", StringComparison.Ordinal);
                if (!worker && !name.StartsWith(JitThread, StringComparison.Ordinal)) continue;
                var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                if (!worker)
                {
                    jit += long.Parse(fields[0]) / 1e9;
                    continue;
                }
                run += long.Parse(fields[0]) / 1e9;
                wait += long.Parse(fields[1]) / 1e9;
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return (run, wait, jit);
    }
}
