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
    public SharedDataFactAttribute()
    {
        if (DataSharedFolder.Path is null)
            Skip = "needs the data sets in ../shared/data next to the repository root (developers and CI have them; a plain clone does not)";
    }
}
