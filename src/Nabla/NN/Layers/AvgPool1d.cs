namespace Nabla.NN;

/// <summary>1-d average pooling over [N, C, L] or [C, L] inputs, like <c>torch.nn.AvgPool1d</c>; see <see cref="F.AvgPool1d"/>.</summary>
/// <example><code>var pool = new AvgPool1d(3);   // prints AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))</code></example>
public sealed class AvgPool1d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true) : Module
{
    /// <summary>The window length.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>The step between windows (the kernel size unless given).</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <summary>The zero padding on each side.</summary>
    public int Padding { get; } = padding;

    /// <summary>Whether the output size is rounded up (a last, partial window).</summary>
    public bool CeilMode { get; } = ceilMode;

    /// <summary>Whether the zero padding counts in the mean.</summary>
    public bool CountIncludePad { get; } = countIncludePad;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.AvgPool1d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size={PythonRepr.Tuple(KernelSize)}, stride={PythonRepr.Tuple(Stride)}, padding={PythonRepr.Tuple(Padding)}";
}
