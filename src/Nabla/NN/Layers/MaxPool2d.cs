namespace Nabla.NN;

/// <summary>
/// 2-d max pooling, like <c>torch.nn.MaxPool2d</c> (no dilation); see <see cref="F.MaxPool2d"/>. With
/// <c>returnIndices: true</c> call <see cref="ForwardWithIndices"/>, which also returns where each maximum was.
/// </summary>
/// <example><code>var pool = new MaxPool2d(2);   // prints MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)</code></example>
public sealed class MaxPool2d(Size2d kernelSize, Size2d? stride = null, Size2d padding = default, bool returnIndices = false, bool ceilMode = false) : MaxPoolNd(returnIndices)
{
    /// <summary>The window size.</summary>
    public Size2d KernelSize { get; } = kernelSize;

    /// <summary>The step between windows (the kernel size unless given).</summary>
    public Size2d Stride { get; } = stride ?? kernelSize;

    /// <summary>The -∞ padding on each side.</summary>
    public Size2d Padding { get; } = padding;

    /// <summary>Whether the output size is rounded up (a last, partial window).</summary>
    public bool CeilMode { get; } = ceilMode;

    /// <inheritdoc/>
    public override (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) => F.MaxPool2dWithIndices(input, KernelSize, Stride, Padding, CeilMode);

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"kernel_size={KernelSize.AsGiven}, stride={Stride.AsGiven}, padding={Padding.AsGiven}, dilation=1, ceil_mode={PythonRepr.Bool(CeilMode)}";
}
