namespace Nabla.Data;

/// <summary>
/// The samples of <see cref="Dataset"/> at <see cref="Indices"/>, like <c>torch.utils.data.Subset</c>:
/// sample i is <c>dataset[indices[i]]</c>. <see cref="Dataset.RandomSplit(IReadOnlyList{double}, Generator?)"/> returns these.
/// </summary>
/// <example><c>var firstHundred = new Subset(data, [.. Enumerable.Range(0, 100)]);</c></example>
public sealed class Subset : Dataset
{
    private readonly int[] _indices;

    /// <summary>The samples of <paramref name="dataset"/> at <paramref name="indices"/> (in that order; repeats allowed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside [0, dataset.Count).</exception>
    public Subset(Dataset dataset, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(indices);
        _indices = [.. indices];
        foreach (int i in _indices)
            if (i < 0 || i >= dataset.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"index {i} is out of range for a dataset of {dataset.Count} samples");
        Dataset = dataset;
    }

    /// <summary>The whole data set.</summary>
    public Dataset Dataset { get; }

    /// <summary>The positions in <see cref="Dataset"/> that this subset holds.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <inheritdoc/>
    public override int Count => _indices.Length;

    /// <inheritdoc/>
    public override Tensor[] this[int index] => Dataset[_indices[index]];

    internal override Tensor[]? GatherBatch(int[] indices) => Dataset.GatherBatch(Array.ConvertAll(indices, i => _indices[i]));
}
