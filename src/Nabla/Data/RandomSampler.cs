namespace Nabla.Data;

/// <summary>
/// Random indices of a data set, like <c>torch.utils.data.RandomSampler</c>. Without replacement (the
/// default) each epoch is a new permutation (several, then the start of one more, when
/// <see cref="NumSamples"/> exceeds the data set); with replacement each index is drawn uniformly.
/// </summary>
/// <example><c>var sampler = new RandomSampler(data, replacement: true, numSamples: 1000, generator: new Generator(0));</c></example>
public sealed class RandomSampler : Sampler
{
    // PyTorch draws replacement indices 32 at a time, so an epoch never holds them all at once.
    private const int Chunk = 32;

    private readonly Dataset _dataSource;
    private readonly int? _numSamples;
    private readonly Generator _generator;

    /// <summary>A sampler of <paramref name="dataSource"/>'s indices.</summary>
    /// <param name="dataSource">The data set; its <see cref="Dataset.Count"/> is read at each epoch.</param>
    /// <param name="replacement">Draw each index independently (repeats possible) instead of permuting.</param>
    /// <param name="numSamples">Indices per epoch; the size of the data set when null.</param>
    /// <param name="generator">The source of randomness (<see cref="Generator.Default"/> when null): a seeded one repeats the epochs.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the number of samples is not positive.</exception>
    public RandomSampler(Dataset dataSource, bool replacement = false, int? numSamples = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        (_dataSource, Replacement, _numSamples, _generator) = (dataSource, replacement, numSamples, generator ?? Generator.Default);
        CheckNumSamples(NumSamples);
    }

    /// <summary>Whether indices are drawn with replacement.</summary>
    public bool Replacement { get; }

    /// <summary>Indices per epoch, like <c>num_samples</c>.</summary>
    public int NumSamples => _numSamples ?? _dataSource.Count;

    /// <inheritdoc/>
    public override int Count => NumSamples;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">When the data set has become empty.</exception>
    public override IEnumerator<int> GetEnumerator()
    {
        int n = _dataSource.Count;
        if (n == 0) throw new InvalidOperationException($"RandomSampler cannot draw {NumSamples} indices from an empty dataset");
        return Replacement ? WithReplacement(n, NumSamples) : Permutations(n, NumSamples);
    }

    private IEnumerator<int> WithReplacement(int n, int count)
    {
        var chunk = new long[Chunk];
        for (int done = 0; done < count; done += Chunk)
        {
            int length = Math.Min(Chunk, count - done);
            _generator.FillInt(chunk.AsSpan(0, length), 0, n);
            for (int i = 0; i < length; i++) yield return (int)chunk[i];
        }
    }

    private IEnumerator<int> Permutations(int n, int count)
    {
        for (int done = 0; done < count; done += n)
        {
            long[] order = _generator.Permutation(n);
            for (int i = 0, take = Math.Min(n, count - done); i < take; i++) yield return (int)order[i];
        }
    }
}
