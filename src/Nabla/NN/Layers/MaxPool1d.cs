namespace Nabla.NN;

/// <summary>
/// 1-d max pooling over [N, C, L] or [C, L] inputs, like <c>torch.nn.MaxPool1d</c> (no dilation); see
/// <see cref="F.MaxPool1d"/>. With <c>returnIndices: true</c> call <see cref="ForwardWithIndices"/>.
/// </summary>
/// <example><code>var pool = new MaxPool1d(2);   // prints MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)</code></example>
public sealed class MaxPool1d(int kernelSize, int? stride = null, int padding = 0, bool returnIndices = false, bool ceilMode = false) : MaxPoolNd(returnIndices)
{
    /// <summary>The window length.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>The step between windows (the kernel size unless given).</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <summary>The -∞ padding on each side.</summary>
    public int Padding { get; } = padding;

    /// <summary>Whether the output size is rounded up (a last, partial window).</summary>
    public bool CeilMode { get; } = ceilMode;

    /// <inheritdoc/>
    public override (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) => F.MaxPool1dWithIndices(input, KernelSize, Stride, Padding, CeilMode);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation=1, ceil_mode={PythonRepr.Bool(CeilMode)}";
}
