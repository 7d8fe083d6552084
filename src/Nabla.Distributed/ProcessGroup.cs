using Nabla.Distributed.Mpi;

namespace Nabla.Distributed;

/// <summary>
/// The processes of one distributed job and the collectives between them, like
/// <c>torch.distributed</c>'s default process group with the MPI backend. Start the program with
/// <c>mpirun -np N</c>; each process calls <see cref="InitMpi"/> once and learns its
/// <see cref="Rank"/> and the <see cref="WorldSize"/>.
/// </summary>
/// <remarks>
/// Collectives work in place on the tensors given, as torch.distributed's do, on float32, float64,
/// int64 and int32 tensors of any layout (a non-contiguous tensor is reduced through a dense copy
/// and written back). They act on the data only (as on <c>t.data</c>): autograd does not record
/// them. Every rank must call the same collectives in the same order with tensors of the same
/// shape and dtype. Each has a non-blocking <c>...Async</c> form returning a <see cref="Work"/>.
/// Dispose the group (or let the process exit) to finalise MPI; MPI cannot be initialised again
/// in the same process afterwards.
/// </remarks>
/// <example>
/// <code>
/// using var group = ProcessGroup.InitMpi();   // mpirun -np 2 dotnet run
/// var t = Tensor.Full([3], (double)group.Rank);
/// group.AllReduce(t, ReduceOp.Sum);           // every rank: tensor([1., 1., 1.])
/// </code>
/// </example>
public sealed partial class ProcessGroup : IDisposable
{
    private static readonly Lock s_lock = new();
    private static ProcessGroup? s_current;
    private static bool s_finalized;

    private readonly MpiThread _thread;
    private int _disposed;

    private ProcessGroup(MpiThread thread)
    {
        _thread = thread;
        Rank = thread.Rank;
        WorldSize = thread.Size;
    }

    /// <summary>
    /// Initialises MPI and returns the group of all processes that <c>mpirun</c> started, like
    /// <c>torch.distributed.init_process_group("mpi")</c>. Started without mpirun, the process is
    /// a group of one.
    /// </summary>
    /// <exception cref="DllNotFoundException">When Open MPI's libmpi is not installed (the message says how to install it).</exception>
    /// <exception cref="InvalidOperationException">When a group is already open in this process, or MPI was finalised by an earlier one.</exception>
    public static ProcessGroup InitMpi() => Init(OpenMpi.Candidates());

    internal static ProcessGroup Init(IReadOnlyList<string> libraryCandidates)
    {
        lock (s_lock)
        {
            if (s_current is not null)
                throw new InvalidOperationException("trying to initialize the default process group twice! Use the ProcessGroup that InitMpi returned.");
            if (s_finalized)
                throw new InvalidOperationException("MPI was finalised when the previous ProcessGroup was disposed, and MPI cannot be initialised twice in one process.");
            var group = new ProcessGroup(MpiThread.Start(libraryCandidates));
            // A program that forgets Dispose still finalises MPI, so that mpirun does not report the process as failed.
            AppDomain.CurrentDomain.ProcessExit += group.OnProcessExit;
            return s_current = group;
        }
    }

    /// <summary>This process's index in the group, 0 to <see cref="WorldSize"/> − 1, like <c>dist.get_rank()</c>.</summary>
    public int Rank { get; }

    /// <summary>The number of processes in the group, like <c>dist.get_world_size()</c>.</summary>
    public int WorldSize { get; }

    /// <summary>The backend's name, as <c>dist.get_backend()</c> prints it: <c>mpi</c>.</summary>
    public string Backend => "mpi";

    /// <summary>The MPI library in use, as it describes itself (e.g. <c>Open MPI v4.1.4, package: Debian OpenMPI, ...</c>).</summary>
    public string LibraryVersion => Run(() => _thread.Mpi.Version());

    /// <summary>Blocks until every rank has called it, like <c>dist.barrier()</c>.</summary>
    public void Barrier() => Complete(new Work(ThrowIfDisposed().Barrier));

    /// <summary>The non-blocking <see cref="Barrier"/>: the returned work completes once every rank has reached it.</summary>
    public Work BarrierAsync() => Start(new Work(ThrowIfDisposed().Barrier));

    /// <summary>Waits for the queued collectives, finalises MPI and closes the group, like <c>dist.destroy_process_group()</c>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _thread.Stop();
        lock (s_lock)
        {
            s_current = null;
            s_finalized = true;
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private OpenMpi ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _thread.Mpi;
    }

    /// <summary>Starts <paramref name="work"/> on the MPI thread, behind the calls made before it.</summary>
    private Work Start(Work work) => _thread.Enqueue(work);

    /// <summary>Runs <paramref name="work"/> to completion (on this thread when nothing is queued before it).</summary>
    private void Complete(Work work) => _thread.Complete(work);

    private T Run<T>(Func<T> query)
    {
        ThrowIfDisposed();
        T result = default!;
        Complete(new Work(() => result = query()));
        return result;
    }
}
