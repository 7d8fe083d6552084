using Nabla.Distributed.Mpi;

namespace Nabla.Distributed.Tests;

/// <summary>Argument checks of the collectives, and the messages when MPI is missing.</summary>
public sealed class ProcessGroupTests
{
    [MpiTheory]
    [RankCounts]
    public void BadCallsFailWithAMessageThatNamesTheProblem(int ranks)
    {
        var run = MpiRun.Of(ranks);
        for (int r = 0; r < ranks; r++)
        {
            Assert.Equal("InvalidOperationException: trying to initialize the default process group twice! Use the ProcessGroup that InitMpi returned.", run.Message(r, "error/init-twice"));
            Assert.StartsWith("ArgumentException: ReduceOp.Avg needs a floating-point tensor (the average of int64 values would be truncated)", run.Message(r, "error/avg-int64"));
            Assert.StartsWith("ArgumentException: collectives take float32, float64, int64 or int32 tensors, got bool", run.Message(r, "error/bool"));
            Assert.StartsWith($"ArgumentOutOfRangeException: rank {ranks} is not in the group of {ranks} (ranks 0 to {ranks - 1})", run.Message(r, "error/root"));
            Assert.StartsWith("ArgumentException: unsupported operation: more than one element of the written-to tensor (shape [3], strides [0])", run.Message(r, "error/expanded"));
            Assert.StartsWith($"ArgumentException: the list must hold one tensor per rank: {ranks}, got 1", run.Message(r, "error/list"));
        }
    }

    [Fact]
    public void WithoutOpenMpiTheMessageNamesTheLibraryAndHowToInstallIt()
    {
        var e = Assert.Throws<DllNotFoundException>(() => ProcessGroup.Init(["libnabla-no-such-mpi.so.40", "libnabla-no-such-mpi.so"]));
        Assert.StartsWith("Nabla.Distributed needs Open MPI's libmpi and found none (tried libnabla-no-such-mpi.so.40, libnabla-no-such-mpi.so).", e.Message);
        Assert.Contains("apt-get install openmpi-bin libopenmpi-dev", e.Message);
        Assert.Contains("NABLA_MPI_LIBRARY", e.Message);
    }

    [Fact]
    public void AnotherLibraryIsRecognisedAsNotOpenMpi()
    {
        string libc = OperatingSystem.IsMacOS() ? "libSystem.dylib" : "libc.so.6";
        var e = Assert.Throws<DllNotFoundException>(() => OpenMpi.Load([libc]));
        Assert.StartsWith($"'{libc}' loaded but is not Open MPI's libmpi (it has no ompi_mpi_comm_world)", e.Message);
    }

    [Fact]
    public void TheUsualLibraryNamesComeFirstUnlessTheVariableNamesOne()
    {
        if (Environment.GetEnvironmentVariable(OpenMpi.LibraryVariable) is { Length: > 0 } named)
            Assert.Equal([named], OpenMpi.Candidates());
        else if (OperatingSystem.IsLinux())
            Assert.Equal(["libmpi.so.40", "libmpi.so"], OpenMpi.Candidates());
    }
}
