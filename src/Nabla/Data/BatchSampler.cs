using System.Collections;

namespace Nabla.Data;

/// <summary>
/// Groups the indices of a sampler into batches, like <c>torch.utils.data.BatchSampler</c>: each batch
/// holds <see cref="BatchSize"/> indices in the sampler's order, and the last may be smaller unless
/// <see cref="DropLast"/>. <see cref="DataLoader"/> takes one as <c>batchSampler:</c>.
/// </summary>
/// <example><c>new BatchSampler(new SequentialSampler(data), batchSize: 3, dropLast: false)   // [0, 1, 2], [3, 4, 5], ..., [9]</c></example>
public sealed class BatchSampler : IReadOnlyCollection<int[]>
{
    /// <summary>Batches of <paramref name="batchSize"/> indices from <paramref name="sampler"/>.</summary>
    /// <param name="sampler">The indices in order (any sampler, an array, a distributed sampler).</param>
    /// <param name="batchSize">Indices per batch.</param>
    /// <param name="dropLast">Drop the last batch when it is smaller than <paramref name="batchSize"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="batchSize"/> is not positive.</exception>
    public BatchSampler(IReadOnlyCollection<int> sampler, int batchSize, bool dropLast)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batch_size should be a positive integer value, but got batch_size={batchSize}");
        (Sampler, BatchSize, DropLast) = (sampler, batchSize, dropLast);
    }

    /// <summary>The sampler whose indices are grouped.</summary>
    public IReadOnlyCollection<int> Sampler { get; }

    /// <summary>Indices per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether a last, smaller batch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>The number of batches per epoch, like <c>len(batch_sampler)</c>.</summary>
    public int Count => DropLast ? Sampler.Count / BatchSize : (Sampler.Count + BatchSize - 1) / BatchSize;

    /// <summary>Enumerates one epoch of batches; each is a new array.</summary>
    public IEnumerator<int[]> GetEnumerator()
    {
        var batch = new List<int>(BatchSize);
        foreach (int index in Sampler)
        {
            batch.Add(index);
            if (batch.Count < BatchSize) continue;
            yield return [.. batch];
            batch.Clear();
        }
        if (batch.Count > 0 && !DropLast) yield return [.. batch];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
