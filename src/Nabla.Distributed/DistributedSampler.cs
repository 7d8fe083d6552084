using Nabla.Data;

namespace Nabla.Distributed;

/// <summary>
/// This rank's share of a data set's indices for one epoch, like
/// <c>torch.utils.data.distributed.DistributedSampler</c>: every rank draws the same permutation
/// (seeded with <c>seed + epoch</c>), pads it to a multiple of the number of ranks by repeating
/// indices from its start (or, with <c>dropLast</c>, cuts it to one), and takes every
/// <c>numReplicas</c>-th index from its rank on. Across ranks an epoch covers every index once,
/// plus the padding. Call <see cref="SetEpoch"/> at the start of each epoch, or every epoch has
/// the same order. A <see cref="DataLoader"/> takes it as its <c>sampler</c>.
/// </summary>
/// <remarks>
/// The semantics are PyTorch's; the permutation is Nabla's <see cref="Tensor.Randperm"/> with a
/// <see cref="Generator"/> seeded <c>seed + epoch</c>, which is as uniform as
/// <c>torch.randperm</c> but not the same sequence (the generators differ).
/// </remarks>
/// <example>
/// <code>
/// var sampler = new DistributedSampler(datasetLength: 60000, group, shuffle: true, seed: 0);
/// var loader = new DataLoader(train, batchSize: 32, sampler: sampler);
/// sampler.SetEpoch(epoch);
/// foreach (Tensor[] batch in loader) { }   // batches of this rank's 30,000 indices (with 2 ranks)
/// </code>
/// </example>
public sealed class DistributedSampler : Sampler
{
    /// <summary>A sampler over the ranks of <paramref name="processGroup"/>, this process being its <see cref="ProcessGroup.Rank"/>.</summary>
    /// <param name="datasetLength">The number of samples in the data set.</param>
    /// <param name="processGroup">The ranks that share the data set.</param>
    /// <param name="shuffle">Draw a new order each epoch (else 0, 1, 2, ...).</param>
    /// <param name="seed">The seed of the permutations; the same on every rank.</param>
    /// <param name="dropLast">Drop the tail that does not divide evenly among the ranks, instead of padding.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="datasetLength"/> is negative.</exception>
    public DistributedSampler(int datasetLength, ProcessGroup processGroup, bool shuffle = true, long seed = 0, bool dropLast = false)
        : this(datasetLength, (processGroup ?? throw new ArgumentNullException(nameof(processGroup))).WorldSize, processGroup.Rank, shuffle, seed, dropLast) { }

    /// <summary>A sampler for rank <paramref name="rank"/> of <paramref name="numReplicas"/>, without a process group (PyTorch's <c>num_replicas</c> and <c>rank</c> arguments).</summary>
    /// <param name="datasetLength">The number of samples in the data set.</param>
    /// <param name="numReplicas">The number of ranks that share the data set.</param>
    /// <param name="rank">This rank, 0 to <paramref name="numReplicas"/> − 1.</param>
    /// <param name="shuffle">Draw a new order each epoch (else 0, 1, 2, ...).</param>
    /// <param name="seed">The seed of the permutations; the same on every rank.</param>
    /// <param name="dropLast">Drop the tail that does not divide evenly among the ranks, instead of padding.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="datasetLength"/> is negative, <paramref name="numReplicas"/> not positive, or <paramref name="rank"/> outside [0, numReplicas − 1].</exception>
    public DistributedSampler(int datasetLength, int numReplicas, int rank, bool shuffle = true, long seed = 0, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(datasetLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numReplicas);
        if (rank < 0 || rank >= numReplicas)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"Invalid rank {rank}, rank should be in the interval [0, {numReplicas - 1}]");
        DatasetLength = datasetLength;
        NumReplicas = numReplicas;
        Rank = rank;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        // PyTorch: with drop_last and an uneven split, ceil((n - r) / r) per rank, which is floor(n / r).
        Count = dropLast && datasetLength % numReplicas != 0 ? datasetLength / numReplicas : (datasetLength + numReplicas - 1) / numReplicas;
    }

    /// <summary>The number of samples in the data set.</summary>
    public int DatasetLength { get; }

    /// <summary>The number of ranks that share it.</summary>
    public int NumReplicas { get; }

    /// <summary>This rank.</summary>
    public int Rank { get; }

    /// <summary>Whether each epoch draws a new order.</summary>
    public bool Shuffle { get; }

    /// <summary>The seed of the permutations.</summary>
    public long Seed { get; }

    /// <summary>Whether the uneven tail is dropped rather than padded.</summary>
    public bool DropLast { get; }

    /// <summary>The epoch whose order is drawn, set by <see cref="SetEpoch"/>.</summary>
    public int Epoch { get; private set; }

    /// <summary>This rank's number of indices per epoch, like <c>len(sampler)</c>: the same on every rank.</summary>
    public override int Count { get; }

    /// <summary>The number of indices per epoch over all ranks (<see cref="Count"/> × <see cref="NumReplicas"/>).</summary>
    public int TotalSize => Count * NumReplicas;

    /// <summary>Sets the epoch, like <c>sampler.set_epoch(epoch)</c>: with <see cref="Shuffle"/>, each epoch has its own order, the same on every rank.</summary>
    public void SetEpoch(int epoch) => Epoch = epoch;

    /// <summary>This rank's indices for the current epoch.</summary>
    public override IEnumerator<int> GetEnumerator()
    {
        int[] order = EpochOrder();
        for (int i = Rank; i < TotalSize; i += NumReplicas) yield return order[i];
    }

    /// <summary>The permutation of the epoch, padded or cut to <see cref="TotalSize"/>.</summary>
    private int[] EpochOrder()
    {
        int[] order = Shuffle
            ? Array.ConvertAll(Tensor.Randperm(DatasetLength, generator: new Generator(Seed + Epoch)).ToArray<long>(), i => (int)i)
            : Enumerable.Range(0, DatasetLength).ToArray();
        if (DropLast) return order[..TotalSize];
        var padded = new int[TotalSize];
        // Padding repeats the order from its start, as many times as needed (PyTorch's indices * ceil(pad / n)).
        for (int i = 0; i < padded.Length; i++) padded[i] = order[i % order.Length];
        return padded;
    }
}
