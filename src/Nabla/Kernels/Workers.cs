using System.Runtime.ExceptionServices;

namespace Nabla.Kernels;

/// <summary>
/// The kernels' own thread team: <see cref="Count"/> - 1 background threads plus the calling thread,
/// which share the items of one parallel loop at a time.
/// </summary>
/// <remarks>
/// Why not <c>Parallel.For</c>: a kernel call lasts 50 µs to a few ms and comes right after serial work
/// (graph recording, the previous op). Thread-pool workers park between such calls, and waking a parked
/// thread on these VMs took 50 µs to over 1 ms, so a 1M-element add ran slower on two threads than on
/// one. Here a worker spins (with pause instructions) for a short while after each loop before it parks,
/// so a burst of kernel calls finds it awake, as an OpenMP team does. A loop started while another is
/// running (from a user's second thread, or from inside a loop body) runs on its caller alone: no
/// deadlock, no oversubscription.
/// <para>
/// An exception from an item, on any thread, does not end the loop early, not even one thrown from the
/// caller's own part (a cancellation, say): the call returns, throwing the first exception, only once
/// every item has finished, because the items write into the caller's buffers. Worker threads catch
/// everything an item throws and stay in the team.
/// </para>
/// </remarks>
internal static class Workers
{
    /// <summary>Threads a parallel loop uses: the process's processor count (DOTNET_PROCESSOR_COUNT sets it).</summary>
    public static int Count { get; } = Environment.ProcessorCount;

    // How long an idle worker keeps checking for the next loop before it parks: long enough to bridge the
    // serial gaps of a training step, short enough not to hold a core that another process wants. 200 µs
    // was too short for LeNet's step (batch 64), whose gaps between parallel loops often exceed it: the
    // worker parked, the host halted its vCPU, and the wake-up at the next loop cost more than the loop
    // saved; the step took 3.5-6.5 ms at two threads against 3.4-3.9 ms with 1 ms (libgomp spins longer).
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 1000;   // 1 ms

    private static readonly object Gate = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static Job? _current;
    private static int _sleepers;
    private static bool _started;

    [ThreadStatic] private static bool _inLoop;

    /// <summary>Runs <paramref name="body"/>(i) for i in [0, <paramref name="count"/>), spread over the team.</summary>
    public static void For(int count, Action<int> body)
    {
        if (count <= 0) return;
        if (count == 1 || Count == 1 || _inLoop || !Monitor.TryEnter(Gate))
        {
            // On this thread alone, with the team's semantics: every item runs, then the first error is thrown.
            var inline = new Job(body, count);
            inline.Work();
            inline.Error?.Throw();
            return;
        }
        try
        {
            if (!_started) Start();
            var job = new Job(body, count);
            Volatile.Write(ref _current, job);
            // Full fence between publishing the job and reading the sleeper count (the workers fence
            // between counting themselves asleep and re-reading the job), so no wake-up is lost.
            Interlocked.MemoryBarrier();
            int sleepers = Volatile.Read(ref _sleepers);
            if (sleepers > 0) Wake.Release(sleepers);
            _inLoop = true;
            try { job.Work(); }
            finally { _inLoop = false; }
            var spin = new SpinWait();
            while (Volatile.Read(ref job.Pending) > 0) spin.SpinOnce(sleep1Threshold: -1);
            job.Finish();
            job.Error?.Throw();
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void Start()
    {
        for (int t = 1; t < Count; t++)
            new Thread(Loop) { IsBackground = true, Name = $"Nabla worker {t}" }.Start();
        _started = true;
    }

    private static void Loop()
    {
        _inLoop = true;   // a loop body that starts a loop runs it inline
        Job? seen = null;
        while (true)
        {
            var job = Volatile.Read(ref _current);
            long until = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
            while (job == seen && System.Diagnostics.Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(8);
                job = Volatile.Read(ref _current);
            }
            if (job == seen)
            {
                Interlocked.Increment(ref _sleepers);
                job = Volatile.Read(ref _current);
                if (job == seen) Wake.Wait();
                Interlocked.Decrement(ref _sleepers);
                continue;   // a wake-up may be spare (released for a loop this worker already joined)
            }
            seen = job;
            job!.Work();
        }
    }

    /// <summary>One parallel loop: items are claimed one at a time from a shared counter.</summary>
    private sealed class Job(Action<int> body, int count)
    {
        private Action<int>? _body = body;
        private readonly int _count = count;
        private int _next = -1;
        public int Pending = count;
        public ExceptionDispatchInfo? Error;

        public void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref _next)) < _count)
            {
                try { _body!(i); }
                catch (Exception e) { Interlocked.CompareExchange(ref Error, ExceptionDispatchInfo.Capture(e), null); }
                Interlocked.Decrement(ref Pending);
            }
        }

        /// <summary>
        /// Drops the body once every item is done: the job stays reachable (as the last one published) until
        /// the next loop, and must not keep the tensors its closure captured alive. Later claims all fail.
        /// </summary>
        public void Finish() => _body = null;
    }
}
