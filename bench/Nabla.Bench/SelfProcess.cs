using System.Diagnostics;
using System.Reflection;

namespace Nabla.Bench;

/// <summary>
/// This program started again as a worker (a thread count, an engine, a fresh process for the warm-up): the
/// worker prints tagged lines on stdout for the coordinator to collect and anything else to pass on.
/// </summary>
internal static class SelfProcess
{
    /// <summary>How to start this program with <paramref name="args"/>, its stdout redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // Started as `dotnet Nabla.Bench.dll` (dotnet run does that on some hosts): pass the assembly on.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>
    /// Runs the worker to its end, handing each stdout line to <paramref name="take"/>; a line it does not take
    /// (returns false for) goes to stderr. Returns the worker's exit code.
    /// </summary>
    public static int Run(ProcessStartInfo psi, Func<string, bool> take)
    {
        using var process = Process.Start(psi)!;
        while (process.StandardOutput.ReadLine() is { } line)
            if (!take(line)) Console.Error.WriteLine(line);
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>The numbers of a "@tag\tx\ty..." line, or null for any other line.</summary>
    public static double[]? Tagged(string line, string tag)
    {
        var f = line.Split('\t');
        return f[0] == tag ? [.. f.Skip(1).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))] : null;
    }
}
