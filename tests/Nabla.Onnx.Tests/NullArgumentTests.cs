using Nabla.Tests;

namespace Nabla.Onnx.Tests;

/// <summary>Issue 15, item 7, for this package: every public member given null for a non-nullable parameter throws ArgumentNullException naming it.</summary>
public sealed class NullArgumentTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void EveryPublicMemberNamesItsNullArgument()
        => NullArgumentSweep.AssertEveryMemberNamesItsNullArgument(typeof(OnnxExport).Assembly, minimumTrials: 10, output.WriteLine);
}
