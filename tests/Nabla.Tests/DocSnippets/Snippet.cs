namespace Nabla.Tests.DocSnippets;

/// <summary>
/// The code blocks of README.md and docs/ run as tests (DocsTests checks that each block's text is
/// here). They print with Console.WriteLine, as a reader's program would, so this collection runs
/// alone: <see cref="Output"/> redirects the process-wide console while a block runs.
/// </summary>
[CollectionDefinition(nameof(DocSnippets), DisableParallelization = true)]
public sealed class DocSnippets;

internal static class Snippet
{
    /// <summary>What <paramref name="block"/> printed, with "\n" line ends and no trailing newline.</summary>
    public static string Output(Action block)
    {
        var previous = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try { block(); }
        finally { Console.SetOut(previous); }
        return writer.ToString().ReplaceLineEndings("\n").TrimEnd('\n');
    }

    /// <summary>What an asynchronous <paramref name="block"/> printed.</summary>
    public static async Task<string> OutputAsync(Func<Task> block)
    {
        var previous = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try { await block(); }
        finally { Console.SetOut(previous); }
        return writer.ToString().ReplaceLineEndings("\n").TrimEnd('\n');
    }

    /// <summary>The lines a block printed.</summary>
    public static string[] Lines(Action block) => Output(block).Split('\n');
}

/// <summary>
/// A fresh temporary folder made the current directory while a block runs (blocks write files
/// such as "model.safetensors" as a reader would), restored and deleted on Dispose.
/// </summary>
internal sealed class TempFolder : IDisposable
{
    private readonly string _previous = Directory.GetCurrentDirectory();

    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nabla-docs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        Directory.SetCurrentDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previous);
        Directory.Delete(Path, recursive: true);
    }
}
