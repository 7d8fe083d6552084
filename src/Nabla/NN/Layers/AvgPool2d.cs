namespace Nabla.NN;

/// <summary>2-d average pooling, like <c>torch.nn.AvgPool2d</c> (floor mode, padding counted); see <see cref="F.AvgPool2d"/>.</summary>
/// <example><code>var pool = new AvgPool2d(2);   // prints AvgPool2d(kernel_size=2, stride=2, padding=0)</code></example>
public sealed class AvgPool2d(int kernelSize, int? stride = null, int padding = 0) : Module
{
    /// <summary>The window size.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>The step between windows (the kernel size unless given).</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <summary>The zero padding on each side.</summary>
    public int Padding { get; } = padding;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.AvgPool2d(input, KernelSize, Stride, Padding);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}";
}
