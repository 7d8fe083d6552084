using System.Diagnostics;

namespace Nabla.Tests;

/// <summary>samples/Regression, samples/GraphViz and samples/CharGpt run and write what they promise.</summary>
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

    /// <summary>A tiny GPT, 200 steps on the first 100,000 characters of tiny Shakespeare: the losses fall, the weights carry nanoGPT's names.</summary>
    [SharedDataFact]
    public void CharGptLearnsASliceOfShakespeareAndSavesNanoGptKeys()
    {
        string folder = TempFolder();
        string text = Path.Combine(folder, "slice.txt");
        File.WriteAllText(text, File.ReadAllText(DataSharedFolder.File("tinyshakespeare.txt"))[..100_000]);
        var output = Run("CharGpt.dll", "--text", text, "--out", folder, "--max-iters", "200", "--eval-interval", "100", "--eval-iters", "4",
            "--n-layer", "1", "--n-head", "2", "--n-embd", "32", "--block-size", "32", "--batch-size", "8", "--learning-rate", "3e-3",
            "--warmup-iters", "20", "--lr-decay-iters", "200", "--max-new-tokens", "40");
        var evaluations = output.Where(l => l.StartsWith("step ", StringComparison.Ordinal)).Select(ParseLosses).ToArray();
        Assert.Equal([0, 100, 200], evaluations.Select(e => e.Step));
        Assert.InRange(evaluations[0].Train, 3.5, 4.5);   // ln(vocabulary) ≈ 4.1 before training
        Assert.True(evaluations[2].Train < evaluations[0].Train - 1.0, $"train loss {evaluations[0].Train} -> {evaluations[2].Train}");
        Assert.True(evaluations[2].Val < evaluations[0].Val - 1.0, $"val loss {evaluations[0].Val} -> {evaluations[2].Val}");
        var weights = Nabla.IO.Safetensors.Load(Path.Combine(folder, "model.safetensors"));
        string[] nanoGptKeys = ["transformer.wte.weight", "transformer.wpe.weight", "transformer.h.0.ln_1.weight", "transformer.h.0.attn.c_attn.weight",
            "transformer.h.0.attn.c_proj.weight", "transformer.h.0.ln_2.weight", "transformer.h.0.mlp.c_fc.weight", "transformer.h.0.mlp.c_proj.weight",
            "transformer.ln_f.weight", "lm_head.weight"];   // GPT(bias=False).state_dict() of one layer
        Assert.Equal(nanoGptKeys.Order(StringComparer.Ordinal), weights.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([96, 32], weights["transformer.h.0.attn.c_attn.weight"].Shape.ToArray());
        Assert.Equal(weights["transformer.wte.weight"].ToArray<float>(), weights["lm_head.weight"].ToArray<float>());   // tied, saved under both names
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void CharGptSaysWhereTheTextWasExpected()
    {
        var (exitCode, _, stderr) = RunProcess("CharGpt.dll", "--text", "no/such/text.txt");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: no text at '", stderr);
        Assert.Contains("Pass --text PATH", stderr);
    }

    // "step 150: train loss 2.3456, val loss 2.4567"
    private static (int Step, double Train, double Val) ParseLosses(string line)
    {
        var parts = line.Split([' ', ':', ','], StringSplitOptions.RemoveEmptyEntries);
        static double Number(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        return (int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), Number(parts[4]), Number(parts[7]));
    }

    private static string TempFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"nabla-sample-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string[] Run(string dll, params string[] args)
    {
        var (exitCode, output, stderr) = RunProcess(dll, args);
        Assert.True(exitCode == 0, $"{dll} exited with {exitCode}: {stderr}");
        return output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
    }

    private static (int ExitCode, string Output, string Error) RunProcess(string dll, params string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, dll);
        Assert.True(File.Exists(path), $"the test project copies the sample next to itself: {path}");
        var start = new ProcessStartInfo("dotnet", [path, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, stderr.Result);
    }
}
