using System.Globalization;

namespace Nabla.Bench;

/// <summary>
/// One training step of a warm-up worker: when it ended (seconds since the process started, by the wall clock
/// and by the process's CPU clock), how long it took (wall, and the calling thread's CPU), and the process's
/// totals at its end: methods the JIT compiled, minor page faults.
/// </summary>
internal readonly record struct WarmupStep(double End, double Seconds, double CpuEnd, double ThreadCpu, long JitMethods, long PageFaults)
{
    private const string Tag = "@step";

    /// <summary>The worker's output line.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Tag}\t{End:R}\t{Seconds:R}\t{CpuEnd:R}\t{ThreadCpu:R}\t{JitMethods}\t{PageFaults}");

    /// <summary>A worker's line read back; null for any other line.</summary>
    public static WarmupStep? TryParse(string line)
    {
        var f = line.Split('\t');
        if (f.Length != 7 || f[0] != Tag) return null;
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        return new(D(1), D(2), D(3), D(4), long.Parse(f[5], CultureInfo.InvariantCulture), long.Parse(f[6], CultureInfo.InvariantCulture));
    }
}
