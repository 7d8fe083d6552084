using System.Collections;

namespace Nabla;

/// <summary>
/// A tensor's shape, like <c>torch.Size</c>: indexable, with <see cref="Length"/>,
/// <see cref="ToArray"/>, value equality, and printed as <c>[2, 3]</c>.
/// </summary>
public readonly struct TensorShape : IReadOnlyList<int>, IEquatable<TensorShape>
{
    private readonly int[] _dims;

    internal TensorShape(int[] dims) => _dims = dims;

    /// <summary>The size of dimension <paramref name="index"/>.</summary>
    public int this[int index] => Dims[index];

    /// <summary>The number of dimensions.</summary>
    public int Length => Dims.Length;

    int IReadOnlyCollection<int>.Count => Length;

    private int[] Dims => _dims ?? [];

    /// <summary>A copy of the sizes.</summary>
    public int[] ToArray() => (int[])Dims.Clone();

    /// <summary>The sizes as a span (no copy).</summary>
    public ReadOnlySpan<int> AsSpan() => Dims;

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(TensorShape other) => Dims.AsSpan().SequenceEqual(other.Dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TensorShape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in Dims) h.Add(d);
        return h.ToHashCode();
    }

    /// <summary>Shape equality.</summary>
    public static bool operator ==(TensorShape a, TensorShape b) => a.Equals(b);

    /// <summary>Shape inequality.</summary>
    public static bool operator !=(TensorShape a, TensorShape b) => !a.Equals(b);

    /// <summary>Prints <c>[2, 3]</c>.</summary>
    public override string ToString() => ShapeMath.Format(Dims);
}
