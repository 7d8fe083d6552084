using System.Collections;

namespace Nabla.Data;

/// <summary>
/// Batches of a <see cref="Dataset"/>, like <c>torch.utils.data.DataLoader</c> with the default
/// collate: enumerating gives one <c>Tensor[]</c> per batch holding, for each column, the samples
/// stacked along a new first dimension. With <c>shuffle</c>, each enumeration (epoch) draws a new
/// permutation from the generator, so a seeded generator gives the same epochs on every run.
/// </summary>
/// <remarks>
/// The order comes from a sampler (<see cref="SequentialSampler"/>, <see cref="RandomSampler"/> with
/// <c>shuffle</c>, or any <c>sampler:</c> you pass) grouped by a <see cref="BatchSampler"/> (or your
/// <c>batchSampler:</c>). With <c>numWorkers</c> &gt; 0 the batches are prepared on background workers
/// while the training loop runs: at most <c>numWorkers · prefetchFactor</c> batches ahead, returned in the
/// sampler's order (the same batches as without workers), an exception thrown by the data set rethrown
/// (with its original stack) by the <c>MoveNext</c> that would have returned that batch, and the workers
/// stopped when the enumeration is disposed (as <c>foreach</c> does, also on <c>break</c>) or cancelled
/// (<see cref="WithCancellation"/>). The sampler itself runs on the enumerating thread, as PyTorch's runs
/// in the main process, so seeded epochs do not depend on the workers; the data set is read from several
/// threads at once when <c>numWorkers</c> &gt; 1, so its indexer must be safe to call concurrently.
/// </remarks>
/// <example>
/// <code>
/// var loader = new DataLoader(new TensorDataset(x, y), batchSize: 64, shuffle: true, generator: new Generator(seed: 0));
/// foreach (Tensor[] batch in loader) { var loss = F.CrossEntropy(model.Forward(batch[0]), batch[1]); ... }
/// </code>
/// </example>
public sealed class DataLoader : IEnumerable<Tensor[]>
{
    /// <summary>A loader of <paramref name="dataset"/> in batches of <paramref name="batchSize"/>.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch; the last batch may be smaller unless <paramref name="dropLast"/>.</param>
    /// <param name="shuffle">Visit the samples in a new random order each epoch (a <see cref="RandomSampler"/>).</param>
    /// <param name="generator">The source of the permutations (<see cref="Generator.Default"/> when null).</param>
    /// <param name="dropLast">Drop the last batch when it is smaller than <paramref name="batchSize"/>.</param>
    /// <param name="sampler">The sample indices of an epoch, in order (any collection of int: a <see cref="Sampler"/>, an array, a distributed sampler); excludes <paramref name="shuffle"/>.</param>
    /// <param name="batchSampler">The batches of indices of an epoch; excludes <paramref name="batchSize"/>, <paramref name="shuffle"/>, <paramref name="sampler"/> and <paramref name="dropLast"/>.</param>
    /// <param name="numWorkers">Background workers preparing batches; 0 (the default) prepares each batch in <c>MoveNext</c>.</param>
    /// <param name="prefetchFactor">Batches each worker prepares ahead (2 when null); only with <paramref name="numWorkers"/> &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="batchSize"/> or <paramref name="prefetchFactor"/> is not positive, or <paramref name="numWorkers"/> is negative.</exception>
    /// <exception cref="ArgumentException">When options that exclude each other are combined (PyTorch's messages).</exception>
    public DataLoader(Dataset dataset, int batchSize = 1, bool shuffle = false, Generator? generator = null, bool dropLast = false,
        IReadOnlyCollection<int>? sampler = null, IReadOnlyCollection<int[]>? batchSampler = null, int numWorkers = 0, int? prefetchFactor = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (numWorkers < 0)
            throw new ArgumentOutOfRangeException(nameof(numWorkers), numWorkers, "num_workers option should be non-negative; use num_workers=0 to disable background loading.");
        if (numWorkers == 0 && prefetchFactor is not null)
            throw new ArgumentException("prefetch_factor option could only be specified with background workers: let num_workers > 0 to enable them, otherwise leave prefetch_factor null.", nameof(prefetchFactor));
        if (prefetchFactor is <= 0)
            throw new ArgumentOutOfRangeException(nameof(prefetchFactor), prefetchFactor, "prefetch_factor option should be positive");
        if (sampler is not null && shuffle)
            throw new ArgumentException("sampler option is mutually exclusive with shuffle", nameof(sampler));
        if (batchSampler is not null && (batchSize != 1 || shuffle || sampler is not null || dropLast))
            throw new ArgumentException("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last", nameof(batchSampler));

        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Sampler = sampler ?? (shuffle ? new RandomSampler(dataset, generator: generator) : new SequentialSampler(dataset));
        BatchSampler = batchSampler ?? new BatchSampler(Sampler, batchSize, dropLast);
        NumWorkers = numWorkers;
        PrefetchFactor = numWorkers > 0 ? prefetchFactor ?? 2 : 0;
    }

