using System.Diagnostics;

namespace Nabla.Tests;

/// <summary>samples/Regression and samples/GraphViz run and write what they promise.</summary>
public sealed class SampleTests
{
    [Fact]
    public void RegressionFitsTheCurveAndWritesAPng()
    {
        string folder = TempFolder();
        string png = Path.Combine(folder, "fit.png");
        var output = Run("Regression.dll", "--steps", "500", "--out", png);
        var losses = output.Where(l => l.StartsWith("step ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["step     1", "step   250", "step   500"], losses.Select(l => l[..10]));
        double last = double.Parse(losses[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(last, 0.0, 0.02);   // the noise's variance is 0.01: the fit is close to sin
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void GraphVizWritesTheGraphAsDot()
    {
        string folder = TempFolder();
        var output = Run("GraphViz.dll", folder);
        string dot = File.ReadAllText(Path.Combine(folder, "graph.dot"));
        Assert.StartsWith("digraph autograd {", dot);
        foreach (var name in new[] { "NllLossBackward0", "LogSoftmaxBackward0", "AddmmBackward0", "ReluBackward0", "TBackward0", @"AccumulateGrad\n[8, 4]" })
            Assert.Contains($"label=\"{name}", dot);
        Assert.Contains(output, l => l.StartsWith("wrote ", StringComparison.Ordinal) && l.EndsWith("graph.dot (11 nodes)", StringComparison.Ordinal));
        bool hasDot = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "dot")));
        Assert.Equal(hasDot, File.Exists(Path.Combine(folder, "graph.svg")));   // SVG exactly when Graphviz is installed
        Directory.Delete(folder, recursive: true);
    }

    private static string TempFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"nabla-sample-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string[] Run(string dll, params string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, dll);
        Assert.True(File.Exists(path), $"the test project copies the sample next to itself: {path}");
        var start = new ProcessStartInfo("dotnet", [path, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{dll} exited with {process.ExitCode}: {stderr.Result}");
        return output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
    }
}
