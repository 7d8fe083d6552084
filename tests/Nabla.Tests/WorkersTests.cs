using Nabla.Kernels;

namespace Nabla.Tests;

/// <summary>The kernels' thread team: every item once, errors surface, nested and concurrent loops do not deadlock.</summary>
/// <remarks>
/// The failure-mode tests (issue 15, item 12) run each scenario on a task with a time limit, so that a
/// deadlock fails the test instead of hanging the run. They need a second thread in the team.
/// </remarks>
public sealed class WorkersTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    public void EveryItemRunsExactlyOnce(int count)
    {
        var hits = new int[count];
        for (int round = 0; round < 50; round++)
            Workers.For(count, i => Interlocked.Increment(ref hits[i]));
        Assert.All(hits, h => Assert.Equal(50, h));
    }

    [Fact]
    public void AnExceptionInABodyReachesTheCallerAfterTheOtherItemsFinish()
    {
        int done = 0;
        var e = Assert.Throws<InvalidOperationException>(() => Workers.For(16, i =>
        {
            if (i == 5) throw new InvalidOperationException("item 5 failed");
            Interlocked.Increment(ref done);
        }));
        Assert.Equal("item 5 failed", e.Message);
        Assert.Equal(15, done);
        // The team is still usable afterwards.
        int after = 0;
        Workers.For(8, _ => Interlocked.Increment(ref after));
        Assert.Equal(8, after);
    }

    [Fact]
    public void ALoopInsideALoopRunsInlineOnItsCaller()
    {
        var hits = new int[4 * 6];
        WithinLimit(() => Workers.For(4, outer => Workers.For(6, inner => Interlocked.Increment(ref hits[outer * 6 + inner]))));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void AnInlineLoopAlsoFinishesEveryItemBeforeThrowing()
    {
        int done = 0;
        // The inner loops run inline on whichever thread runs the outer item.
        var e = Assert.Throws<InvalidOperationException>(() => WithinLimit(() => Workers.For(2, outer => Workers.For(6, inner =>
        {
            if (inner == 1) throw new InvalidOperationException($"inner 1 of outer {outer}");
            Interlocked.Increment(ref done);
        }))));
        Assert.StartsWith("inner 1 of outer", e.Message);
        Assert.Equal(2 * 5, done);
    }

    [Fact]
    public void LoopsFromSeveralThreadsAtOnceAllComplete()
    {
        var sums = new long[4];
        WithinLimit(() => Parallel.For(0, 4, t =>
        {
            for (int round = 0; round < 200; round++)
                Workers.For(32, i => Interlocked.Add(ref sums[t], i));
        }));
        Assert.All(sums, s => Assert.Equal(200L * (31 * 32 / 2), s));
    }

    [Fact]
    public void AnExceptionOnAWorkerThreadReachesTheCallerAndTheTeamKeepsWorking()
    {
        WithinLimit(() =>
        {
            for (int round = 0; round < 20; round++)
            {
                var ex = Assert.Throws<InvalidOperationException>(() => OneItemOnAWorker(
                    onCaller: () => { },
                    onWorker: () => throw new InvalidOperationException($"a worker failed in round {round}")));
                Assert.Equal($"a worker failed in round {round}", ex.Message);
            }
            // The workers survived: they still take items, and a loop's items all run once.
            bool workerRan = false;
            OneItemOnAWorker(onCaller: () => { }, onWorker: () => workerRan = true);
            Assert.True(workerRan);
            var hits = new int[1000];
            Workers.For(hits.Length, i => Interlocked.Increment(ref hits[i]));
            Assert.All(hits, h => Assert.Equal(1, h));
        });
    }

    [Fact]
    public void ACancellationOnTheCallersPartReturnsOnlyOnceTheWorkersAreDone()
    {
        // "Cancelled" here: the caller's own part of a loop throws (an OperationCanceledException, as a
        // token's ThrowIfCancellationRequested does) while a worker is still writing into the caller's
        // buffer. The call must not return before the worker is done with that buffer.
        WithinLimit(() =>
        {
            var buffer = new int[1 << 20];
            bool workerDone = false;
            using var cancellation = new CancellationTokenSource();
            var ex = Assert.Throws<OperationCanceledException>(() => OneItemOnAWorker(
                onCaller: () =>
                {
                    cancellation.Cancel();
                    cancellation.Token.ThrowIfCancellationRequested();
                },
                onWorker: () =>
                {
                    Assert.True(cancellation.Token.WaitHandle.WaitOne(Limit), "the caller never cancelled");
                    for (int i = 0; i < buffer.Length; i++) buffer[i] = i + 1;   // still at work after the cancellation
                    Volatile.Write(ref workerDone, true);
                }));
            Assert.Equal(cancellation.Token, ex.CancellationToken);
            Assert.True(Volatile.Read(ref workerDone), "Workers.For returned while a worker was still writing the caller's buffer");
            Assert.Equal(buffer.Length, buffer[^1]);
            // And the team is usable afterwards.
            bool workerRan = false;
            OneItemOnAWorker(onCaller: () => { }, onWorker: () => workerRan = true);
            Assert.True(workerRan);
        });
    }

    [Fact]
    public void NablaCalledFromInsideParallelForNeitherDeadlocksNorLosesAnException()
    {
        WithinLimit(() =>
        {
            // Big enough that the GEMM and the elementwise kernels split their work over the team (or run
            // inline, on the threads that find the team busy): the results are the same either way.
            var a = Tensor.Randn([200, 300], generator: new Generator(1));
            var b = Tensor.Randn([300, 200], generator: new Generator(2));
            var product = a.MatMul(b).ToArray<float>();
            var sum = (a * 2 + 1).Exp().ToArray<float>();
            int failures = 0;
            Parallel.For(0, 48, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
            {
                Assert.Equal(product, a.MatMul(b).ToArray<float>());
                Assert.Equal(sum, (a * 2 + 1).Exp().ToArray<float>());
                // A loop of nested loops, one of whose items fails on every third thread of the outer loop.
                try
                {
                    Workers.For(16, i => Workers.For(4, j =>
                    {
                        if (k % 3 == 0 && i == 5 && j == 2) throw new InvalidOperationException($"item {k}");
                    }));
                }
                catch (InvalidOperationException e) when (e.Message == $"item {k}")
                {
                    Interlocked.Increment(ref failures);
                }
            });
            Assert.Equal(16, failures);   // k = 0, 3, ..., 45: each failure reached its own caller
        });
    }

    /// <summary>
    /// A loop in which <paramref name="onWorker"/> runs on a worker thread and, once it has started,
    /// <paramref name="onCaller"/> on the calling thread. While another thread's loop holds the team, a loop
    /// runs inline on its caller and no worker joins; then nothing runs and the loop is tried again.
    /// </summary>
    private static void OneItemOnAWorker(Action onCaller, Action onWorker)
    {
        Assert.True(Workers.Count > 1, "these tests need a machine with two processors or more");
        var tries = System.Diagnostics.Stopwatch.StartNew();
        while (!TryOneItemOnAWorker(onCaller, onWorker))
            Assert.True(tries.Elapsed < Limit / 3, "no worker took part in a loop");
    }

    private static bool TryOneItemOnAWorker(Action onCaller, Action onWorker)
    {
        const int Open = 0, Taken = 1, Abandoned = 2;
        int caller = Environment.CurrentManagedThreadId;
        int workerRole = Open, callerRole = Open;
        using var workerStarted = new ManualResetEventSlim();
        // One item more than the workers: the ones that do not get the worker's role wait for the caller to take
        // its role, so that the workers cannot use up every item before the caller takes one.
        Workers.For(Workers.Count + 1, _ =>
        {
            if (Environment.CurrentManagedThreadId != caller)
            {
                if (Interlocked.CompareExchange(ref workerRole, Taken, Open) == Open)
                {
                    workerStarted.Set();
                    onWorker();
                }
                else SpinWait.SpinUntil(() => Volatile.Read(ref callerRole) != Open, Limit);
                return;
            }
            if (Interlocked.CompareExchange(ref callerRole, Taken, Open) != Open) return;
            // A parked worker wakes within a millisecond or so; if none has come by now, the loop runs inline.
            if (!workerStarted.Wait(TimeSpan.FromMilliseconds(200)) && Interlocked.CompareExchange(ref workerRole, Abandoned, Open) == Open) return;
            workerStarted.Wait();   // a worker took the role at the last moment
            onCaller();
        });
        return workerRole == Taken;
    }

    /// <summary>Runs <paramref name="scenario"/> on a task: if it does not end within <see cref="Limit"/>, the test fails (a deadlock) instead of hanging.</summary>
    private static void WithinLimit(Action scenario)
    {
        var run = Task.Run(scenario);
        Assert.True(Task.WaitAny([run], Limit) == 0, $"the scenario did not finish within {Limit.TotalSeconds} s: a deadlock");
        run.GetAwaiter().GetResult();
    }
}
