namespace Nabla.NN;   // in Ops/ because the convolution and pooling ops take it; public as Nabla.NN.Size2d

/// <summary>
/// A (height, width) pair given as one int for both or as a tuple, like PyTorch's <c>_size_2_t</c>:
/// <c>kernelSize: 3</c> and <c>kernelSize: (3, 5)</c> both convert to it.
/// </summary>
/// <param name="Height">The size along the height (the second-to-last dim).</param>
/// <param name="Width">The size along the width (the last dim).</param>
/// <example><code>var conv = new Conv2d(3, 8, kernelSize: (3, 5), stride: 2);   // stride (2, 2)</code></example>
public readonly record struct Size2d(int Height, int Width)
{
    /// <summary>Whether it was given as a tuple (PyTorch prints some layers' arguments as given: <c>2</c> or <c>(2, 2)</c>).</summary>
    internal bool IsPair { get; private init; }

    /// <summary>The same size for both dims.</summary>
    public static implicit operator Size2d(int size) => new(size, size);

    /// <summary>A (height, width) tuple.</summary>
    public static implicit operator Size2d((int Height, int Width) size) => new(size.Height, size.Width) { IsPair = true };

    /// <summary>Equal when the sizes are: how the pair was written does not matter.</summary>
    public bool Equals(Size2d other) => Height == other.Height && Width == other.Width;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Height, Width);

    /// <summary>The pair as a C# tuple.</summary>
    internal (int H, int W) Tuple => (Height, Width);

    /// <summary>Python's repr of the pair as PyTorch's <c>_pair</c> makes it: a tuple.</summary>
    public override string ToString() => $"({Height}, {Width})";

    /// <summary>Python's repr of the argument as given: an int, or a tuple.</summary>
    internal string AsGiven => IsPair || Height != Width ? ToString() : Height.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
