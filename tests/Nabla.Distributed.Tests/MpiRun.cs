using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Nabla.Distributed.Mpi;
using Nabla.Distributed.Worker;
using Nabla.IO;

namespace Nabla.Distributed.Tests;

/// <summary>
/// One launch of the worker under <c>mpirun -np N</c> and what each rank wrote. Each rank count
/// is launched once per test run (mpirun and the runtime's start cost about a second), and every
/// test for that count reads the same results.
/// </summary>
internal sealed class MpiRun
{
    private static readonly ConcurrentDictionary<int, Lazy<MpiRun>> s_runs = new();

    private readonly (OrderedDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Messages)[] _ranks;

    private MpiRun(int ranks, string folder)
    {
        Ranks = ranks;
        _ranks = Enumerable.Range(0, ranks)
            .Select(r => Results.PathFor(folder, r))
            .Select(path => (Safetensors.Load(path), Safetensors.LoadMetadata(path)))
            .ToArray();
    }

    /// <summary>The number of ranks.</summary>
    public int Ranks { get; }

    /// <summary>A tensor that rank <paramref name="rank"/> recorded.</summary>
    public Tensor Tensor(int rank, string name)
        => _ranks[rank].Tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"rank {rank} recorded no tensor '{name}'");

    /// <summary>A text that rank <paramref name="rank"/> recorded.</summary>
    public string Message(int rank, string name)
        => _ranks[rank].Messages.TryGetValue(name, out var m) ? m : throw new KeyNotFoundException($"rank {rank} recorded no message '{name}'");

    /// <summary>The results of the worker run over <paramref name="ranks"/> processes (launched on first use).</summary>
    public static MpiRun Of(int ranks) => s_runs.GetOrAdd(ranks, n => new Lazy<MpiRun>(() => Launch(n))).Value;

    private static MpiRun Launch(int ranks)
    {
        string folder = Directory.CreateTempSubdirectory("nabla-distributed-").FullName;
        string worker = Path.Combine(AppContext.BaseDirectory, "Nabla.Distributed.Worker.dll");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        // As root (containers, CI), Open MPI refuses to start without --allow-run-as-root; --oversubscribe lets
        // 3 ranks share 2 cores; --bind-to none and mpi_yield_when_idle keep a rank that waits for another from
        // holding the core that the other needs (the machine is shared with the test host and other test runs).
        var start = new ProcessStartInfo("mpirun")
        {
            ArgumentList =
            {
                "-np", ranks.ToString(), "--oversubscribe", "--allow-run-as-root", "--bind-to", "none", "--mca", "mpi_yield_when_idle", "1",
                dotnet, worker, folder,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mpirun -np {ranks} did not finish in 3 minutes; its output so far:\n{output.Result}\n{errors.Result}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"mpirun -np {ranks} exited with {process.ExitCode}:\n{output.Result}\n{errors.Result}");
        try
        {
            return new MpiRun(ranks, folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Why MPI tests cannot run here, or null when mpirun and Open MPI's libmpi are both installed.</summary>
    public static readonly string? Unavailable = FindProblem();

    private static string? FindProblem()
    {
        const string install = "install Open MPI to run them: apt-get install openmpi-bin libopenmpi-dev";
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "mpirun"))))
            return $"needs mpirun on PATH; {install}";
        try
        {
            OpenMpi.Load(OpenMpi.Candidates());
            return null;
        }
        catch (DllNotFoundException e)
        {
            return $"needs Open MPI's libmpi ({e.Message}); {install}";
        }
    }
}

/// <summary>A theory over rank counts, skipped with a message saying what to install when Open MPI is absent.</summary>
public sealed class MpiTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when mpirun or libmpi is missing.</summary>
    public MpiTheoryAttribute()
    {
        if (MpiRun.Unavailable is { } problem) Skip = problem;
    }
}

/// <summary>The rank counts every MPI test runs with: 2 and 3 (3 on 2 cores checks that oversubscription works).</summary>
public sealed class RankCountsAttribute : Xunit.Sdk.DataAttribute
{
    /// <summary>[2] and [3].</summary>
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[2], [3]];
}
