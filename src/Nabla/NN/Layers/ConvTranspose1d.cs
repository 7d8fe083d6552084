namespace Nabla.NN;

/// <summary>
/// A 1-d transposed convolution layer over [N, C, L] inputs, like <c>torch.nn.ConvTranspose1d</c>; see
/// <see cref="F.ConvTranspose1d"/>. The weight is [in, out/groups, k]; it and the bias [out] start as
/// PyTorch's do: U(±1/√fan_in) with fan_in = out/groups·k.
/// </summary>
/// <example><code>var up = new ConvTranspose1d(8, 4, 4, stride: 2, padding: 1);   // doubles the length</code></example>
/// <exception cref="ArgumentException">When the channel counts are not divisible by <c>groups</c> or a size is out of range.</exception>
public sealed class ConvTranspose1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0,
    int groups = 1, bool bias = true, int dilation = 1, Generator? generator = null)
    : ConvNd(inChannels, outChannels, [kernelSize], [stride], padding, [dilation], [outputPadding], transposed: true, groups, bias, generator)
{
    /// <summary>The length of the kernel.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>The step between the input positions' places in the output.</summary>
    public int Stride { get; } = stride;

    /// <summary>The positions cropped from each side of the output (dilation·(k - 1) - padding zeros around the input).</summary>
    public int Padding { get; } = padding;

    /// <summary>The positions added at the end of the output, to pick among the sizes a strided convolution maps to one.</summary>
    public int OutputPadding { get; } = outputPadding;

    /// <summary>The spacing between kernel elements.</summary>
    public int Dilation { get; } = dilation;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.ConvTranspose1d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);
}
