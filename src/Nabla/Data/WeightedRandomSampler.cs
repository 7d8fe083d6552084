namespace Nabla.Data;

/// <summary>
/// Indices drawn with probabilities proportional to <see cref="Weights"/>, like
/// <c>torch.utils.data.WeightedRandomSampler</c> (which draws with <c>torch.multinomial</c>): index i comes
/// up with probability wᵢ / Σw. With replacement (the default) every draw is independent; without, an
/// index is drawn at most once per epoch, each draw taking the remaining weights.
/// </summary>
/// <example><code>
/// // Oversample a rare class: weight each sample by 1 / (its class's count).
/// var sampler = new WeightedRandomSampler(sampleWeights, numSamples: data.Count, generator: new Generator(0));
/// var loader = new DataLoader(data, batchSize: 32, sampler: sampler);
/// </code></example>
public sealed class WeightedRandomSampler : Sampler
{
    private readonly double[] _weights;
    private readonly Generator _generator;

    /// <summary>A sampler of the indices 0..weights.Count - 1 in proportion to <paramref name="weights"/>.</summary>
    /// <param name="weights">One non-negative weight per index; they need not add up to one.</param>
    /// <param name="numSamples">Indices per epoch.</param>
    /// <param name="replacement">Draw indices independently (the default); without it an index comes up at most once per epoch.</param>
    /// <param name="generator">The source of randomness (<see cref="Generator.Default"/> when null).</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="numSamples"/> is not positive.</exception>
    /// <exception cref="ArgumentException">
    /// When a weight is negative, infinite or NaN, they add up to zero, or, without replacement, fewer than
    /// <paramref name="numSamples"/> weights are positive.
    /// </exception>
    public WeightedRandomSampler(IReadOnlyList<double> weights, int numSamples, bool replacement = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        CheckNumSamples(numSamples);
        _weights = [.. weights];
        // torch.multinomial's checks, made here so that a bad sampler fails where it is built.
        if (_weights.Any(w => !double.IsFinite(w) || w < 0))
            throw new ArgumentException("probability tensor contains either `inf`, `nan` or element < 0", nameof(weights));
        if (!(_weights.Sum() > 0)) throw new ArgumentException("invalid multinomial distribution (sum of probabilities <= 0)", nameof(weights));
        if (!replacement && numSamples > _weights.Length)
            throw new ArgumentException($"cannot sample n_sample > prob_dist.size(-1) samples without replacement ({numSamples} > {_weights.Length})", nameof(numSamples));
        if (!replacement && _weights.Count(w => w > 0) < numSamples)
            throw new ArgumentException(
                $"invalid multinomial distribution (with replacement=False, not enough non-negative category to sample): {_weights.Count(w => w > 0)} positive weights for {numSamples} samples", nameof(weights));
        (NumSamples, Replacement, _generator) = (numSamples, replacement, generator ?? Generator.Default);
    }

    /// <summary>A sampler weighted by the elements of the 1-d tensor <paramref name="weights"/> (see the other constructor).</summary>
    /// <exception cref="ArgumentException">When <paramref name="weights"/> is not 1-d.</exception>
    public WeightedRandomSampler(Tensor weights, int numSamples, bool replacement = true, Generator? generator = null)
        : this(OneDimensional(weights), numSamples, replacement, generator) { }

    private static double[] OneDimensional(Tensor weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Dim != 1)
            throw new ArgumentException($"weights should be a 1d sequence but given weights have shape {weights.Shape}", nameof(weights));
        return weights.ToArray<double>();
    }

    /// <summary>The weights, one per index.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Indices per epoch, like <c>num_samples</c>.</summary>
    public int NumSamples { get; }

    /// <summary>Whether indices are drawn with replacement.</summary>
    public bool Replacement { get; }

    /// <inheritdoc/>
    public override int Count => NumSamples;

    /// <inheritdoc/>
    public override IEnumerator<int> GetEnumerator()
        => ((IEnumerable<int>)(Replacement ? WithReplacement() : WithoutReplacement())).GetEnumerator();

    // Inverse-CDF sampling: a uniform draw in [0, Σw) lands in index i's share of the running totals,
    // i.e. at the first running total above it (a zero weight has no share, so it is never picked).
    private int[] WithReplacement()
    {
        var cumulative = new double[_weights.Length];
        double total = 0;
        for (int i = 0; i < _weights.Length; i++) cumulative[i] = total += _weights[i];
        int lastPositive = Array.FindLastIndex(_weights, w => w > 0);
        var uniform = new double[NumSamples];
        _generator.FillUniform(uniform);
        var drawn = new int[NumSamples];
        for (int s = 0; s < drawn.Length; s++)
        {
            double x = uniform[s] * total;
            int low = 0, high = lastPositive;   // x ≥ the last total only by rounding: the last positive weight takes it
            while (low < high)
            {
                int mid = (low + high) / 2;
                if (cumulative[mid] > x) high = mid; else low = mid + 1;
            }
            drawn[s] = low;
        }
        return drawn;
    }

    // Sequential draws without replacement have the distribution of the k smallest keys Eᵢ / wᵢ with Eᵢ ~ Exp(1)
    // (Efraimidis–Spirakis; torch.multinomial uses the same exponential trick). Zero weights get key ∞.
    private int[] WithoutReplacement()
    {
        var uniform = new double[_weights.Length];
        _generator.FillUniform(uniform);
        var keys = new double[_weights.Length];
        for (int i = 0; i < keys.Length; i++) keys[i] = _weights[i] > 0 ? -Math.Log(1 - uniform[i]) / _weights[i] : double.PositiveInfinity;
        var order = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(keys, order);
        return order[..NumSamples];
    }
}
