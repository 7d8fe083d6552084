namespace Nabla.NN;

/// <summary>Average pooling to a fixed output size, like <c>torch.nn.AdaptiveAvgPool2d</c>; see <see cref="F.AdaptiveAvgPool2d(Tensor, int)"/>.</summary>
/// <example><code>var pool = new AdaptiveAvgPool2d(1);   // global average pooling; prints AdaptiveAvgPool2d(output_size=1)</code></example>
public sealed class AdaptiveAvgPool2d : Module
{
    private readonly bool _square;

    /// <summary>Pools to <paramref name="outputSize"/> × <paramref name="outputSize"/>.</summary>
    public AdaptiveAvgPool2d(int outputSize) : this((outputSize, outputSize)) => _square = true;

    /// <summary>Pools to <paramref name="outputSize"/> (height, width).</summary>
    public AdaptiveAvgPool2d((int Height, int Width) outputSize) => OutputSize = outputSize;

    /// <summary>The output height and width.</summary>
    public (int Height, int Width) OutputSize { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.AdaptiveAvgPool2d(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => "output_size=" + (_square ? OutputSize.Height.ToString(System.Globalization.CultureInfo.InvariantCulture) : PythonRepr.Tuple(OutputSize.Height, OutputSize.Width));
}
