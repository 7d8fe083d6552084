namespace Nabla.NN;

/// <summary>2-d average pooling, like <c>torch.nn.AvgPool2d</c>; see <see cref="F.AvgPool2d"/>.</summary>
/// <example><code>var pool = new AvgPool2d(2);   // prints AvgPool2d(kernel_size=2, stride=2, padding=0)</code></example>
public sealed class AvgPool2d(Size2d kernelSize, Size2d? stride = null, Size2d padding = default, bool ceilMode = false, bool countIncludePad = true,
    int? divisorOverride = null) : Module
{
    /// <summary>The window size.</summary>
    public Size2d KernelSize { get; } = kernelSize;

    /// <summary>The step between windows (the kernel size unless given).</summary>
    public Size2d Stride { get; } = stride ?? kernelSize;

    /// <summary>The zero padding on each side.</summary>
    public Size2d Padding { get; } = padding;

    /// <summary>Whether the output size is rounded up (a last, partial window).</summary>
    public bool CeilMode { get; } = ceilMode;

    /// <summary>Whether the zero padding counts in the mean.</summary>
    public bool CountIncludePad { get; } = countIncludePad;

    /// <summary>The divisor used instead of the window's size, if given.</summary>
    public int? DivisorOverride { get; } = divisorOverride;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad, DivisorOverride);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size={KernelSize.AsGiven}, stride={Stride.AsGiven}, padding={Padding.AsGiven}";
}
