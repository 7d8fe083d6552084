namespace Nabla.NN;

/// <summary>
/// A 1-d convolution layer over [N, C, L] (or unbatched [C, L]) inputs, like <c>torch.nn.Conv1d</c>;
/// see <see cref="F.Conv1d"/>. The weight [out, in/groups, k] and bias [out] start as PyTorch's do:
/// U(±1/√fan_in) with fan_in = in/groups·k.
/// </summary>
/// <example><code>var conv = new Conv1d(4, 8, 3, padding: "same");   // prints Conv1d(4, 8, kernel_size=(3,), stride=(1,), padding=same)</code></example>
/// <exception cref="ArgumentException">When the channel counts are not divisible by <c>groups</c>, a size is out of range, or padding="same" has a stride.</exception>
public sealed class Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, ConvPadding padding = default, int dilation = 1, int groups = 1,
    bool bias = true, Generator? generator = null)
    : ConvNd(inChannels, outChannels, [kernelSize], [stride], CheckOneDim(padding), [dilation], [0], transposed: false, groups, bias, generator)
{
    /// <summary>The length of the kernel.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>The step between kernel positions.</summary>
    public int Stride { get; } = stride;

    /// <summary>The zeros added on each side of the input, or "same" / "valid".</summary>
    public ConvPadding Padding { get; } = padding;

    /// <summary>The spacing between kernel elements.</summary>
    public int Dilation { get; } = dilation;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Conv1d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    private static ConvPadding CheckOneDim(ConvPadding padding) => padding.Mode is null && padding.Size.IsPair
        ? throw new ArgumentException($"Conv1d: expected padding to be a single integer value or a string, but got padding={padding}", nameof(padding))
        : padding;
}
