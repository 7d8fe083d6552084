using System.Runtime.CompilerServices;

namespace Nabla.Tests;

/// <summary>
/// The data sets of <c>../shared/data</c> (next to the repository root), which developers and CI
/// have and users' clones do not. Found by walking up from the test binaries to the folder that
/// holds <c>Nabla.slnx</c>.
/// </summary>
internal static class DataSharedFolder
{
    public static readonly string? Path = Find();

    /// <summary>The path of a file under the folder (call only from a test that <see cref="SharedDataFactAttribute"/> did not skip).</summary>
    public static string File(params string[] parts) => System.IO.Path.Combine([Path!, .. parts]);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Nabla.slnx"))) continue;
            string data = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
            return Directory.Exists(data) ? data : null;
        }
        return null;
    }
}

/// <summary>A fact that is skipped, with a message saying why, when <c>../shared/data</c> is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the shared data folder cannot be found.</summary>
    /// <param name="file">The test's source file (filled in by the compiler): its name is the test class's.</param>
    /// <param name="test">The test method (filled in by the compiler).</param>
    public SharedDataFactAttribute([CallerFilePath] string file = "", [CallerMemberName] string test = "")
    {
        if (DataSharedFolder.Path is null)
            VisibleSkip.Apply(this, "needs the data sets in ../shared/data next to the repository root (developers and CI have them; a plain clone does not)", file, test);
    }
}

/// <summary>
/// Skips a test so that <c>dotnet test</c> shows why at its default verbosity. That verbosity
/// prints a skipped test's display name (<c>Skipped NAME [1 ms]</c>) but not its reason, which
/// only <c>-v normal</c> shows, so the reason goes into the display name as well.
/// </summary>
internal static class VisibleSkip
{
    public static void Apply(FactAttribute fact, string reason, string file, string test)
    {
        fact.Skip = reason;
        fact.DisplayName = $"{Path.GetFileNameWithoutExtension(file)}.{test} (skipped: {reason})";
    }
}
