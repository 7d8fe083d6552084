namespace Nabla.Tests;

/// <summary>A skipped test says why in the line that <c>dotnet test</c> prints at its default verbosity.</summary>
public sealed class VisibleSkipTests
{
    [Fact]
    public void TheReasonIsPartOfTheDisplayName()
    {
        var fact = new FactAttribute();
        VisibleSkip.Apply(fact, "needs X", "/repo/tests/Nabla.Tests/RealDataTests.cs", "LeNetLearnsMnist");
        Assert.Equal("needs X", fact.Skip);
        Assert.Equal("RealDataTests.LeNetLearnsMnist (skipped: needs X)", fact.DisplayName);
    }

    [Fact]
    public void SharedDataFactsSkipExactlyWhenTheDataIsAbsent()
    {
        var fact = new SharedDataFactAttribute(file: "DataFileTests.cs", test: "ReadsMnist");
        Assert.Equal(DataSharedFolder.Path is null, fact.Skip is not null);
        Assert.Equal(DataSharedFolder.Path is null ? $"DataFileTests.ReadsMnist (skipped: {fact.Skip})" : null, fact.DisplayName);
    }
}
