using Nabla.Kernels;

namespace Nabla;

// 2-d convolution. The forward op and its two adjoints (the gradients for the input and for the
// weight) are each bilinear, and each one's derivatives are the other two, so the three ops
// differentiate one another and double backward works without any further kernel.
internal static partial class NNOps
{
    /// <summary>conv2d with PyTorch's checks; an unbatched [C, H, W] input is a batch of one.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int dilation, int groups)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Dim == 3)   // unbatched: a batch of one, as PyTorch does
            return Conv2d(input.Unsqueeze(0), weight, bias, stride, padding, dilation, groups).Squeeze(0);
        var s = CheckConv(input, weight, bias, stride, padding, dilation, groups);
        return Convolve(input, weight, bias, s);
    }

    /// <summary>y = C(x, W) + b, bilinear in x and W; the bias joins the same node, as in PyTorch.</summary>
    public static Tensor Convolve(Tensor input, Tensor weight, Tensor? bias, ConvGeometry s)
    {
        var output = Conv2dKernels.Forward(Dense(input), Dense(weight), s);
        if (bias is not null) Compute.BinaryInto<AddOp>(output, output, bias.Detach().View(1, -1, 1, 1));
        return Derivatives.Convolution.Record(output, [input, weight, bias!], s);
    }

    /// <summary>The input gradient Cᵢ*(G, W): the adjoint of x ↦ C(x, W) applied to G.</summary>
    public static Tensor ConvInputGrad(Tensor grad, Tensor weight, ConvGeometry s)
        => Derivatives.ConvolutionInputGrad.Record(Conv2dKernels.InputGrad(Dense(grad), Dense(weight), s), [grad, weight], s);

    /// <summary>The weight gradient C_w*(x, G): the adjoint of W ↦ C(x, W) applied to G.</summary>
    public static Tensor ConvWeightGrad(Tensor input, Tensor grad, ConvGeometry s)
        => Derivatives.ConvolutionWeightGrad.Record(Conv2dKernels.WeightGrad(Dense(input), Dense(grad), s), [input, grad], s);

    private static ConvGeometry CheckConv(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int dilation, int groups)
    {
        if (input.Dim != 4)
            throw new ArgumentException($"Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: {input.Shape}");
        if (weight.Dim != 4)
            throw new ArgumentException($"conv2d: expected a 4D weight [out_channels, in_channels/groups, kH, kW], but got weight of size {weight.Shape}");
        CheckFloating(input, "conv2d");
        CheckSameDType(input, weight, "weight", "conv2d");
        CheckSameDType(input, bias, "bias", "conv2d");
        if (stride < 1) throw new ArgumentException($"conv2d: non-positive stride is not supported (got stride={stride})");
        if (padding < 0) throw new ArgumentException($"conv2d: negative padding is not supported (got padding={padding})");
        if (dilation < 1) throw new ArgumentException($"conv2d: dilation should be greater than zero (got dilation={dilation})");
        if (groups < 1) throw new ArgumentException($"conv2d: non-positive groups is not supported (got groups={groups})");
        int outChannels = weight.Size(0);
        if (outChannels % groups != 0)
            throw new ArgumentException($"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size {weight.Shape} instead");
        if (input.Size(1) != weight.Size(1) * groups)
            throw new ArgumentException($"Given groups={groups}, weight of size {weight.Shape}, expected input{input.Shape} to have {weight.Size(1) * groups} channels, but got {input.Size(1)} channels instead");
        if (bias is not null && (bias.Dim != 1 || bias.Size(0) != outChannels))
            throw new ArgumentException($"Given weight of size {weight.Shape}, expected bias to be 1-dimensional with {outChannels} elements, but got bias of size {bias.Shape} instead");
        int paddedH = input.Size(2) + 2 * padding, paddedW = input.Size(3) + 2 * padding;
        int kernelH = dilation * (weight.Size(2) - 1) + 1, kernelW = dilation * (weight.Size(3) - 1) + 1;
        if (paddedH < kernelH || paddedW < kernelW)
            throw new ArgumentException($"Calculated padded input size per channel: ({paddedH} x {paddedW}). Kernel size: ({kernelH} x {kernelW}). Kernel size can't be greater than actual input size");
        return ConvGeometry.Of(input.ShapeArray, weight.ShapeArray, stride, padding, dilation, groups);
    }
}
