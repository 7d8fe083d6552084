using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Nabla.Data;

/// <summary>
/// One epoch of a <see cref="DataLoader"/> with background workers, scheduled as PyTorch's multi-process
/// loader is: the enumerating thread takes the batches of indices from the batch sampler and deals them
/// round robin to the workers, keeping <c>workers · prefetchFactor</c> batches in flight; each worker
/// collates its batches in the order it received them, so reading worker <c>b mod workers</c> for batch
/// b returns the batches in the sampler's order.
/// </summary>
/// <remarks>
/// Workers are tasks on the thread pool that wait asynchronously, so an idle or abandoned worker holds
/// no thread. <see cref="Dispose"/> (which <c>foreach</c> calls, also on <c>break</c> and on an exception)
/// cancels them and waits for the batch each is collating, so no worker outlives its enumeration.
/// </remarks>
internal sealed class BackgroundBatches : IEnumerator<Tensor[]>
{
    private readonly IEnumerator<int[]> _indices;
    private readonly Func<int[], Tensor[]> _collate;
    private readonly Channel<int[]>[] _inboxes;
    private readonly Channel<Result>[] _outboxes;
    private readonly Task[] _workers;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _cancellationToken;
    private readonly int _window;
    private int _sent, _received;
    private bool _disposed;

    /// <summary>A collated batch, or what collating it threw (rethrown when its turn comes).</summary>
    private readonly record struct Result(Tensor[]? Batch, ExceptionDispatchInfo? Error);

    public BackgroundBatches(IEnumerator<int[]> indices, Func<int[], Tensor[]> collate, int workers, int prefetchFactor, CancellationToken cancellationToken)
    {
        (_indices, _collate, _cancellationToken, _window) = (indices, collate, cancellationToken, workers * prefetchFactor);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = true };   // the window bounds them
        _inboxes = [.. Enumerable.Range(0, workers).Select(_ => Channel.CreateUnbounded<int[]>(options))];
        _outboxes = [.. Enumerable.Range(0, workers).Select(_ => Channel.CreateUnbounded<Result>(options))];
        _workers = [.. Enumerable.Range(0, workers).Select(w => Task.Run(() => Work(_inboxes[w].Reader, _outboxes[w].Writer, _stop.Token)))];
        try
        {
            while (_sent < _window && TrySend()) { }
        }
        catch
        {
            Dispose();   // the sampler threw: stop the workers already started
            throw;
        }
    }

    public Tensor[] Current { get; private set; } = [];

    object System.Collections.IEnumerator.Current => Current;

    /// <summary>Batches dealt to the workers and not yet returned (at most the window; tests read it).</summary>
    internal int InFlight => _sent - _received;

    /// <summary>True once every worker has finished (tests read it after <see cref="Dispose"/>).</summary>
    internal bool WorkersStopped => _workers.All(t => t.IsCompleted);

    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _cancellationToken.ThrowIfCancellationRequested();
        if (_received == _sent) return false;   // the sampler is exhausted and every batch was returned
        var outbox = _outboxes[_received % _outboxes.Length].Reader;
        if (!outbox.TryRead(out var result))
            result = outbox.ReadAsync(_cancellationToken).AsTask().GetAwaiter().GetResult();
        _received++;
        TrySend();   // one batch out, one batch in: the window stays full
        result.Error?.Throw();
        Current = result.Batch!;
        return true;
    }

    // Deals the next batch of indices to its worker; false when the sampler is exhausted.
    private bool TrySend()
    {
        if (!_indices.MoveNext()) return false;
        _inboxes[_sent % _inboxes.Length].Writer.TryWrite(_indices.Current);
        _sent++;
        return true;
    }

    private async Task Work(ChannelReader<int[]> inbox, ChannelWriter<Result> outbox, CancellationToken stop)
    {
        try
        {
            await foreach (int[] indices in inbox.ReadAllAsync(stop).ConfigureAwait(false))
            {
                Result result;
                try { result = new(_collate(indices), null); }
                catch (Exception e) { result = new(null, ExceptionDispatchInfo.Capture(e)); }
                outbox.TryWrite(result);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed or cancelled: the enumeration is over.
        }
    }

    public void Reset() => throw new NotSupportedException("a DataLoader epoch cannot be reset; enumerate the loader again");

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        foreach (var inbox in _inboxes) inbox.Writer.TryComplete();
        Task.WaitAll(_workers);   // each finishes at most the batch it is collating
        _stop.Dispose();
        _indices.Dispose();
    }
}
