namespace Nabla.NN;

/// <summary>
/// Max pooling to a fixed output size, like <c>torch.nn.AdaptiveMaxPool2d</c>; see <see cref="F.AdaptiveMaxPool2d"/>.
/// With <c>returnIndices: true</c> call <see cref="ForwardWithIndices"/>.
/// </summary>
/// <example><code>var pool = new AdaptiveMaxPool2d((2, 3));   // prints AdaptiveMaxPool2d(output_size=(2, 3))</code></example>
public sealed class AdaptiveMaxPool2d(Size2d outputSize, bool returnIndices = false) : MaxPoolNd(returnIndices)
{
    /// <summary>The output height and width.</summary>
    public Size2d OutputSize { get; } = outputSize;

    /// <inheritdoc/>
    public override (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) => F.AdaptiveMaxPool2dWithIndices(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size={OutputSize.AsGiven}";
}
