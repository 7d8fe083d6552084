using System.Collections.Concurrent;
using Nabla.Data;

namespace Nabla.Tests;

/// <summary>
/// DataLoader with background workers: the same batches in the same order as without them, bounded
/// prefetching, cancellation, exceptions surfacing in the loop, and no worker outliving its epoch. Every
/// test runs under a time limit, so a scheduling bug fails the test instead of hanging the test run.
/// </summary>
public sealed class DataLoaderWorkerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs <paramref name="body"/> on a thread of its own (as a training loop runs on the main thread, leaving
    /// the thread pool to the workers) and fails if it does not finish within <see cref="Limit"/>.
    /// </summary>
    private static void WithinTimeLimit(Action body)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try { body(); }
            catch (Exception e) { error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e); }
        }) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(Limit), $"the test did not finish within {Limit.TotalSeconds} s: the loader hangs");
        error?.Throw();
    }

    /// <summary>Sample i is [features [i, -i], label i]; counts the samples read and can fail at one index or signal another.</summary>
    private sealed class Probe(int count, int failAt = -1) : Dataset
    {
        private int _reads;
        public readonly ConcurrentDictionary<int, ManualResetEventSlim> Signals = new();
        public int Reads => Volatile.Read(ref _reads);
        public override int Count => count;

        public override Tensor[] this[int index]
        {
            get
            {
                Interlocked.Increment(ref _reads);
                if (index == failAt) ThrowCorrupt(index);
                if (Signals.TryGetValue(index, out var signal)) signal.Set();
                return [Tensor.FromArray(new float[] { index, -index }), Tensor.Scalar((long)index)];
            }
        }

        private static void ThrowCorrupt(int index) => throw new InvalidDataException($"sample {index} is corrupt");
    }

    private static long[][] Labels(IEnumerable<Tensor[]> batches) => [.. batches.Select(b => b[1].ToArray<long>())];

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 1)]
    [InlineData(2, 4)]
    public void WorkersReturnTheSameBatchesInTheSameOrder(int numWorkers, int prefetchFactor) => WithinTimeLimit(() =>
    {
        foreach (bool dropLast in new[] { false, true })
        {
            var inline = new DataLoader(new Probe(23), batchSize: 4, shuffle: true, generator: new Generator(9), dropLast: dropLast);
            var background = new DataLoader(new Probe(23), batchSize: 4, shuffle: true, generator: new Generator(9), dropLast: dropLast,
                numWorkers: numWorkers, prefetchFactor: prefetchFactor);
            for (int epoch = 0; epoch < 2; epoch++)
            {
                var expected = inline.ToArray();
                var actual = background.ToArray();
                Assert.Equal(Labels(expected), Labels(actual));
                Assert.Equal(expected.Select(b => b[0].ToArray<float>()), actual.Select(b => b[0].ToArray<float>()));
                Assert.Equal(background.Count, actual.Length);
            }
        }
        // The TensorDataset path too.
        var data = new TensorDataset(Tensor.Arange(10).Reshape(10, 1), Tensor.Arange(10));
        Assert.Equal(Labels(new DataLoader(data, batchSize: 3)), Labels(new DataLoader(data, batchSize: 3, numWorkers: numWorkers)));
    });

    [Fact]
    public void WorkersPrepareTheNextBatchesWhileTheLoopHoldsOne() => WithinTimeLimit(() =>
    {
        var data = new Probe(12);
        var thirdBatchRead = data.Signals.GetOrAdd(5, _ => new ManualResetEventSlim());   // batch 2 holds samples 4 and 5
        var loader = new DataLoader(data, batchSize: 2, numWorkers: 1, prefetchFactor: 3);
        using var batches = loader.GetEnumerator();
        Assert.True(batches.MoveNext());
        // No MoveNext until the worker has read batch 2 on its own: it works ahead of the loop.
        Assert.True(thirdBatchRead.Wait(Limit), "the worker did not prepare batch 2 in the background");
    });

    [Fact]
    public void PrefetchingIsBoundedByWorkersTimesPrefetchFactor() => WithinTimeLimit(() =>
    {
        var data = new Probe(100);
        var loader = new DataLoader(data, batchSize: 2, numWorkers: 2, prefetchFactor: 3);
        Assert.Equal(3, loader.PrefetchFactor);
        Assert.Equal(2, new DataLoader(data, numWorkers: 1).PrefetchFactor);   // PyTorch's default
        using var batches = (BackgroundBatches)loader.GetEnumerator();
        for (int step = 1; step <= 10; step++)
        {
            Assert.True(batches.MoveNext());
            Assert.InRange(batches.InFlight, 0, 6);
            // Read samples belong to batches returned or in flight: at most (step + 6) batches of 2.
            Assert.InRange(data.Reads, 2 * step, 2 * (step + 6));
        }
    });

    [Fact]
    public void ADatasetExceptionSurfacesOnTheBatchThatHitIt() => WithinTimeLimit(() =>
    {
        foreach (int numWorkers in new[] { 0, 1, 3 })
        {
            var loader = new DataLoader(new Probe(20, failAt: 7), batchSize: 2, numWorkers: numWorkers);
            var returned = new List<long[]>();
            var error = Assert.Throws<InvalidDataException>(() => { foreach (var batch in loader) returned.Add(batch[1].ToArray<long>()); });
            Assert.Equal([[0L, 1], [2L, 3], [4L, 5]], returned);          // batches before the failing one arrived
            Assert.Equal("sample 7 is corrupt", error.Message);            // the original exception...
            Assert.Contains(nameof(Probe), error.StackTrace);              // ...with the stack of the worker that threw it
        }
    });

    [Fact]
    public void CancellationStopsTheEpochAndItsWorkers() => WithinTimeLimit(() =>
    {
        foreach (int numWorkers in new[] { 0, 2 })
        {
            using var cancel = new CancellationTokenSource();
            var loader = new DataLoader(new Probe(50), batchSize: 5, numWorkers: numWorkers);
            int seen = 0;
            Assert.ThrowsAny<OperationCanceledException>(() =>
            {
                foreach (var batch in loader.WithCancellation(cancel.Token))
                    if (++seen == 2) cancel.Cancel();
            });
            Assert.Equal(2, seen);
        }
        using var stopped = new CancellationTokenSource();
        var enumerator = (BackgroundBatches)new DataLoader(new Probe(50), batchSize: 5, numWorkers: 2).WithCancellation(stopped.Token).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        stopped.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => enumerator.MoveNext());
        enumerator.Dispose();
        Assert.True(enumerator.WorkersStopped);
    });

    [Fact]
    public void LeavingAnEpochEarlyStopsItsWorkers() => WithinTimeLimit(() =>
    {
        var data = new Probe(1000);
        var loader = new DataLoader(data, batchSize: 10, numWorkers: 3, prefetchFactor: 2);
        var batches = (BackgroundBatches)loader.GetEnumerator();
        Assert.True(batches.MoveNext());
        Assert.True(batches.MoveNext());
        batches.Dispose();                                                 // what foreach does on break
        Assert.True(batches.WorkersStopped);
        int reads = data.Reads;
        Assert.InRange(reads, 20, 10 * (2 + 6));                           // nothing beyond the window was read
        Assert.Equal(reads, data.Reads);                                   // and nothing is read any more
        Assert.Throws<ObjectDisposedException>(() => batches.MoveNext());
        foreach (var batch in loader) break;                               // the loader itself starts afresh
        Assert.Equal(10, Labels(loader.Take(10)).Length);
    });

    [Fact]
    public void WorkerOptionsAreCheckedAsPyTorchChecksThem()
    {
        var data = new Probe(4);
        Assert.StartsWith("num_workers option should be non-negative",
            Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(data, numWorkers: -1)).Message);
        Assert.StartsWith("prefetch_factor option could only be specified with background workers",
            Assert.Throws<ArgumentException>(() => new DataLoader(data, prefetchFactor: 2)).Message);
        Assert.StartsWith("prefetch_factor option should be positive",
            Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(data, numWorkers: 1, prefetchFactor: 0)).Message);
        Assert.Equal(0, new DataLoader(data).PrefetchFactor);
    }
}
