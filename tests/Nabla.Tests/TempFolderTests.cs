namespace Nabla.Tests;

/// <summary>A test class whose tests write files: each test gets a fresh temporary folder, deleted afterwards.</summary>
public abstract class TempFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-test-").FullName;

    /// <summary>A path inside this test's folder.</summary>
    protected string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>Deletes the folder.</summary>
    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
