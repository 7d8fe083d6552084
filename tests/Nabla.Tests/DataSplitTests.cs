using Nabla.Data;

namespace Nabla.Tests;

/// <summary>Subset, ConcatDataset and Dataset.RandomSplit: PyTorch's sizes (fractions and remainders), coverage, seeds and errors.</summary>
public sealed class DataSplitTests
{
    // Sample i is [features [i, 10 + i], label i].
    private static TensorDataset Numbered(int n)
        => new(Tensor.FromArray(Enumerable.Range(0, n).SelectMany(i => new[] { (float)i, 10f + i }).ToArray(), [n, 2]), Tensor.Arange(n));

    private static long Label(Dataset data, int index) => data[index][1].Item<long>();

    private static long[] Labels(Dataset data) => [.. Enumerable.Range(0, data.Count).Select(i => Label(data, i))];

    [Fact]
    public void SubsetIndexesTheWholeDatasetThroughItsIndices()
    {
        var subset = new Subset(Numbered(10), [7, 2, 2]);
        Assert.Equal(3, subset.Count);
        Assert.Equal([7L, 2, 2], Labels(subset));
        Assert.Equal([7f, 17f], subset[0][0].ToArray<float>());
        Assert.Equal([7, 2, 2], subset.Indices);
        Assert.Equal("index 10 is out of range for a dataset of 10 samples (Parameter 'indices')\nActual value was 10.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Subset(Numbered(10), [1, 10])).Message.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ConcatDatasetChainsItsPartsSkippingEmptyOnes()
    {
        // PyTorch: ConcatDataset([range(3), range(0), range(2)]) has cumulative_sizes [3, 3, 5] and items 0, 1, 2, 0, 1.
        var all = new ConcatDataset(Numbered(3), Numbered(0), Numbered(2));
        Assert.Equal(5, all.Count);
        Assert.Equal([3, 3, 5], all.CumulativeSizes);
        Assert.Equal([0L, 1, 2, 0, 1], Labels(all));
        Assert.Equal(3, all.Datasets.Count);
        Assert.Equal("datasets should not be an empty iterable (Parameter 'datasets')", Assert.Throws<ArgumentException>(() => new ConcatDataset()).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => all[5]);
        Assert.Throws<ArgumentOutOfRangeException>(() => all[-1]);
        Assert.Equal([[0L, 1, 2], [0L, 1]], new DataLoader(all, batchSize: 3).Select(b => b[1].ToArray<long>()));
    }

    [Fact]
    public void RandomSplitByLengthsCoversEverySampleOnceAndRepeatsWithTheSeed()
    {
        var data = Numbered(10);
        var parts = data.RandomSplit([3, 7], new Generator(42));
        Assert.Equal([3, 7], parts.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), parts.SelectMany(Labels).Order());
        Assert.Equal(parts.Select(Labels), data.RandomSplit([3, 7], new Generator(42)).Select(Labels));
        Assert.NotEqual(parts.Select(Labels), data.RandomSplit([3, 7], new Generator(43)).Select(Labels));
        Assert.All(parts, p => Assert.Same(data, p.Dataset));

        Assert.StartsWith("Sum of input lengths does not equal the length of the input dataset! (3 + 6 != 10)",
            Assert.Throws<ArgumentException>(() => data.RandomSplit([3, 6])).Message);
        Assert.StartsWith("Length at index 1 is negative (-1)", Assert.Throws<ArgumentException>(() => data.RandomSplit([11, -1])).Message);
    }

    [Fact]
    public void RandomSplitByFractionsHandsTheRemainderOutRoundRobinAsPyTorchDoes()
    {
        // PyTorch: random_split(range(11), [0.3, 0.3, 0.4]) has lengths [4, 3, 4]; range(7) in ten tenths: seven 1s then 0s.
        Assert.Equal([4, 3, 4], Numbered(11).RandomSplit([0.3, 0.3, 0.4]).Select(p => p.Count));
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 0, 0, 0], Numbered(7).RandomSplit(Enumerable.Repeat(0.1, 10).ToArray()).Select(p => p.Count));
        var parts = Numbered(10).RandomSplit([0.8, 0.2], new Generator(0));
        Assert.Equal([8, 2], parts.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), parts.SelectMany(Labels).Order());

        Assert.StartsWith("Sum of input lengths does not equal the length of the input dataset! (the fractions 0.5, 0.3 add up to 0.8, not 1)",
            Assert.Throws<ArgumentException>(() => Numbered(10).RandomSplit([0.5, 0.3])).Message);
        Assert.StartsWith("Fraction at index 0 is not between 0 and 1", Assert.Throws<ArgumentException>(() => Numbered(10).RandomSplit([1.5, -0.5])).Message);
    }

    [Fact]
    public void ASubsetOfATensorDatasetIsBatchedLikeItsSamples()
    {
        var data = Numbered(10);
        var subset = new Subset(data, [9, 0, 4, 4, 2]);
        var batches = new DataLoader(subset, batchSize: 2).ToArray();
        Assert.Equal([[9L, 0], [4L, 4], [2L]], batches.Select(b => b[1].ToArray<long>()));
        Assert.Equal([9f, 19f, 0f, 10f], batches[0][0].ToArray<float>());
        Assert.Equal([2, 2], batches[0][0].Shape.ToArray());
    }
}
