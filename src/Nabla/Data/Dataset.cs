namespace Nabla.Data;

/// <summary>
/// A map-style data set, like <c>torch.utils.data.Dataset</c>: <see cref="Count"/> samples, each a
/// row of tensors (for example features and label) that <see cref="DataLoader"/> stacks into batches.
/// </summary>
public abstract class Dataset
{
    /// <summary>The number of samples, like <c>len(dataset)</c>.</summary>
    public abstract int Count { get; }

    /// <summary>Sample <paramref name="index"/>: one tensor per column, like <c>dataset[index]</c>.</summary>
    public abstract Tensor[] this[int index] { get; }
}
