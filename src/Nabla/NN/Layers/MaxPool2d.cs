namespace Nabla.NN;

/// <summary>2-d max pooling, like <c>torch.nn.MaxPool2d</c> (floor mode, no dilation); see <see cref="F.MaxPool2d"/>.</summary>
/// <example><code>var pool = new MaxPool2d(2);   // prints MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)</code></example>
public sealed class MaxPool2d(int kernelSize, int? stride = null, int padding = 0) : Module
{
    /// <summary>The window size.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>The step between windows (the kernel size unless given).</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <summary>The -∞ padding on each side.</summary>
    public int Padding { get; } = padding;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.MaxPool2d(input, KernelSize, Stride, Padding);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation=1, ceil_mode=False";
}
