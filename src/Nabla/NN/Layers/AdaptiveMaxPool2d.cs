namespace Nabla.NN;

/// <summary>
/// Max pooling to a fixed output size, like <c>torch.nn.AdaptiveMaxPool2d</c>; see <see cref="F.AdaptiveMaxPool2d"/>.
/// With <c>returnIndices: true</c> call <see cref="ForwardWithIndices"/>.
/// </summary>
/// <example><code>var pool = new AdaptiveMaxPool2d((2, 3));   // prints AdaptiveMaxPool2d(output_size=(2, 3))</code></example>
public sealed class AdaptiveMaxPool2d(Size2d outputSize, bool returnIndices = false) : Module
{
    /// <summary>The output height and width.</summary>
    public Size2d OutputSize { get; } = outputSize;

    /// <summary>Whether the module was built to return the indices too (<see cref="ForwardWithIndices"/>).</summary>
    public bool ReturnIndices { get; } = returnIndices;

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">When built with <c>returnIndices: true</c> (call <see cref="ForwardWithIndices"/>).</exception>
    public override Tensor Forward(Tensor input) => ReturnIndices ? base.Forward(input) : F.AdaptiveMaxPool2d(input, OutputSize);

    /// <summary>The pooled values and the index of each maximum within its plane, like <c>forward</c> with <c>return_indices=True</c>.</summary>
    public (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) => F.AdaptiveMaxPool2dWithIndices(input, OutputSize);

    /// <inheritdoc/>
    protected override string? ForwardUsage => ReturnIndices ? "ForwardWithIndices(input), which returns (Output, Indices) as return_indices=True does" : null;

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size={OutputSize.AsGiven}";
}
