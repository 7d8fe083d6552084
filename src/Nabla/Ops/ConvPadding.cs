namespace Nabla.NN;   // in Ops/ because the convolution ops take it; public as Nabla.NN.ConvPadding

/// <summary>
/// A convolution's padding as PyTorch takes it: zeros on each side (an int, or a (height, width)
/// tuple), or one of the strings <c>"valid"</c> (no padding) and <c>"same"</c> (the output as large
/// as the input; stride 1 only; when the total padding of a dim is odd the extra zero goes after, as
/// PyTorch does).
/// </summary>
/// <example><code>var y = F.Conv1d(signal, kernel, padding: "same");</code></example>
public readonly record struct ConvPadding
{
    private ConvPadding(Size2d size, string? mode) => (Size, Mode) = (size, mode);

    /// <summary>The zeros on each side, when given as numbers (0 for a string).</summary>
    public Size2d Size { get; }

    /// <summary><c>"same"</c> or <c>"valid"</c> when given as a string, else null.</summary>
    public string? Mode { get; }

    /// <summary>The same zero padding on every side.</summary>
    public static implicit operator ConvPadding(int padding) => new(padding, null);

    /// <summary>Zero padding of (height, width) on each side.</summary>
    public static implicit operator ConvPadding((int Height, int Width) padding) => new(padding, null);

    /// <summary><c>"same"</c> or <c>"valid"</c>.</summary>
    /// <exception cref="ArgumentException">For any other string (PyTorch's message).</exception>
    public static implicit operator ConvPadding(string padding)
    {
        ArgumentNullException.ThrowIfNull(padding);
        if (padding is not ("same" or "valid"))
            throw new ArgumentException($"Invalid padding string '{padding}', should be one of {{'valid', 'same'}}", nameof(padding));
        return new(0, padding);
    }

    /// <summary>Python's repr of the padding as a layer prints it: <c>same</c>, <c>valid</c> or a tuple.</summary>
    public override string ToString() => Mode ?? Size.ToString();
}
