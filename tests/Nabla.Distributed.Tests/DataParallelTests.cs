using Nabla.Distributed.Worker;

namespace Nabla.Distributed.Tests;

/// <summary>
/// <see cref="DistributedDataParallel"/> over 2 and 3 ranks (see <see cref="DdpScenario"/>): ranks
/// that start from different parameters and train on shards of each batch end where one process
/// ends on the full batches.
/// </summary>
public sealed class DataParallelTests
{
    [MpiTheory]
    [RankCounts]
    public void RanksOnShardsEndWithTheParametersOfOneProcessOnFullBatches(int ranks)
    {
        var run = MpiRun.Of(ranks);
        var reference = DdpScenario.Reference().StateDict();
        var initial = new DdpScenario.Net(DdpScenario.Seed(0), scale: 1).StateDict();
        Assert.True((reference["fc1.weight"] - initial["fc1.weight"]).Abs().Max().Item<float>() > 1e-2, "the reference run must move the parameters");
        foreach (var (config, _) in DdpScenario.Configurations)
            for (int r = 0; r < ranks; r++)
                foreach (var (key, expected) in reference)
                {
                    // Rank 0's parameters and buffer reached every rank at construction, whatever its own seed and scale.
                    AssertEqual(initial[key], run.Tensor(r, $"ddp/{config}/initial/{key}"), 0, $"{config} rank {r} initial {key}");
                    AssertEqual(expected, run.Tensor(r, $"ddp/{config}/final/{key}"), 1e-5, $"{config} rank {r} final {key}");
                    // The replicas are not just close to the reference: they are the same tensors on every rank.
                    AssertEqual(run.Tensor(0, $"ddp/{config}/final/{key}"), run.Tensor(r, $"ddp/{config}/final/{key}"), 0, $"{config} rank {r} against rank 0, {key}");
                }
    }

    [MpiTheory]
    [RankCounts]
    public void BucketsFollowTheCapStartDuringBackwardAndTheStateDictHasPyTorchsModulePrefix(int ranks)
    {
        var run = MpiRun.Of(ranks);
        for (int r = 0; r < ranks; r++)
        {
            Assert.Equal("1", run.Message(r, "ddp/one-bucket/buckets"));
            Assert.Equal("3", run.Message(r, "ddp/small-buckets/buckets"));   // fc2.bias; fc1.bias + fc2.weight; fc1.weight (launch order)
            // When backward reaches fc1 (after fc2's gradients), the bucket holding only fc2.bias is already being
            // reduced while backward goes on; one bucket for the whole model cannot start before the end.
            Assert.Equal("1", run.Message(r, "ddp/small-buckets/launched-before-fc1"));
            Assert.Equal("0", run.Message(r, "ddp/one-bucket/launched-before-fc1"));
            Assert.Equal("module.scale,module.fc1.weight,module.fc1.bias,module.fc2.weight,module.fc2.bias", run.Message(r, "ddp/one-bucket/keys"));
        }
    }

    [MpiTheory]
    [RankCounts]
    public void NoSyncKeepsEachRanksLocalGradient(int ranks)
    {
        var run = MpiRun.Of(ranks);
        var local = Enumerable.Range(0, ranks).Select(r => run.Tensor(r, "ddp/no-sync/grad")).ToArray();
        var synced = Enumerable.Range(0, ranks).Select(r => run.Tensor(r, "ddp/synced/grad")).ToArray();
        for (int r = 1; r < ranks; r++)
        {
            Assert.True((local[r] - local[0]).Abs().Max().Item<float>() > 1e-4, $"rank {r}'s gradient under NoSync must be its own shard's");
            AssertEqual(synced[0], synced[r], 0, $"rank {r}'s synchronised gradient");
        }
        // The synchronised gradient is the average of the local ones (the same batch, once with and once without NoSync).
        AssertEqual(local.Aggregate((a, b) => a + b) / ranks, synced[0], 1e-6, "average of the local gradients");
    }

    [MpiTheory]
    [RankCounts]
    public void AParameterWithoutGradientIsNamedAndTheGroupStillWorks(int ranks)
    {
        var run = MpiRun.Of(ranks);
        for (int r = 0; r < ranks; r++)
        {
            string message = run.Message(r, "error/unused");
            Assert.StartsWith("InvalidOperationException: DistributedDataParallel expected every parameter to receive a gradient", message);
            Assert.Contains($"Parameters which did not receive grad for rank {r}: fc2.weight, fc2.bias.", message);
            Assert.EndsWith($"Parameter indices which did not receive grad for rank {r}: 2 3", message);
            double expected = Enumerable.Range(0, ranks).Sum();
            Assert.Equal([expected, expected], run.Tensor(r, "error/after").ToArray<double>());
        }
    }

    [MpiTheory]
    [RankCounts]
    public void TheDocsCodeRunsOnEveryRankAndKeepsTheReplicasIdentical(int ranks)
    {
        var run = MpiRun.Of(ranks);
        double total = ranks * (ranks + 1) / 2;   // 1 + 2 + ... + ranks, then broadcast and max leave it so
        for (int r = 0; r < ranks; r++)
        {
            Assert.Equal(Enumerable.Repeat(total, 6), run.Tensor(r, "docs/collectives").ToArray<double>());
            AssertEqual(run.Tensor(0, "docs/trained"), run.Tensor(r, "docs/trained"), 0, $"docs training, rank {r}");
            AssertEqual(run.Tensor(0, "docs/accumulated"), run.Tensor(r, "docs/accumulated"), 0, $"docs accumulation, rank {r}");
            AssertEqual(run.Tensor(0, "docs/trained"), run.Tensor(r, "docs/reloaded"), 0, $"docs checkpoint, rank {r}");
        }
    }

    internal static void AssertEqual(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.True(expected.Shape == actual.Shape && expected.DType == actual.DType, $"{what}: {actual.DType} {actual.Shape}, expected {expected.DType} {expected.Shape}");
        double[] want = expected.ToArray<double>(), got = actual.ToArray<double>();
        double worst = want.Zip(got, (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max();
        Assert.True(worst <= tolerance, $"{what}: differs by up to {worst:G3} (tolerance {tolerance:G3}); expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]");
    }
}
