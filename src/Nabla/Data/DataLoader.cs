using System.Collections;

namespace Nabla.Data;

/// <summary>
/// Batches of a <see cref="Dataset"/>, like <c>torch.utils.data.DataLoader</c> with the default
/// collate: enumerating gives one <c>Tensor[]</c> per batch holding, for each column, the samples
/// stacked along a new first dimension. With <c>shuffle</c>, each enumeration (epoch) draws a new
/// permutation from the generator, so a seeded generator gives the same epochs on every run.
/// </summary>
/// <example>
/// <code>
/// var loader = new DataLoader(new TensorDataset(x, y), batchSize: 64, shuffle: true, generator: new Generator(seed: 0));
/// foreach (Tensor[] batch in loader) { var loss = F.CrossEntropy(model.Forward(batch[0]), batch[1]); ... }
/// </code>
/// </example>
public sealed class DataLoader : IEnumerable<Tensor[]>
{
    private readonly Generator _generator;

    /// <summary>A loader of <paramref name="dataset"/> in batches of <paramref name="batchSize"/>.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch; the last batch may be smaller unless <paramref name="dropLast"/>.</param>
    /// <param name="shuffle">Visit the samples in a new random order each epoch.</param>
    /// <param name="generator">The source of the permutations (<see cref="Generator.Default"/> when null).</param>
    /// <param name="dropLast">Drop the last batch when it is smaller than <paramref name="batchSize"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="batchSize"/> is not positive.</exception>
    public DataLoader(Dataset dataset, int batchSize = 1, bool shuffle = false, Generator? generator = null, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        _generator = generator ?? Generator.Default;
    }

    /// <summary>The data set.</summary>
    public Dataset Dataset { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the samples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a last, smaller batch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>The number of batches per epoch, like <c>len(loader)</c>.</summary>
    public int Count => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>Enumerates one epoch of batches.</summary>
    public IEnumerator<Tensor[]> GetEnumerator()
    {
        // The order is fixed when enumeration starts, so each epoch draws its permutation once.
        long[] order = Shuffle ? _generator.Permutation(Dataset.Count) : Identity(Dataset.Count);
        return Batches(order);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<Tensor[]> Batches(long[] order)
    {
        for (int batch = 0, count = Count; batch < count; batch++)
        {
            int start = batch * BatchSize, length = Math.Min(BatchSize, order.Length - start);
            yield return Collate(order.AsSpan(start, length));
        }
    }

    private Tensor[] Collate(ReadOnlySpan<long> indices)
    {
        // A TensorDataset's columns are gathered in one IndexSelect each instead of stacking row views.
        if (Dataset is TensorDataset tensors)
        {
            var index = Tensor.FromArray(indices.ToArray());
            return tensors.Tensors.Select(t => t.IndexSelect(0, index)).ToArray();
        }
        var samples = new Tensor[indices.Length][];
        for (int i = 0; i < indices.Length; i++) samples[i] = Dataset[(int)indices[i]];
        int columns = samples[0].Length;
        var batch = new Tensor[columns];
        for (int c = 0; c < columns; c++)
        {
            var column = new Tensor[samples.Length];
            for (int i = 0; i < samples.Length; i++)
            {
                if (samples[i].Length != columns)
                    throw new InvalidOperationException($"each sample must have the same number of tensors: sample {indices[i]} has {samples[i].Length}, sample {indices[0]} has {columns}");
                column[i] = samples[i][c];
            }
            batch[c] = Tensor.Stack(column);
        }
        return batch;
    }

    private static long[] Identity(int n)
    {
        var order = new long[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }
}
