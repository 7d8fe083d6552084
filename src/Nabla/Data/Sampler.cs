using System.Collections;

namespace Nabla.Data;

/// <summary>
/// The order in which a <see cref="DataLoader"/> visits a data set, like <c>torch.utils.data.Sampler</c>:
/// enumerating gives the sample indices of one epoch, and <see cref="Count"/> is how many there are.
/// </summary>
/// <remarks>
/// <see cref="DataLoader"/> takes any <see cref="IReadOnlyCollection{T}"/> of int as its sampler (an
/// <c>int[]</c>, a distributed sampler); this base class only saves the samplers here from writing the
/// non-generic enumerator.
/// </remarks>
public abstract class Sampler : IReadOnlyCollection<int>
{
    /// <summary>The number of indices per epoch, like <c>len(sampler)</c>.</summary>
    public abstract int Count { get; }

    /// <summary>Enumerates the indices of one epoch.</summary>
    public abstract IEnumerator<int> GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Throws PyTorch's error unless <paramref name="numSamples"/> is positive.</summary>
    private protected static int CheckNumSamples(int numSamples)
        => numSamples > 0 ? numSamples
            : throw new ArgumentOutOfRangeException(nameof(numSamples), numSamples, $"num_samples should be a positive integer value, but got num_samples={numSamples}");
}
