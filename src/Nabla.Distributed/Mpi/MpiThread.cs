using System.Collections.Concurrent;

namespace Nabla.Distributed.Mpi;

/// <summary>
/// Runs the process's MPI calls one at a time, in the order they were made: non-blocking
/// collectives on a thread of its own, blocking ones on the caller's thread when nothing is queued
/// before them. The thread also initialises and finalises MPI.
/// </summary>
/// <remarks>
/// Why a thread of its own: a collective started from a backward hook must make progress while
/// the caller's thread goes on computing the rest of the backward pass. Open MPI advances a
/// non-blocking collective only while some MPI call is running on one of the process's threads,
/// so handing it <c>MPI_Iallreduce</c> and returning would leave it waiting for the next MPI call.
/// Here a blocking call runs on this thread while the caller's thread computes, and a managed
/// buffer needs pinning only for the duration of one blocking call. The order of the calls is the
/// program's order on every rank, which is what MPI requires of collectives.
/// <para>A blocking collective with nothing queued before it runs on the caller's thread, which
/// saves two thread hand-offs (each a scheduler wake-up: microseconds on an idle machine,
/// milliseconds on a busy one). That needs <c>MPI_THREAD_SERIALIZED</c> (any thread may call MPI,
/// one at a time, which the lock ensures); a library that offers only <c>MPI_THREAD_FUNNELED</c>
/// gets every call on the MPI thread.</para>
/// </remarks>
internal sealed class MpiThread
{
    private readonly BlockingCollection<Work> _queue = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _started = new();
    private readonly Lock _callLock = new();   // held by whichever thread is inside MPI
    private int _queued;                       // works queued or running on the MPI thread
    private bool _callersMayCall;              // the library granted MPI_THREAD_SERIALIZED
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

    /// <summary>Queues <paramref name="work"/> for the MPI thread, behind the calls made before it.</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Stop"/>.</exception>
    public Work Enqueue(Work work)
    {
        Interlocked.Increment(ref _queued);
        try
        {
            _queue.Add(work);
        }
        catch (InvalidOperationException)
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(nameof(ProcessGroup), "the process group was disposed (MPI is finalised)");
        }
        return work;
    }

    /// <summary>Runs <paramref name="work"/> to completion: here when nothing is queued before it, else on the MPI thread.</summary>
    public void Complete(Work work)
    {
        if (_callersMayCall)
            lock (_callLock)
                // Every queued work decrements the count only after it ran, so zero means all calls made before this one are done.
                if (Volatile.Read(ref _queued) == 0)
                {
                    work.Run();
                    work.Wait();
                    return;
                }
        Enqueue(work).Wait();
    }

    /// <summary>Lets the queued collectives finish, finalises MPI and ends the thread. Idempotent.</summary>
    /// <exception cref="InvalidOperationException">When MPI_Finalize failed.</exception>
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
            _callersMayCall = _mpi.Initialize() >= OpenMpi.ThreadSerialized;
            (Rank, Size) = (_mpi.Rank(), _mpi.Size());
        }
        catch (Exception e)
        {
            _started.SetException(e);
            return;
        }
        _started.SetResult();
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            lock (_callLock) work.Run();
            Interlocked.Decrement(ref _queued);
        }
        try
        {
            lock (_callLock) _mpi.Shutdown();
        }
        catch (Exception e)
        {
            _stopFailure = e;   // an exception escaping this thread would end the process: Stop rethrows it
        }
    }
}
