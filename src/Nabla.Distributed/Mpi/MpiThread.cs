using System.Collections.Concurrent;

namespace Nabla.Distributed.Mpi;

/// <summary>
/// The one thread of the process that calls MPI. It initialises MPI, runs the collectives that
/// callers queue, one at a time and in the order they were queued, and finalises MPI when stopped.
/// </summary>
/// <remarks>
/// Why a thread of its own: a collective started from a backward hook must make progress while
/// the caller's thread goes on computing the rest of the backward pass. Open MPI advances a
/// non-blocking collective only while some MPI call is running on one of the process's threads,
/// so handing it <c>MPI_Iallreduce</c> and returning would leave it waiting for the next MPI call.
/// Here a blocking call runs on this thread while the caller's thread computes. Because only this
/// thread calls MPI, <c>MPI_THREAD_FUNNELED</c> is all it asks of the library, and a managed buffer
/// needs pinning only for the duration of one blocking call (the queued operation pins it). The
/// queue order is the call order on every rank, which is what MPI requires of collectives.
/// </remarks>
internal sealed class MpiThread
{
    private readonly BlockingCollection<Work> _queue = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _started = new();
    private OpenMpi? _mpi;
    private Exception? _stopFailure;

    private MpiThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "Nabla MPI" };
    }

    /// <summary>The bound library (valid once <see cref="Start"/> returned).</summary>
    public OpenMpi Mpi => _mpi!;

    /// <summary>This process's rank in <c>MPI_COMM_WORLD</c>.</summary>
    public int Rank { get; private set; }

    /// <summary>The number of processes in <c>MPI_COMM_WORLD</c>.</summary>
    public int Size { get; private set; }

    /// <summary>Starts the thread and waits until it has initialised MPI.</summary>
    /// <exception cref="DllNotFoundException">When no Open MPI library is installed.</exception>
    /// <exception cref="InvalidOperationException">When MPI fails to initialise.</exception>
    public static MpiThread Start(IReadOnlyList<string> libraryCandidates)
    {
        var thread = new MpiThread();
        thread._thread.Start(libraryCandidates);
        thread._started.Task.GetAwaiter().GetResult();   // rethrows the thread's failure as it was thrown
        return thread;
    }

    /// <summary>Queues <paramref name="work"/> behind those queued before.</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Stop"/>.</exception>
    public Work Enqueue(Work work)
    {
        try
        {
            _queue.Add(work);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(ProcessGroup), "the process group was disposed (MPI is finalised)");
        }
        return work;
    }

    /// <summary>Lets the queued collectives finish, finalises MPI and ends the thread. Idempotent.</summary>
    public void Stop()
    {
        if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
        if (Thread.CurrentThread == _thread) return;
        _thread.Join();
        if (Interlocked.Exchange(ref _stopFailure, null) is { } failure) throw failure;
    }

    private void Loop(object? libraryCandidates)
    {
        try
        {
            _mpi = OpenMpi.Load((IReadOnlyList<string>)libraryCandidates!);
            _mpi.Initialize();
            (Rank, Size) = (_mpi.Rank(), _mpi.Size());
        }
        catch (Exception e)
        {
            _started.SetException(e);
            return;
        }
        _started.SetResult();
        foreach (var work in _queue.GetConsumingEnumerable()) work.Run();
        try
        {
            _mpi.Shutdown();
        }
        catch (Exception e)
        {
            _stopFailure = e;   // an exception escaping this thread would end the process: Stop rethrows it
        }
    }
}
