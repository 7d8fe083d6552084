using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// Issue 15's concurrency items: graphs built and differentiated on many threads at once. Each test
/// runs its threads under a time limit, so a deadlock fails the test instead of hanging the run.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static void RunOnThreads(int threads, Action<int> body)
    {
        var start = new Barrier(threads);
        var tasks = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            body(t);
        }, TaskCreationOptions.LongRunning)).ToArray();
        Assert.True(Task.WaitAll(tasks, Limit), "the threads did not finish in time (a deadlock?)");
    }

    // A small graph with views, broadcasting, a reduction and a matrix product: its gradient, as bits.
    private static long[] Work(int seed)
    {
        var g = new Generator(seed);
        var w = Tensor.Randn([4, 3], DType.Float64, requiresGrad: true, generator: g);
        var b = Tensor.Randn([3], DType.Float64, requiresGrad: true, generator: g);
        var x = Tensor.Randn([5, 4], DType.Float64, generator: g);
        var y = (x.MatMul(w) + b).Tanh();
        (y[1..].Softmax(1) * y.Sum(0)).Sum().Backward();
        return [.. w.Grad!.ToArray<double>().Concat(b.Grad!.ToArray<double>()).Select(BitConverter.DoubleToInt64Bits)];
    }

    [Fact]
    public void IndependentGraphsOnManyThreadsGiveTheSerialResultsBitForBit()
    {
        const int perThread = 300;
        var serial = Enumerable.Range(0, Threads * perThread).Select(Work).ToArray();
        var parallel = new long[Threads * perThread][];
        RunOnThreads(Threads, t =>
        {
            for (int i = 0; i < perThread; i++) parallel[t * perThread + i] = Work(t * perThread + i);
        });
        for (int i = 0; i < serial.Length; i++) Assert.Equal(serial[i], parallel[i]);
    }

    [Fact]
    public void OpsRecordedOnManyThreadsShareTheLeafsOneAccumulateGradNode()
    {
        // A leaf's AccumulateGrad node is made on first use. Two threads making it at once would give
        // their graphs different nodes, hence different locks around .Grad's read-modify-write.
        const int trials = 2000;
        var distinct = new List<int>();
        Tensor leaf = Tensor.Zeros([3], requiresGrad: true);
        var nodes = new Node?[Threads];
        using var round = new Barrier(Threads, _ =>
        {
            distinct.Add(nodes.Distinct().Count());
            leaf = Tensor.Zeros([3], requiresGrad: true);
        });
        RunOnThreads(Threads, t =>
        {
            for (int i = 0; i < trials; i++)
            {
                nodes[t] = (leaf * 2).GradFn!.NextFunctions[0].Node;
                round.SignalAndWait();
            }
        });
        Assert.Equal(trials, distinct.Count);
        Assert.All(distinct, n => Assert.Equal(1, n));
    }

    [Fact]
    public void BackwardFromManyThreadsIntoOneLeafLosesNoUpdate()
    {
        // Many short trials, each starting all threads together on a fresh leaf: the race is sharpest
        // when several first gradients arrive at once.
        const int trials = 400;
        Tensor leaf = Tensor.Zeros([20000], DType.Float64, requiresGrad: true), shared = leaf * 1.0;
        var wrong = new List<string>();
        using var round = new Barrier(Threads, b =>
        {
            // Between trials (all threads wait here): check the trial that just ended, start the next.
            if (b.CurrentPhaseNumber > 0 && (leaf.Grad is not { } g || g.ToArray<double>().Any(v => v != Threads * 5.0)))
                wrong.Add(leaf.Grad is null ? "no gradient" : string.Join(", ", leaf.Grad.ToArray<double>().Distinct()));
            leaf = Tensor.Zeros([20000], DType.Float64, requiresGrad: true);
            shared = leaf * 1.0;   // one node that every thread's pass goes through (retainGraph keeps it)
        });
        RunOnThreads(Threads, t =>
        {
            for (int i = 0; i < trials; i++)
            {
                round.SignalAndWait();
                var (mine, common) = (leaf, shared);
                (mine * 2).Sum().Backward();
                (common * 3).Sum().Backward(retainGraph: true);
            }
        });
        round.RemoveParticipants(Threads - 1);
        round.SignalAndWait();   // checks the last trial
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {trials} trials lost an update: {string.Join("; ", wrong.Take(5))}");
    }

    [Fact]
    public void NoGradForwardPassesOnASharedModelAreSafe()
    {
        var model = new Sequential(new Linear(8, 16, generator: new Generator(1)), new Relu(), new Linear(16, 4, generator: new Generator(2)));
        var input = Tensor.Randn([32, 8], generator: new Generator(3));
        float[] expected;
        using (Autograd.NoGrad()) expected = model.Forward(input).ToArray<float>();
        var results = new float[Threads][];
        RunOnThreads(Threads, t =>
        {
            using (Autograd.NoGrad())
                for (int i = 0; i < 200; i++) results[t] = model.Forward(input).ToArray<float>();
        });
        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }
}
