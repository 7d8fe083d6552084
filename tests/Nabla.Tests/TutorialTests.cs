using System.Diagnostics;

namespace Nabla.Tests;

/// <summary>samples/Tutorial prints PyTorch's autograd tutorial transcript.</summary>
public sealed class TutorialTests
{
    // The deterministic lines of the transcript, exactly as PyTorch prints them for the same values
    // (the random lines depend on the seeded Generator, and are checked for shape of the text).
    private const string Expected = """
        tensor([[1., 1.],
                [1., 1.]], requires_grad=True)
        tensor([[3., 3.],
                [3., 3.]], grad_fn=<AddBackward0>)
        <AddBackward0>
        tensor([[27., 27.],
                [27., 27.]], grad_fn=<MulBackward0>) tensor(27., grad_fn=<MeanBackward0>)
        False
        True
        <SumBackward0>
        tensor([[4.5000, 4.5000],
                [4.5000, 4.5000]])
        tensor([ 1664.1127,    -2.6303, -1045.7588], grad_fn=<MulBackward0>)
        tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])
        True
        True
        False
        """;

    [Fact]
    public void TheSamplePrintsTheTutorialTranscript()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Tutorial.dll");
        Assert.True(File.Exists(dll), $"the test project copies the sample next to itself: {dll}");
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(Expected.ReplaceLineEndings("\n"), output.ReplaceLineEndings("\n").TrimEnd('\n'));
    }
}
