namespace Nabla.Data;

/// <summary>The indices 0, 1, ..., Count - 1 of a data set, in order, like <c>torch.utils.data.SequentialSampler</c>.</summary>
/// <example><c>new SequentialSampler(data)   // 0, 1, 2, ... data.Count - 1</c></example>
public sealed class SequentialSampler(Dataset dataSource) : Sampler
{
    private readonly Dataset _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    /// <inheritdoc/>
    public override int Count => _dataSource.Count;

    /// <inheritdoc/>
    public override IEnumerator<int> GetEnumerator() => Enumerable.Range(0, Count).GetEnumerator();
}
