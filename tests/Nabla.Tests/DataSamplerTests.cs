using System.Collections;
using Nabla.Data;

namespace Nabla.Tests;

/// <summary>The samplers (PyTorch's semantics, seeded determinism, errors) and the DataLoader's sampler and batchSampler options.</summary>
public sealed class DataSamplerTests
{
    private static TensorDataset Numbered(int n) => new(Tensor.Arange(n));

    private static int[] Epoch(IEnumerable<int> sampler) => [.. sampler];

    [Fact]
    public void SequentialSamplerVisitsEveryIndexInOrder()
    {
        var sampler = new SequentialSampler(Numbered(5));
        Assert.Equal(5, sampler.Count);
        Assert.Equal([0, 1, 2, 3, 4], Epoch(sampler));
        Assert.Empty(new SequentialSampler(Numbered(0)));
    }

    [Fact]
    public void RandomSamplerPermutesEachEpochAnewAndRepeatsWithTheSeed()
    {
        var sampler = new RandomSampler(Numbered(10), generator: new Generator(3));
        var first = Epoch(sampler);
        var second = Epoch(sampler);
        Assert.Equal(10, sampler.Count);
        Assert.Equal(Enumerable.Range(0, 10), first.Order());
        Assert.Equal(Enumerable.Range(0, 10), second.Order());
        Assert.NotEqual(first, second);
        var again = new RandomSampler(Numbered(10), generator: new Generator(3));
        Assert.Equal(first, Epoch(again));
        Assert.Equal(second, Epoch(again));
    }

    [Fact]
    public void RandomSamplerWithoutReplacementChainsPermutationsForMoreSamplesThanTheDataset()
    {
        var epoch = Epoch(new RandomSampler(Numbered(4), numSamples: 10, generator: new Generator(0)));
        Assert.Equal(10, epoch.Length);
        Assert.Equal([0, 1, 2, 3], epoch[..4].Order());   // two whole permutations...
        Assert.Equal([0, 1, 2, 3], epoch[4..8].Order());
        Assert.Equal(2, epoch[8..].Distinct().Count());      // ...then the start of a third
        var fewer = Epoch(new RandomSampler(Numbered(10), numSamples: 3, generator: new Generator(0)));
        Assert.Equal(3, fewer.Distinct().Count());
    }

    [Fact]
    public void RandomSamplerWithReplacementDrawsUniformIndices()
    {
        var sampler = new RandomSampler(Numbered(4), replacement: true, numSamples: 4000, generator: new Generator(1));
        var epoch = Epoch(sampler);
        Assert.Equal(4000, sampler.Count);
        Assert.Equal(4000, epoch.Length);
        Assert.All(Enumerable.Range(0, 4), i => Assert.InRange(epoch.Count(e => e == i), 900, 1100));   // 1000 ± 3.6σ
        Assert.Equal(epoch, Epoch(new RandomSampler(Numbered(4), replacement: true, numSamples: 4000, generator: new Generator(1))));
        Assert.Equal(3, Epoch(new RandomSampler(Numbered(4), replacement: true, numSamples: 3, generator: new Generator(1))).Length);
    }

