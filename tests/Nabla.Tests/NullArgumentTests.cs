namespace Nabla.Tests;

/// <summary>
/// Issue 15, item 7: every public constructor and method of Nabla, given null for a parameter
/// declared non-nullable, throws <see cref="ArgumentNullException"/> naming that parameter
/// (a <see cref="NullReferenceException"/> from inside, or a null silently accepted, is a bug).
/// </summary>
public class NullArgumentTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void EveryPublicMemberNamesItsNullArgument()
        => NullArgumentSweep.AssertEveryMemberNamesItsNullArgument(typeof(Tensor).Assembly, minimumTrials: 401, output.WriteLine);

    // Members that take a span of tensors cannot be called by reflection: each is called here with a null element.
    public static TheoryData<string> SpanMembers => ["Cat", "Stack", "HStack", "VStack", "DStack", "ColumnStack", "Meshgrid", "BroadcastTensors"];

    [Theory]
    [MemberData(nameof(SpanMembers))]
    public void SpanOfTensorsWithANullElementIsNamed(string member)
    {
        var t = Tensor.Ones(2);
        Action call = member switch
        {
            "Cat" => () => Tensor.Cat([t, null!]),
            "Stack" => () => Tensor.Stack([t, null!]),
            "HStack" => () => Tensor.HStack([t, null!]),
            "VStack" => () => Tensor.VStack([t, null!]),
            "DStack" => () => Tensor.DStack([t, null!]),
            "ColumnStack" => () => Tensor.ColumnStack([t, null!]),
            "Meshgrid" => () => Tensor.Meshgrid([t, null!]),
            _ => () => Tensor.BroadcastTensors(t, null!),
        };
        Assert.Equal("tensors", Assert.Throws<ArgumentNullException>(call).ParamName);
    }
}
