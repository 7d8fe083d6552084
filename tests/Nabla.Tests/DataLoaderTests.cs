using Nabla.Data;

namespace Nabla.Tests;

/// <summary>TensorDataset and DataLoader: batching, the last partial batch, dropLast, and reproducible shuffling.</summary>
public sealed class DataLoaderTests
{
    // Ten samples: features row i is [i, 10 + i], label i.
    private static TensorDataset Ten()
        => new(Tensor.FromArray(Enumerable.Range(0, 10).SelectMany(i => new[] { (float)i, 10f + i }).ToArray(), [10, 2]),
               Tensor.Arange(10));

    /// <summary>A data set that is not a TensorDataset, to exercise the stacking path.</summary>
    private sealed class Rows(TensorDataset inner) : Dataset
    {
        public override int Count => inner.Count;
        public override Tensor[] this[int index] => inner[index];
    }

    private static long[][] Labels(IEnumerable<Tensor[]> loader) => loader.Select(b => b[1].ToArray<long>()).ToArray();

    [Fact]
    public void TensorDatasetIndexesEveryColumnAlongTheFirstDimension()
    {
        var data = Ten();
        Assert.Equal(10, data.Count);
        var sample = data[3];
        Assert.Equal([3f, 13f], sample[0].ToArray<float>());
        Assert.Equal(3L, sample[1].Item<long>());
        Assert.Equal(0, sample[1].Dim);
    }

    [Fact]
    public void TensorDatasetRefusesMismatchedFirstDimensions()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros(3, 2), Tensor.Zeros(4)));
        Assert.Contains("Size mismatch between tensors", ex.Message);
        Assert.Contains("[3, 2], [4]", ex.Message);
        Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Scalar(1f)));
        Assert.Throws<ArgumentException>(() => new TensorDataset());
    }

    [Fact]
    public void BatchesStackEachColumnAndKeepTheLastPartialBatch()
    {
        var loader = new DataLoader(Ten(), batchSize: 4);
        Assert.Equal(3, loader.Count);
        var batches = loader.ToArray();
        Assert.Equal([4, 4, 2], batches.Select(b => b[0].Size(0)));
        Assert.Equal([4, 2], batches[0][0].Shape.ToArray());
        Assert.Equal(DType.Int64, batches[0][1].DType);
        Assert.Equal([[0L, 1, 2, 3], [4L, 5, 6, 7], [8L, 9]], Labels(loader));
        Assert.Equal([8f, 18f, 9f, 19f], batches[2][0].ToArray<float>());
    }

    [Fact]
    public void DropLastDropsTheSmallerBatch()
    {
        var loader = new DataLoader(Ten(), batchSize: 4, dropLast: true);
        Assert.Equal(2, loader.Count);
        Assert.Equal([[0L, 1, 2, 3], [4L, 5, 6, 7]], Labels(loader));
        Assert.Empty(new DataLoader(Ten(), batchSize: 11, dropLast: true));
    }

    [Fact]
    public void ShuffleIsAPermutationReproducibleFromTheSeedAndNewEachEpoch()
    {
        var loader = new DataLoader(Ten(), batchSize: 3, shuffle: true, generator: new Generator(seed: 5));
        var epoch1 = Labels(loader).SelectMany(b => b).ToArray();
        var epoch2 = Labels(loader).SelectMany(b => b).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), epoch1.Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), epoch2.Order());
        Assert.NotEqual(epoch1, epoch2);
        var again = new DataLoader(Ten(), batchSize: 3, shuffle: true, generator: new Generator(seed: 5));
        Assert.Equal(epoch1, Labels(again).SelectMany(b => b));
        Assert.Equal(epoch2, Labels(again).SelectMany(b => b));
    }

    [Fact]
    public void ShuffledFeaturesStayWithTheirLabels()
    {
        foreach (var batch in new DataLoader(Ten(), batchSize: 4, shuffle: true, generator: new Generator(seed: 1)))
        {
            var x = batch[0].ToArray<float>();
            var y = batch[1].ToArray<long>();
            for (int i = 0; i < y.Length; i++) Assert.Equal([y[i], 10 + y[i]], new[] { (long)x[2 * i], (long)x[2 * i + 1] });
        }
    }

    [Fact]
    public void AnyDatasetIsBatchedLikeTheTensorDatasetFastPath()
    {
        var fast = new DataLoader(Ten(), batchSize: 4, shuffle: true, generator: new Generator(seed: 3)).ToArray();
        var stacked = new DataLoader(new Rows(Ten()), batchSize: 4, shuffle: true, generator: new Generator(seed: 3)).ToArray();
        Assert.Equal(fast.Length, stacked.Length);
        for (int b = 0; b < fast.Length; b++)
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(fast[b][c].Shape, stacked[b][c].Shape);
                Assert.Equal(fast[b][c].ToArray<double>(), stacked[b][c].ToArray<double>());
            }
    }

    [Fact]
    public void BatchSizeMustBePositive()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Ten(), batchSize: 0));
}
