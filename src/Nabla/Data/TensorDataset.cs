namespace Nabla.Data;

/// <summary>
/// Tensors indexed together along their first dimension, like <c>torch.utils.data.TensorDataset</c>:
/// sample i is <c>[t[i] for t in tensors]</c>.
/// </summary>
/// <example><c>var data = new TensorDataset(features, labels);   // data[0] is [features[0], labels[0]]</c></example>
public sealed class TensorDataset : Dataset
{
    private readonly Tensor[] _tensors;

    /// <summary>A data set whose columns are <paramref name="tensors"/>.</summary>
    /// <exception cref="ArgumentException">When there are no tensors, one is 0-d, or their first dimensions differ.</exception>
    public TensorDataset(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("TensorDataset needs at least one tensor", nameof(tensors));
        foreach (var t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tensors));
            if (t.Dim == 0) throw new ArgumentException("TensorDataset needs tensors with a first dimension to index, got a 0-d tensor", nameof(tensors));
        }
        if (tensors.Any(t => t.Size(0) != tensors[0].Size(0)))
            throw new ArgumentException(
                $"Size mismatch between tensors: the first dimensions must match, got shapes {string.Join(", ", tensors.Select(t => t.Shape))}", nameof(tensors));
        _tensors = (Tensor[])tensors.Clone();
    }

    /// <summary>The columns.</summary>
    public IReadOnlyList<Tensor> Tensors => _tensors;

    /// <inheritdoc/>
    public override int Count => _tensors[0].Size(0);

    /// <inheritdoc/>
    public override Tensor[] this[int index] => Array.ConvertAll(_tensors, t => t[index]);

    internal override Tensor[]? GatherBatch(int[] indices)
    {
        var index = Tensor.FromArray(Array.ConvertAll(indices, i => (long)i));
        return Array.ConvertAll(_tensors, t => t.IndexSelect(0, index));
    }
}
