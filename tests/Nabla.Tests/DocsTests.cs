using System.Text.RegularExpressions;

namespace Nabla.Tests;

/// <summary>
/// Every <c>```csharp</c> block of README.md and docs/*.md is compiled code: its lines appear, in
/// order and together, in a .cs file of the build (src/, tests/, samples/, bench/), so a doc cannot drift
/// from what compiles. Blocks written for the docs live as test methods in
/// tests/Nabla.Tests/DocSnippets/, which also run them and check what their comments promise;
/// blocks that quote the library (an op and its rule) are found in src/ itself.
/// </summary>
/// <remarks>
/// Lines are compared trimmed, with blank lines skipped, so a block may sit indented inside a
/// method. A block's leading <c>using Namespace;</c> lines (which cannot stand inside a method)
/// must appear somewhere in the same file. Non-C# blocks use another fence (bash, text, python).
/// </remarks>
public sealed partial class DocsTests
{
    /// <summary>The repository root: the folder holding Nabla.slnx.</summary>
    internal static readonly string Root = FindRoot();

    public static TheoryData<string> Blocks => [.. ExtractAll().Select(b => b.Where)];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void CSharpBlockIsInACompiledFile(string where)
    {
        var block = ExtractAll().Single(b => b.Where == where);
        var (directives, body) = SplitDirectives(Normalise(block.Lines));
        Assert.True(body.Length > 0, $"{where}: the block has no code");
        foreach (var (path, lines) in Corpus.Value)
            if (IndexOf(lines, body) >= 0 && directives.All(d => lines.Contains(d)))
                return;
        var (best, matched) = LongestPrefix(body);
        Assert.Fail($"{where}: this ```csharp block is not in any .cs file under src/, tests/, samples/ or bench/. " +
            "Keep doc code as a test method in tests/Nabla.Tests/DocSnippets/ and copy it from there (or fix the drift). " +
            $"Closest: {best} matches the first {matched} of {body.Length} lines; the next line is: {body[Math.Min(matched, body.Length - 1)]}");
    }

    [Fact]
    public void TheDocsAreFoundAndHaveCSharpBlocks()
    {
        var files = DocFiles().Select(f => Path.GetRelativePath(Root, f)).ToArray();
        foreach (var expected in new[] { "README.md", "docs/getting-started.md", "docs/concepts.md", "docs/pytorch-to-nabla.md", "docs/optimizers.md", "docs/adding-an-op.md", "docs/design.md", "docs/performance-startup.md", "docs/modules.md", "docs/data.md", "docs/deployment.md" })
            Assert.Contains(expected, files);
        Assert.True(ExtractAll().Count >= 20, $"only {ExtractAll().Count} C# blocks found");
    }

    [Fact]
    public void ABlockWithAPlaceholderIsNotFound()
    {
        // The check itself: an ellipsis placeholder, as docs are tempted to write, matches no compiled file.
        string[] block = ["var model = new Sequential(...);", "model.Forward(x);"];
        Assert.DoesNotContain(Corpus.Value, file => IndexOf(file.Lines, block) >= 0);
    }

    private sealed record Block(string Where, string[] Lines);

    private static List<Block> ExtractAll()
    {
        var blocks = new List<Block>();
        foreach (var file in DocFiles())
        {
            var lines = File.ReadAllLines(file);
            string rel = Path.GetRelativePath(Root, file).Replace('\\', '/');
            for (int i = 0; i < lines.Length; i++)
            {
                string fence = lines[i].Trim();
                if (fence is not ("```csharp" or "```cs" or "```c#")) continue;
                int start = i + 1;
                int end = start;
                while (end < lines.Length && lines[end].Trim() != "```") end++;
                blocks.Add(new($"{rel}:{start}", lines[start..end]));
                i = end;
            }
        }
        return blocks;
    }

    private static IEnumerable<string> DocFiles()
    {
        yield return Path.Combine(Root, "README.md");
        string docs = Path.Combine(Root, "docs");
        if (Directory.Exists(docs))
            foreach (var f in Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories).Order())
                yield return f;
    }

    private static readonly Lazy<List<(string Path, string[] Lines)>> Corpus = new(() =>
        [.. new[] { "src", "tests", "samples", "bench" }
            .Select(d => Path.Combine(Root, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(Root, f), Normalise(File.ReadAllLines(f))))]);

    private static string[] Normalise(IEnumerable<string> lines) => [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];

    [GeneratedRegex(@"^using (static )?[A-Za-z_][\w.]*;$")]
    private static partial Regex UsingDirective();

    private static (string[] Directives, string[] Body) SplitDirectives(string[] lines)
    {
        int n = 0;
        while (n < lines.Length && UsingDirective().IsMatch(lines[n])) n++;
        return (lines[..n], lines[n..]);
    }

    private static int IndexOf(string[] haystack, string[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }

    private static (string Path, int Matched) LongestPrefix(string[] body)
    {
        var best = ("no file", 0);
        foreach (var (path, lines) in Corpus.Value)
            for (int i = 0; i < lines.Length; i++)
            {
                int k = 0;
                while (k < body.Length && i + k < lines.Length && lines[i + k] == body[k]) k++;
                if (k > best.Item2) best = (path, k);
            }
        return best;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nabla.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Nabla.slnx above {AppContext.BaseDirectory}");
    }
}
