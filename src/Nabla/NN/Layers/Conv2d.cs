namespace Nabla.NN;

/// <summary>
/// A 2-d convolution layer over [N, C, H, W] (or unbatched [C, H, W]) inputs, like
/// <c>torch.nn.Conv2d</c>; see <see cref="F.Conv2d"/>. Sizes are an int or a (height, width) tuple.
/// The weight [out, in/groups, kh, kw] and bias [out] start as PyTorch's do: U(±1/√fan_in) with
/// fan_in = in/groups·kh·kw.
/// </summary>
/// <example><code>var conv = new Conv2d(1, 8, 3);   // prints Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1))</code></example>
/// <exception cref="ArgumentException">When the channel counts are not divisible by <c>groups</c>, a size is out of range, or padding="same" has a stride.</exception>
public sealed class Conv2d(int inChannels, int outChannels, Size2d kernelSize, Size2d? stride = null, ConvPadding padding = default, Size2d? dilation = null,
    int groups = 1, bool bias = true, Generator? generator = null)
    : ConvNd(inChannels, outChannels, Pair(kernelSize), Pair(stride ?? 1), padding, Pair(dilation ?? 1), [0, 0], transposed: false, groups, bias, generator)
{
    /// <summary>The height and width of the kernel.</summary>
    public Size2d KernelSize { get; } = kernelSize;

    /// <summary>The step between kernel positions.</summary>
    public Size2d Stride { get; } = stride ?? 1;

    /// <summary>The zeros added on each side of the input, or "same" / "valid".</summary>
    public ConvPadding Padding { get; } = padding;

    /// <summary>The spacing between kernel elements.</summary>
    public Size2d Dilation { get; } = dilation ?? 1;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    internal static int[] Pair(Size2d size) => [size.Height, size.Width];
}