    /// <summary>The data set.</summary>
    public Dataset Dataset { get; }

    /// <summary>Samples per batch (as given; a custom <see cref="BatchSampler"/> decides the batches instead).</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the samples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a last, smaller batch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>The sample order of an epoch: the one given, or the default sequential or random sampler.</summary>
    public IReadOnlyCollection<int> Sampler { get; }

    /// <summary>The batches of indices of an epoch: the one given, or <see cref="Sampler"/> grouped by <see cref="BatchSize"/>.</summary>
    public IReadOnlyCollection<int[]> BatchSampler { get; }

    /// <summary>Background workers preparing batches (0: none).</summary>
    public int NumWorkers { get; }

    /// <summary>Batches each worker prepares ahead (0 without workers).</summary>
    public int PrefetchFactor { get; }

    /// <summary>The number of batches per epoch, like <c>len(loader)</c>.</summary>
    public int Count => BatchSampler.Count;

    /// <summary>Enumerates one epoch of batches.</summary>
    public IEnumerator<Tensor[]> GetEnumerator() => Batches(CancellationToken.None);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// One epoch of batches that stops when <paramref name="cancellationToken"/> is cancelled: the next
    /// <c>MoveNext</c> throws <see cref="OperationCanceledException"/>, and the background workers stop.
    /// </summary>
    /// <example><c>foreach (Tensor[] batch in loader.WithCancellation(token)) { ... }</c></example>
    public IEnumerable<Tensor[]> WithCancellation(CancellationToken cancellationToken) => new Epoch(this, cancellationToken);

    private IEnumerator<Tensor[]> Batches(CancellationToken cancellationToken)
        => NumWorkers == 0
            ? InLine(cancellationToken)
            : new BackgroundBatches(BatchSampler.GetEnumerator(), Collate, NumWorkers, PrefetchFactor, cancellationToken);

    private IEnumerator<Tensor[]> InLine(CancellationToken cancellationToken)
    {
        foreach (int[] indices in BatchSampler)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Collate(indices);
        }
    }

    private sealed class Epoch(DataLoader loader, CancellationToken cancellationToken) : IEnumerable<Tensor[]>
    {
        public IEnumerator<Tensor[]> GetEnumerator() => loader.Batches(cancellationToken);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private Tensor[] Collate(int[] indices)
    {
        if (indices.Length == 0) throw new InvalidOperationException("the batch sampler returned an empty batch");
        // A TensorDataset (or a subset of one) gathers each column in one IndexSelect instead of stacking row views.
        if (Dataset.GatherBatch(indices) is { } gathered) return gathered;
        var samples = new Tensor[indices.Length][];
        for (int i = 0; i < indices.Length; i++) samples[i] = Dataset[indices[i]];
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
}
