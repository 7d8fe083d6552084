namespace Nabla.Bench;

/// <summary>
/// One warm-up process summarised: its first step, its median step 0.5-1 s after start against its steady
/// state (the median of its last third of steps), by the wall clock and by the process's CPU clock, and what
/// the process did besides the steps once 0.5 s of CPU time had passed.
/// </summary>
internal sealed record WarmupRun(double FirstEnd, double Early, double Steady, double CpuEarly, double CpuSteady,
    double JitAfterHalfSecond, double FaultsEarly, double FaultsSteady)
{
    private const double WindowStart = 0.5, WindowEnd = 1.0;

    /// <summary>Summarises a worker's steps (at least one).</summary>
    public static WarmupRun From(List<WarmupStep> steps)
    {
        int n = steps.Count, tail = n - n / 3;
        // A step's cost on the CPU clock: the process's CPU time between its end and the previous step's end.
        var cpu = new double[n];
        for (int i = 0; i < n; i++) cpu[i] = steps[i].CpuEnd - (i == 0 ? 0 : steps[i - 1].CpuEnd);
        double Med(Func<int, bool> where, Func<int, double> value) => Warmup.Median(Enumerable.Range(0, n).Where(where).Select(value));
        bool EarlyWall(int i) => steps[i].End >= WindowStart && steps[i].End < WindowEnd;
        bool EarlyCpu(int i) => steps[i].CpuEnd >= WindowStart && steps[i].CpuEnd < WindowEnd;
        int firstAfter = Enumerable.Range(0, n).FirstOrDefault(i => steps[i].CpuEnd >= WindowStart, n - 1);
        return new(
            FirstEnd: steps[0].End,
            Early: Med(EarlyWall, i => steps[i].Seconds),
            Steady: Med(i => i >= tail, i => steps[i].Seconds),
            CpuEarly: Med(EarlyCpu, i => cpu[i]),
            CpuSteady: Med(i => i >= tail, i => cpu[i]),
            JitAfterHalfSecond: steps[^1].JitMethods - steps[firstAfter].JitMethods,
            FaultsEarly: Med(i => i > 0 && EarlyCpu(i), i => steps[i].PageFaults - steps[i - 1].PageFaults),
            FaultsSteady: Med(i => i >= tail && i > 0, i => steps[i].PageFaults - steps[i - 1].PageFaults));
    }
}
