namespace Nabla.NN;

/// <summary>
/// A 2-d transposed convolution layer over [N, C, H, W] inputs, like <c>torch.nn.ConvTranspose2d</c>; see
/// <see cref="F.ConvTranspose2d"/>. Sizes are an int or a (height, width) tuple. The weight is
/// [in, out/groups, kh, kw]; it and the bias [out] start as PyTorch's do: U(±1/√fan_in) with fan_in = out/groups·kh·kw.
/// </summary>
/// <example><code>var up = new ConvTranspose2d(16, 8, 3, stride: 2, padding: 1, outputPadding: 1);   // doubles H and W</code></example>
/// <exception cref="ArgumentException">When the channel counts are not divisible by <c>groups</c> or a size is out of range.</exception>
public sealed class ConvTranspose2d(int inChannels, int outChannels, Size2d kernelSize, Size2d? stride = null, Size2d padding = default,
    Size2d outputPadding = default, int groups = 1, bool bias = true, Size2d? dilation = null, Generator? generator = null)
    : ConvNd(inChannels, outChannels, Conv2d.Pair(kernelSize), Conv2d.Pair(stride ?? 1), padding.Tuple, Conv2d.Pair(dilation ?? 1), Conv2d.Pair(outputPadding),
        transposed: true, groups, bias, generator)
{
    /// <summary>The height and width of the kernel.</summary>
    public Size2d KernelSize { get; } = kernelSize;

    /// <summary>The step between the input positions' places in the output.</summary>
    public Size2d Stride { get; } = stride ?? 1;

    /// <summary>The positions cropped from each side of the output.</summary>
    public Size2d Padding { get; } = padding;

    /// <summary>The positions added at the end of the output, to pick among the sizes a strided convolution maps to one.</summary>
    public Size2d OutputPadding { get; } = outputPadding;

    /// <summary>The spacing between kernel elements.</summary>
    public Size2d Dilation { get; } = dilation ?? 1;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);
}
