using System.Runtime.InteropServices;

namespace Nabla.Bench;

/// <summary>
/// What the warm-up worker reads after every step besides the wall clock: CPU time (process and calling
/// thread) and the process's minor page faults, from Linux's clock_gettime and getrusage. CPU time survives a
/// busy machine: at T=1 the process's CPU clock is the wall clock a quiet one-core machine would show, JIT
/// thread included. NaN and 0 elsewhere.
/// </summary>
internal static class ProcessClocks
{
    private const int ProcessClock = 2, ThreadClock = 3;   // CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID

    /// <summary>CPU seconds all of this process's threads have used since it started.</summary>
    public static double ProcessCpuSeconds() => Read(ProcessClock);

    /// <summary>CPU seconds the calling thread has used.</summary>
    public static double ThreadCpuSeconds() => Read(ThreadClock);

    /// <summary>Minor page faults so far: memory touched for the first time (or again after the GC gave it back).</summary>
    public static long MinorPageFaults()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        Span<long> usage = stackalloc long[18];   // struct rusage: two timevals (4 longs), then 14 longs; ru_minflt is the 5th of those
        return GetRUsage(0, ref usage[0]) == 0 ? usage[8] : 0;
    }

    private static double Read(int clock) =>
        OperatingSystem.IsLinux() && ClockGetTime(clock, out var t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : double.NaN;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRUsage(int who, ref long usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
