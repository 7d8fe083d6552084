using Nabla.Distributed.Worker;

namespace Nabla.Distributed.Tests;

/// <summary><see cref="DistributedSampler"/>: PyTorch's padding, dropping, striding and per-epoch shuffling.</summary>
public sealed class SamplerTests
{
    private static int[][] Shares(int length, int replicas, bool shuffle = false, long seed = 0, int epoch = 0, bool dropLast = false)
        => Enumerable.Range(0, replicas).Select(rank =>
        {
            var sampler = new DistributedSampler(length, replicas, rank, shuffle, seed, dropLast);
            sampler.SetEpoch(epoch);
            return sampler.ToArray();
        }).ToArray();

    [Fact]
    public void InOrderTheRanksTakeEveryNthIndexAndThePaddingRepeatsTheStart()
    {
        // torch: DistributedSampler(range(10), num_replicas=3, rank=r, shuffle=False) -> [0, 3, 6, 9], [1, 4, 7, 0], [2, 5, 8, 1]
        Assert.Equal([[0, 3, 6, 9], [1, 4, 7, 0], [2, 5, 8, 1]], Shares(10, 3));
        var sampler = new DistributedSampler(10, numReplicas: 3, rank: 0, shuffle: false);
        Assert.Equal((4, 12), (sampler.Count, sampler.TotalSize));
    }

    [Fact]
    public void DropLastCutsTheUnevenTail()
    {
        Assert.Equal([[0, 3, 6], [1, 4, 7], [2, 5, 8]], Shares(10, 3, dropLast: true));
        Assert.Equal(3, new DistributedSampler(10, numReplicas: 3, rank: 2, shuffle: false, dropLast: true).Count);
        Assert.Equal([[], [], []], Shares(2, 3, dropLast: true));
    }

    [Fact]
    public void PaddingLongerThanTheDataSetRepeatsItAsOftenAsNeeded()
    {
        // torch pads [0, 1] to 5 as [0, 1] + ([0, 1] * 2)[:3]
        Assert.Equal([[0], [1], [0], [1], [0]], Shares(2, 5));
        Assert.Equal([[], []], Shares(0, 2));
    }

    [Fact]
    public void ShuffledEpochsCoverEveryIndexOnceAcrossRanksInANewOrderEachEpoch()
    {
        var epoch0 = Shares(12, 3, shuffle: true, seed: 5, epoch: 0);
        var epoch1 = Shares(12, 3, shuffle: true, seed: 5, epoch: 1);
        foreach (var epoch in new[] { epoch0, epoch1 })
        {
            Assert.Equal(Enumerable.Range(0, 12), epoch.SelectMany(s => s).Order());
            Assert.All(epoch, share => Assert.Equal(4, share.Length));
        }
        Assert.NotEqual(epoch0.SelectMany(s => s), epoch1.SelectMany(s => s));
        Assert.NotEqual(Enumerable.Range(0, 12), Interleave(epoch0));
        // The permutation is seeded with seed + epoch, as PyTorch's: the same on every rank and every run.
        Assert.Equal(epoch1, Shares(12, 3, shuffle: true, seed: 6, epoch: 0));
        Assert.Equal(epoch0, Shares(12, 3, shuffle: true, seed: 5, epoch: 0));
    }

    [Fact]
    public void ShuffledPaddingRepeatsTheStartOfThePermutation()
    {
        var shares = Shares(10, 4, shuffle: true, seed: 1);
        var order = Interleave(shares);   // the padded permutation, as the ranks stride through it
        Assert.Equal(12, order.Length);
        Assert.Equal(Enumerable.Range(0, 10), order[..10].Order());
        Assert.Equal(order[..2], order[10..]);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedSampler(10, numReplicas: 2, rank: 2));
        Assert.StartsWith("Invalid rank 2, rank should be in the interval [0, 1]", e.Message);
        Assert.Equal("rank", e.ParamName);
        Assert.Equal("numReplicas", Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedSampler(10, numReplicas: 0, rank: 0)).ParamName);
        Assert.Equal("datasetLength", Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedSampler(-1, numReplicas: 1, rank: 0)).ParamName);
    }

    [MpiTheory]
    [RankCounts]
    public void OnAGroupEachRankGetsItsShareOfTheSameEpoch(int ranks)
    {
        var run = MpiRun.Of(ranks);
        for (int epoch = 0; epoch < SamplerScenario.Epochs; epoch++)
        {
            var shares = Enumerable.Range(0, ranks).Select(r => run.Tensor(r, $"sampler/{epoch}").ToArray<long>().Select(i => (int)i).ToArray()).ToArray();
            Assert.Equal(Shares(SamplerScenario.DatasetLength, ranks, shuffle: true, SamplerScenario.Seed, epoch), shares);
            Assert.Equal(Enumerable.Range(0, SamplerScenario.DatasetLength), shares.SelectMany(s => s).Distinct().Order());
        }
    }

    private static int[] Interleave(int[][] shares)
        => Enumerable.Range(0, shares[0].Length).SelectMany(i => shares.Select(share => share[i])).ToArray();
}
