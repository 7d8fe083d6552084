namespace Nabla.Data;

/// <summary>
/// Data sets one after another, like <c>torch.utils.data.ConcatDataset</c>: the samples of the first,
/// then those of the second, and so on. The parts must have the same columns to be batched together.
/// </summary>
/// <example><c>var all = new ConcatDataset(train, extra);   // all.Count == train.Count + extra.Count</c></example>
public sealed class ConcatDataset : Dataset
{
    private readonly Dataset[] _datasets;
    private readonly int[] _cumulativeSizes;

    /// <summary>The concatenation of <paramref name="datasets"/> (at least one).</summary>
    /// <exception cref="ArgumentException">When there are no data sets.</exception>
    public ConcatDataset(params IEnumerable<Dataset> datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        _datasets = [.. datasets];
        if (_datasets.Length == 0) throw new ArgumentException("datasets should not be an empty iterable", nameof(datasets));
        _cumulativeSizes = new int[_datasets.Length];
        long total = 0;
        for (int i = 0; i < _datasets.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(_datasets[i], nameof(datasets));
            total += _datasets[i].Count;
            if (total > int.MaxValue) throw new ArgumentException($"the data sets hold {total} samples in all, more than {int.MaxValue}", nameof(datasets));
            _cumulativeSizes[i] = (int)total;
        }
    }

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<Dataset> Datasets => _datasets;

    /// <summary>The running totals of the parts' sizes, like <c>cumulative_sizes</c>: part i ends before sample <c>CumulativeSizes[i]</c>.</summary>
    public IReadOnlyList<int> CumulativeSizes => _cumulativeSizes;

    /// <inheritdoc/>
    public override int Count => _cumulativeSizes[^1];

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="index"/> is outside [0, Count).</exception>
    public override Tensor[] this[int index]
    {
        get
        {
            if (index < 0 || index >= Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"index {index} is out of range for a ConcatDataset of {Count} samples");
            int part = PartOf(index);
            return _datasets[part][part == 0 ? index : index - _cumulativeSizes[part - 1]];
        }
    }

    // The first part whose running total exceeds the index (Python's bisect_right), skipping empty parts.
    private int PartOf(int index)
    {
        int found = Array.BinarySearch(_cumulativeSizes, index);
        if (found < 0) return ~found;
        while (_cumulativeSizes[found] == index) found++;   // equal totals: the index starts a later part
        return found;
    }
}
