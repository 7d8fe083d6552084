using Nabla.Kernels;
using Nabla.NN;

namespace Nabla;

// 1-d and 2-d convolution. The forward op and its two adjoints (the gradients for the input and for
// the weight) are each bilinear, and each one's derivatives are the other two, so the three ops
// differentiate one another and double backward works without any further kernel. A 1-d convolution
// runs the 2-d kernels with a height of 1 (the same memory); a transposed convolution is the input
// gradient of the convolution it transposes (NN.ConvTranspose.cs).
internal static partial class NNOps
{
    /// <summary>conv1d / conv2d (node <c>ConvolutionBackward0</c>); an unbatched input is a batch of one, as in PyTorch.</summary>
    public static Tensor Convolution(Tensor input, Tensor weight, Tensor? bias, Size2d stride, ConvPadding padding, Size2d dilation, int groups, int spatialDims)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        string op = $"conv{spatialDims}d";
        if (input.Dim == spatialDims + 1)
            return Convolution(input.Unsqueeze(0), weight, bias, stride, padding, dilation, groups, spatialDims).Squeeze(0);
        if (input.Dim != spatialDims + 2)
            throw new ArgumentException($"Expected {spatialDims + 1}D (unbatched) or {spatialDims + 2}D (batched) input to {op}, but got input of size: {input.Shape}");
        CheckConvWeight(input, weight, spatialDims, op);
        var (strides, dilations) = (ConvPair(stride, spatialDims, "stride", op), ConvPair(dilation, spatialDims, "dilation", op));
        var pads = padding.Mode switch
        {
            "same" => SamePadding(ref input, weight, strides, dilations, op),
            "valid" => (0, 0),
            _ => ConvPair(padding.Size, spatialDims, "padding", op),
        };
        var s = CheckConv(input, weight, bias, strides, pads, dilations, groups, op);
        return Convolve(input, weight, bias, s);
    }

    /// <summary>y = C(x, W) + b, bilinear in x and W; the bias joins the same node, as in PyTorch.</summary>
    public static Tensor Convolve(Tensor input, Tensor weight, Tensor? bias, ConvGeometry s)
    {
        var output = Conv2dKernels.Forward(Dense(input), Dense(weight), s);
        AddBias(output, bias);
        return Derivatives.Convolution.Record(output, [input, weight, bias!], s);
    }

    /// <summary>The input gradient Cᵢ*(G, W): the adjoint of x ↦ C(x, W) applied to G.</summary>
    public static Tensor ConvInputGrad(Tensor grad, Tensor weight, ConvGeometry s)
        => Derivatives.ConvolutionInputGrad.Record(Conv2dKernels.InputGrad(Dense(grad), Dense(weight), s), [grad, weight], s);

    /// <summary>The weight gradient C_w*(x, G): the adjoint of W ↦ C(x, W) applied to G.</summary>
    public static Tensor ConvWeightGrad(Tensor input, Tensor grad, ConvGeometry s)
        => Derivatives.ConvolutionWeightGrad.Record(Conv2dKernels.WeightGrad(Dense(input), Dense(grad), s), [input, grad], s);

    /// <summary>Adds the bias [O] to every position of each output channel (untracked: the op's node takes the bias as an input).</summary>
    private static void AddBias(Tensor output, Tensor? bias)
    {
        if (bias is null) return;
        var shape = Enumerable.Repeat(1, output.Dim).ToArray();
        shape[1] = -1;
        Compute.BinaryInto<AddOp>(output, output, bias.Detach().View(shape));
    }

    /// <summary>
    /// padding="same": PyTorch pads each dim by dilation·(kernel - 1) in all, half before; an odd total puts
    /// the extra zero after, by padding the input first (node <c>ConstantPadNdBackward0</c>, as PyTorch).
    /// </summary>
    private static (int H, int W) SamePadding(ref Tensor input, Tensor weight, (int H, int W) stride, (int H, int W) dilation, string op)
    {
        if (stride != (1, 1)) throw new ArgumentException($"{op}: padding='same' is not supported for strided convolutions");
        int spatialDims = input.Dim - 2;
        int kernelH = spatialDims == 2 ? weight.Size(2) : 1, kernelW = weight.Size(-1);
        int totalH = dilation.H * (kernelH - 1), totalW = dilation.W * (kernelW - 1);
        int extraH = totalH % 2, extraW = totalW % 2;
        if (extraH != 0 || extraW != 0)
            input = ConstantPad(input, spatialDims == 2 ? [0, extraW, 0, extraH] : [0, extraW], 0);
        return (totalH / 2, totalW / 2);
    }

    /// <summary>A stride, padding or dilation as (H, W); in 1-d it must be one int (PyTorch's message otherwise) and H gets the neutral value.</summary>
    internal static (int H, int W) ConvPair(Size2d value, int spatialDims, string name, string op)
    {
        if (spatialDims == 2) return value.Tuple;
        if (value.IsPair)
            throw new ArgumentException($"{op}: expected {name} to be a single integer value or a list of 1 values to match the convolution dimensions, but got {name}={value}");
        return (name.EndsWith("padding", StringComparison.Ordinal) ? 0 : 1, value.Width);
    }

    private static void CheckConvWeight(Tensor input, Tensor weight, int spatialDims, string op)
    {
        if (weight.Dim != spatialDims + 2)
            throw new ArgumentException($"{op}: expected a {spatialDims + 2}D weight [out_channels, in_channels/groups, {(spatialDims == 2 ? "kH, kW" : "kW")}], but got weight of size {weight.Shape}");
        CheckFloating(input, op);
        CheckSameDType(input, weight, "weight", op);
    }

    private static ConvGeometry CheckConv(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups, string op)
    {
        CheckSameDType(input, bias, "bias", op);
        CheckConvArguments(stride, padding, dilation, groups, op);
        int outChannels = weight.Size(0);
        if (outChannels % groups != 0)
            throw new ArgumentException($"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size {weight.Shape} instead");
        if (input.Size(1) != weight.Size(1) * groups)
            throw new ArgumentException($"Given groups={groups}, weight of size {weight.Shape}, expected input{input.Shape} to have {weight.Size(1) * groups} channels, but got {input.Size(1)} channels instead");
        CheckBias(bias, outChannels, weight);
        var s = ConvGeometry.Of(input.ShapeArray, weight.ShapeArray, stride, padding, dilation, groups);
        int paddedH = s.H + 2 * padding.H, paddedW = s.W + 2 * padding.W;
        int kernelH = dilation.H * (s.KH - 1) + 1, kernelW = dilation.W * (s.KW - 1) + 1;
        if (paddedH < kernelH || paddedW < kernelW)
        {
            string sizes = s.SpatialDims == 2 ? $"({paddedH} x {paddedW}). Kernel size: ({kernelH} x {kernelW})" : $"({paddedW}). Kernel size: ({kernelW})";
            throw new ArgumentException($"Calculated padded input size per channel: {sizes}. Kernel size can't be greater than actual input size");
        }
        return s;
    }

    private static void CheckConvArguments((int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups, string op)
    {
        if (stride.H < 1 || stride.W < 1) throw new ArgumentException($"{op}: non-positive stride is not supported (got stride={stride})");
        if (padding.H < 0 || padding.W < 0) throw new ArgumentException($"{op}: negative padding is not supported (got padding={padding})");
        if (dilation.H < 1 || dilation.W < 1) throw new ArgumentException($"{op}: dilation should be greater than zero (got dilation={dilation})");
        if (groups < 1) throw new ArgumentException($"{op}: non-positive groups is not supported (got groups={groups})");
    }

    private static void CheckBias(Tensor? bias, int outChannels, Tensor weight)
    {
        if (bias is not null && (bias.Dim != 1 || bias.Size(0) != outChannels))
            throw new ArgumentException($"Given weight of size {weight.Shape}, expected bias to be 1-dimensional with {outChannels} elements, but got bias of size {bias.Shape} instead");
    }
}
