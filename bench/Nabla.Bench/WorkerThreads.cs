namespace Nabla.Bench;

/// <summary>
/// How much Nabla's worker threads (named "Nabla worker N") ran, and how long they waited to run, from
/// Linux's per-thread scheduler statistics (/proc/self/task/*/schedstat: ns on a CPU, ns runnable but
/// waiting, timeslices). It shows whether a T=2 row had its second core: a worker that ran 40% of the
/// Nabla time did 40% of a core's work, and one that waited runnable found the core busy.
/// </summary>
internal static class WorkerThreads
{
    /// <summary>Seconds run and seconds waited runnable, summed over the worker threads; zeros where unavailable.</summary>
    public static (double Run, double Wait) Times()
    {
        double run = 0, wait = 0;
        if (!Directory.Exists("/proc/self/task")) return (0, 0);
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith("Nabla worker", StringComparison.Ordinal)) continue;
                var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                run += long.Parse(fields[0]) / 1e9;
                wait += long.Parse(fields[1]) / 1e9;
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return (run, wait);
    }
}
