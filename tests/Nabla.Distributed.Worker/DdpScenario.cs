using Nabla;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Distributed.Worker;

/// <summary>
/// Data-parallel training that must end where one process ends on the full batches: every rank
/// starts from its own random parameters and buffer (rank 0's are broadcast), trains on its shard
/// of each batch, plain steps first, then steps that accumulate two micro-batches, the first under
/// NoSync. The tests run <see cref="Train"/> in one process on the full batches and compare.
/// </summary>
public static class DdpScenario
{
    public const int BatchSize = 12, PlainSteps = 4, AccumulatingSteps = 2;

    /// <summary>The bucket sizes tried: one bucket for the whole model, and buckets of about a layer each.</summary>
    public static readonly (string Name, double CapMb)[] Configurations = [("one-bucket", 25), ("small-buckets", 1e-4)];

    /// <summary>The seed of rank <paramref name="rank"/>'s initial parameters (rank 0's are the reference's).</summary>
    public static long Seed(int rank) => 100 + rank;

    /// <summary>A small MLP whose output is multiplied by a buffer (different per rank before the broadcast).</summary>
    public sealed class Net : Module
    {
        private readonly Linear _fc1, _fc2;

        public Net(long seed, float scale)
        {
            var generator = new Generator(seed);
            _fc1 = RegisterModule("fc1", new Linear(5, 7, generator: generator));
            _fc2 = RegisterModule("fc2", new Linear(7, 3, generator: generator));
            RegisterBuffer("scale", Tensor.Full([3], scale));
        }

        /// <summary>Called with the hidden activation at each forward (to hook its gradient).</summary>
        public Action<Tensor>? OnHidden { get; set; }

        public override Tensor Forward(Tensor input)
        {
            var hidden = _fc1.Forward(input).Tanh();
            OnHidden?.Invoke(hidden);
            return _fc2.Forward(hidden) * NamedBuffers().First().Buffer;
        }
    }

    /// <summary>The full batches, the same on every rank.</summary>
    public static (Tensor X, Tensor Y)[] Batches()
    {
        var generator = new Generator(7);
        return Enumerable.Range(0, PlainSteps + 2 * AccumulatingSteps)
            .Select(_ => (Tensor.Randn([BatchSize, 5], generator: generator), Tensor.Randn([BatchSize, 3], generator: generator)))
            .ToArray();
    }

    /// <summary>SGD with momentum over the batches; <paramref name="shard"/> picks this rank's rows.</summary>
    public static void Train(Module model, Func<Tensor, Tensor> shard, Func<IDisposable?> noSync)
    {
        var optimizer = new Sgd(model.Parameters(), lr: 0.1, momentum: 0.9);
        var batches = Batches();
        int next = 0;
        Tensor Loss((Tensor X, Tensor Y) batch) => F.MseLoss(model.Forward(shard(batch.X)), shard(batch.Y));
        for (int step = 0; step < PlainSteps; step++)
        {
            optimizer.ZeroGrad();
            Loss(batches[next++]).Backward();
            optimizer.Step();
        }
        for (int step = 0; step < AccumulatingSteps; step++)
        {
            optimizer.ZeroGrad();
            using (noSync()) Loss(batches[next++]).Backward();
            Loss(batches[next++]).Backward();
            optimizer.Step();
        }
    }

    /// <summary>One process on the full batches: what every rank must end with.</summary>
    public static Net Reference()
    {
        var model = new Net(Seed(0), scale: 1);
        Train(model, x => x, () => null);
        return model;
    }

    public static void Run(ProcessGroup group, Results results)
    {
        int rank = group.Rank, rows = BatchSize / group.WorldSize;
        foreach (var (name, capMb) in Configurations)
        {
            var ddp = new DistributedDataParallel(new Net(Seed(rank), scale: 1 + rank), group, bucketCapMb: capMb);
            results.Message($"ddp/{name}/buckets", ddp.BucketCount.ToString());
            results.Message($"ddp/{name}/keys", string.Join(",", ddp.StateDict().Keys));
            foreach (var (key, value) in ddp.Module.StateDict()) results.Add($"ddp/{name}/initial/{key}", value.Clone());
            Train(ddp, t => t[(rank * rows)..((rank + 1) * rows)], ddp.NoSync);
            foreach (var (key, value) in ddp.Module.StateDict()) results.Add($"ddp/{name}/final/{key}", value);
            RecordOverlap(ddp, group, results, $"ddp/{name}/launched-before-fc1");
            if (name == Configurations[0].Name) RecordGradients(ddp, group, results);
        }
    }

    /// <summary>
    /// How many buckets had started their all-reduce when backward reached the hidden activation, that is
    /// after fc2's gradients and before fc1's: with a bucket per layer, fc2's has started while backward goes on.
    /// </summary>
    private static void RecordOverlap(DistributedDataParallel ddp, ProcessGroup group, Results results, string name)
    {
        int launched = -1;
        var net = (Net)ddp.Module;
        net.OnHidden = hidden => hidden.RegisterHook(_ => { launched = ddp.LaunchedBuckets; return null; });
        var (x, y) = Batches()[0];
        ddp.ZeroGrad();
        F.MseLoss(ddp.Forward(x), y).Backward();
        net.OnHidden = null;
        results.Message(name, launched.ToString());
    }

    /// <summary>The same batch's gradient of fc1.weight, once under NoSync (this shard's) and once synchronised (the average).</summary>
    private static void RecordGradients(DistributedDataParallel ddp, ProcessGroup group, Results results)
    {
        int rows = BatchSize / group.WorldSize;
        var (x, y) = Batches()[0];
        Tensor ShardLoss() => F.MseLoss(ddp.Forward(x[(group.Rank * rows)..((group.Rank + 1) * rows)]), y[(group.Rank * rows)..((group.Rank + 1) * rows)]);
        var weight = ddp.Module.NamedParameters().First(p => p.Name == "fc1.weight").Parameter;
        ddp.ZeroGrad();
        using (ddp.NoSync()) ShardLoss().Backward();
        results.Add("ddp/no-sync/grad", weight.Grad!);
        ddp.ZeroGrad();
        ShardLoss().Backward();
        results.Add("ddp/synced/grad", weight.Grad!);
    }
}