    [Fact]
    public void RandomSamplerRefusesANonPositiveNumberOfSamples()
    {
        Assert.Equal("num_samples should be a positive integer value, but got num_samples=0 (Parameter 'numSamples')\nActual value was 0.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new RandomSampler(Numbered(5), numSamples: 0)).Message.ReplaceLineEndings("\n"));
        Assert.Contains("num_samples=0", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomSampler(Numbered(0))).Message);
        Assert.Contains("num_samples=0", Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Numbered(0), shuffle: true)).Message);
    }

    [Fact]
    public void WeightedRandomSamplerWithReplacementFollowsTheWeights()
    {
        var sampler = new WeightedRandomSampler([1.0, 0.0, 3.0], numSamples: 4000, generator: new Generator(5));
        var epoch = Epoch(sampler);
        Assert.Equal(4000, sampler.Count);
        Assert.DoesNotContain(1, epoch);                                   // a zero weight is never drawn
        Assert.InRange(epoch.Count(e => e == 0), 900, 1100);               // 1000 ± 3.7σ
        Assert.Equal(epoch, Epoch(new WeightedRandomSampler([1.0, 0.0, 3.0], 4000, generator: new Generator(5))));
        Assert.NotEqual(epoch, Epoch(sampler));                            // a new draw each epoch
    }

    [Fact]
    public void WeightedRandomSamplerWithoutReplacementDrawsEachIndexOnce()
    {
        var all = Epoch(new WeightedRandomSampler([0.9, 0.4, 0.0, 0.2, 0.3], 4, replacement: false, generator: new Generator(0)));
        Assert.Equal([0, 1, 3, 4], all.Order());
        // The first draw takes index 1 with probability 3/4.
        var generator = new Generator(7);
        int ones = Enumerable.Range(0, 2000).Count(_ => Epoch(new WeightedRandomSampler([1.0, 3.0], 1, replacement: false, generator: generator))[0] == 1);
        Assert.InRange(ones, 1435, 1565);                                  // 1500 ± 3.4σ
    }

    [Fact]
    public void WeightedRandomSamplerTakesA1dTensorAndRefusesBadWeights()
    {
        var fromTensor = new WeightedRandomSampler(Tensor.FromArray(new float[] { 0, 1 }), 3, generator: new Generator(0));
        Assert.Equal([1, 1, 1], Epoch(fromTensor));
        Assert.Equal([0.0, 1.0], fromTensor.Weights);
        Assert.StartsWith("weights should be a 1d sequence but given weights have shape [2, 2]",
            Assert.Throws<ArgumentException>(() => new WeightedRandomSampler(Tensor.Ones(2, 2), 3)).Message);
        Assert.StartsWith("probability tensor contains either `inf`, `nan` or element < 0",
            Assert.Throws<ArgumentException>(() => new WeightedRandomSampler([1.0, -1.0], 3)).Message);
        Assert.StartsWith("invalid multinomial distribution (sum of probabilities <= 0)",
            Assert.Throws<ArgumentException>(() => new WeightedRandomSampler([0.0, 0.0], 3)).Message);
        Assert.StartsWith("cannot sample n_sample > prob_dist.size(-1) samples without replacement",
            Assert.Throws<ArgumentException>(() => new WeightedRandomSampler([1.0, 1.0], 3, replacement: false)).Message);
        Assert.StartsWith("invalid multinomial distribution (with replacement=False, not enough non-negative category to sample)",
            Assert.Throws<ArgumentException>(() => new WeightedRandomSampler([1.0, 0.0, 1.0], 3, replacement: false)).Message);
        Assert.Contains("num_samples=-1", Assert.Throws<ArgumentOutOfRangeException>(() => new WeightedRandomSampler([1.0], -1)).Message);
    }

    [Fact]
    public void BatchSamplerGroupsIndicesAsPyTorchsExamplesShow()
    {
        var indices = new SequentialSampler(Numbered(10));
        var batches = new BatchSampler(indices, batchSize: 3, dropLast: false);
        Assert.Equal([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]], batches);
        Assert.Equal(4, batches.Count);
        var dropped = new BatchSampler(indices, batchSize: 3, dropLast: true);
        Assert.Equal([[0, 1, 2], [3, 4, 5], [6, 7, 8]], dropped);
        Assert.Equal(3, dropped.Count);
        Assert.Equal("batch_size should be a positive integer value, but got batch_size=0 (Parameter 'batchSize')\nActual value was 0.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(indices, 0, false)).Message.ReplaceLineEndings("\n"));
    }

    /// <summary>What a distributed sampler looks like to the loader: a collection of ints, nothing more.</summary>
    private sealed class EveryOther(int length, int offset) : IReadOnlyCollection<int>
    {
        public int Count => (length - offset + 1) / 2;
        public IEnumerator<int> GetEnumerator() { for (int i = offset; i < length; i += 2) yield return i; }
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public void DataLoaderTakesAnyCollectionOfIndicesAsItsSampler()
    {
        var data = Numbered(10);
        var fromArray = new DataLoader(data, batchSize: 2, sampler: new[] { 3, 1, 2 });
        Assert.Equal([[3L, 1], [2L]], fromArray.Select(b => b[0].ToArray<long>()));
        Assert.Equal(2, fromArray.Count);
        var rankOne = new DataLoader(data, batchSize: 2, sampler: new EveryOther(10, 1), dropLast: true);
        Assert.Equal([[1L, 3], [5L, 7]], rankOne.Select(b => b[0].ToArray<long>()));
        Assert.Equal(2, rankOne.Count);
        var weighted = new DataLoader(data, batchSize: 4, sampler: new WeightedRandomSampler([0, 0, 1.0, 0, 0, 0, 0, 0, 0, 0], 8));
        Assert.All(weighted, b => Assert.Equal([2L, 2, 2, 2], b[0].ToArray<long>()));
        Assert.IsType<SequentialSampler>(new DataLoader(data).Sampler);
        Assert.IsType<RandomSampler>(new DataLoader(data, shuffle: true).Sampler);
    }

    [Fact]
    public void DataLoaderTakesABatchSampler()
    {
        var data = Numbered(10);
        var loader = new DataLoader(data, batchSampler: [[9, 8], [0], [4, 5, 6]]);
        Assert.Equal([[9L, 8], [0L], [4L, 5, 6]], loader.Select(b => b[0].ToArray<long>()));
        Assert.Equal(3, loader.Count);
        var grouped = new DataLoader(data, batchSampler: new BatchSampler(new RandomSampler(data, generator: new Generator(0)), 4, dropLast: true));
        Assert.Equal(2, grouped.Count);
        Assert.Equal(8, grouped.SelectMany(b => b[0].ToArray<long>()).Distinct().Count());
    }

    [Fact]
    public void DataLoaderRefusesOptionsThatExcludeEachOtherWithPyTorchsMessages()
    {
        var data = Numbered(10);
        Assert.StartsWith("sampler option is mutually exclusive with shuffle",
            Assert.Throws<ArgumentException>(() => new DataLoader(data, shuffle: true, sampler: new[] { 0 })).Message);
        const string batchSamplerError = "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last";
        int[][] batches = [[0, 1]];
        Assert.StartsWith(batchSamplerError, Assert.Throws<ArgumentException>(() => new DataLoader(data, batchSize: 2, batchSampler: batches)).Message);
        Assert.StartsWith(batchSamplerError, Assert.Throws<ArgumentException>(() => new DataLoader(data, shuffle: true, batchSampler: batches)).Message);
        Assert.StartsWith(batchSamplerError, Assert.Throws<ArgumentException>(() => new DataLoader(data, sampler: new[] { 0 }, batchSampler: batches)).Message);
        Assert.StartsWith(batchSamplerError, Assert.Throws<ArgumentException>(() => new DataLoader(data, dropLast: true, batchSampler: batches)).Message);
    }
}
