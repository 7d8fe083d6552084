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

    /// <summary>
    /// The batch of samples <paramref name="indices"/> with each column stacked, when this data set can
    /// gather it faster than sample by sample (a <see cref="TensorDataset"/> indexes each column once);
    /// null otherwise. <see cref="DataLoader"/> falls back to stacking the samples.
    /// </summary>
    internal virtual Tensor[]? GatherBatch(int[] indices) => null;

    /// <summary>
    /// Splits the samples at random into non-overlapping subsets of the given sizes, like
    /// <c>random_split(dataset, lengths)</c>. The sizes must add up to <see cref="Count"/>.
    /// </summary>
    /// <param name="lengths">The size of each subset.</param>
    /// <param name="generator">The source of the permutation (<see cref="Generator.Default"/> when null).</param>
    /// <exception cref="ArgumentException">When the lengths do not add up to <see cref="Count"/>, or one is negative.</exception>
    /// <example><c>Subset[] parts = data.RandomSplit([800, 200], new Generator(42));</c></example>
    public Subset[] RandomSplit(IReadOnlyList<int> lengths, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        for (int i = 0; i < lengths.Count; i++)
            if (lengths[i] < 0) throw new ArgumentException($"Length at index {i} is negative ({lengths[i]})", nameof(lengths));
        if (lengths.Sum(l => (long)l) != Count)
            throw new ArgumentException($"Sum of input lengths does not equal the length of the input dataset! ({string.Join(" + ", lengths)} != {Count})", nameof(lengths));
        long[] order = (generator ?? Generator.Default).Permutation(Count);
        var subsets = new Subset[lengths.Count];
        for (int i = 0, offset = 0; i < lengths.Count; offset += lengths[i], i++)
            subsets[i] = new Subset(this, [.. order.AsSpan(offset, lengths[i]).ToArray().Select(j => (int)j)]);
        return subsets;
    }

    /// <summary>
    /// Splits the samples at random into non-overlapping subsets holding the given fractions of them, like
    /// <c>random_split(dataset, [0.8, 0.2])</c>: each subset gets ⌊fraction · Count⌋ samples, and the
    /// remaining ones go one each to the subsets in order (round robin), as PyTorch does.
    /// </summary>
    /// <param name="fractions">Fractions in [0, 1] that add up to 1.</param>
    /// <param name="generator">The source of the permutation (<see cref="Generator.Default"/> when null).</param>
    /// <exception cref="ArgumentException">When a fraction is outside [0, 1] or they do not add up to 1.</exception>
    /// <example><c>var parts = data.RandomSplit([0.8, 0.2], new Generator(42));   // 10 samples: 8 and 2</c></example>
    public Subset[] RandomSplit(IReadOnlyList<double> fractions, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        double sum = fractions.Sum();
        // PyTorch's test: math.isclose(sum, 1) (relative tolerance 1e-9) and sum <= 1.
        if (!(Math.Abs(sum - 1) <= 1e-9 && sum <= 1))
            throw new ArgumentException($"Sum of input lengths does not equal the length of the input dataset! (the fractions {string.Join(", ", fractions)} add up to {sum}, not 1)", nameof(fractions));
        var lengths = new int[fractions.Count];
        for (int i = 0; i < lengths.Length; i++)
        {
            if (!(fractions[i] >= 0 && fractions[i] <= 1)) throw new ArgumentException($"Fraction at index {i} is not between 0 and 1", nameof(fractions));
            lengths[i] = (int)Math.Floor(Count * fractions[i]);
        }
        for (int i = 0, remainder = Count - lengths.Sum(); i < remainder; i++) lengths[i % lengths.Length]++;
        return RandomSplit(lengths, generator);
    }
}
