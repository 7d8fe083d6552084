using Nabla.Tests;

namespace Nabla.Distributed.Tests;

/// <summary>
/// Issue 15, item 7, for this package: every public member given null for a non-nullable parameter throws ArgumentNullException
/// naming it. A ProcessGroup needs MPI (ProcessGroup.InitMpi), so the sweep cannot make one: the members that take a process
/// group, and ProcessGroup's own methods, are left to the tests that start MPI (the sweep logs them as unsampled).
/// </summary>
public sealed class NullArgumentTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void EveryPublicMemberNamesItsNullArgument()
        => NullArgumentSweep.AssertEveryMemberNamesItsNullArgument(typeof(DistributedSampler).Assembly, minimumTrials: 1, output.WriteLine);

    [Fact]
    public void DistributedDataParallelNamesItsNullArgumentsBeforeNeedingMpi()
    {
        Assert.Equal("module", Assert.Throws<ArgumentNullException>(() => new DistributedDataParallel(null!, null!)).ParamName);
        Assert.Equal("processGroup", Assert.Throws<ArgumentNullException>(() => new DistributedDataParallel(new NN.Linear(2, 2), null!)).ParamName);
    }
}
