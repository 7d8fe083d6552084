using Nabla.Kernels;
using Nabla.NN;

namespace Nabla;

// Transposed convolution: the input gradient of the convolution it transposes, run by the same kernel
// (Conv2dKernels.InputGrad). Its input is that convolution's output side [N, Cin, OH, OW], its weight
// [Cin, Cout/groups, KH, KW] is that convolution's weight, and its output is the convolution's input
// side, sized by stride, padding, dilation and output_padding.
internal static partial class NNOps
{
    /// <summary>conv_transpose1d / conv_transpose2d (node <c>ConvolutionBackward0</c>, as every convolution in PyTorch).</summary>
    public static Tensor ConvTranspose(Tensor input, Tensor weight, Tensor? bias, Size2d stride, Size2d padding, Size2d outputPadding,
        int groups, Size2d dilation, int spatialDims)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        string op = $"conv_transpose{spatialDims}d";
        if (input.Dim == spatialDims + 1)
            return ConvTranspose(input.Unsqueeze(0), weight, bias, stride, padding, outputPadding, groups, dilation, spatialDims).Squeeze(0);
        if (input.Dim != spatialDims + 2)
            throw new ArgumentException($"Expected {spatialDims + 1}D (unbatched) or {spatialDims + 2}D (batched) input to {op}, but got input of size: {input.Shape}");
        CheckConvWeight(input, weight, spatialDims, op);
        var s = CheckConvTranspose(input, weight, bias, ConvPair(stride, spatialDims, "stride", op), ConvPair(padding, spatialDims, "padding", op),
            ConvPair(outputPadding, spatialDims, "output_padding", op), groups, ConvPair(dilation, spatialDims, "dilation", op), op);
        var output = Conv2dKernels.InputGrad(Dense(input), Dense(weight), s);
        AddBias(output, bias);
        return Derivatives.ConvolutionTransposed.Record(output, [input, weight, bias!], s);
    }

    /// <summary>The geometry of the convolution that the transposed one is the input gradient of.</summary>
    private static ConvGeometry CheckConvTranspose(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) outputPadding, int groups, (int H, int W) dilation, string op)
    {
        CheckSameDType(input, bias, "bias", op);
        CheckConvArguments(stride, padding, dilation, groups, op);
        if (outputPadding.H < 0 || outputPadding.W < 0) throw new ArgumentException($"{op}: negative output_padding is not supported (got output_padding={outputPadding})");
        if ((outputPadding.H >= stride.H && outputPadding.H >= dilation.H) || (outputPadding.W >= stride.W && outputPadding.W >= dilation.W))
            throw new ArgumentException($"{op}: output padding must be smaller than either stride or dilation, but got output_padding={outputPadding}, stride={stride}, dilation={dilation}");
        if (weight.Size(0) != input.Size(1))
            throw new ArgumentException($"Given transposed=1, weight of size {weight.Shape}, expected input{input.Shape} to have {weight.Size(0)} channels, but got {input.Size(1)} channels instead");
        if (weight.Size(0) % groups != 0)
            throw new ArgumentException($"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size {weight.Shape} instead");
        int outChannels = weight.Size(1) * groups;
        CheckBias(bias, outChannels, weight);
        bool twoD = input.Dim == 4;
        int inH = twoD ? input.Size(2) : 1, inW = input.Size(-1), kernelH = twoD ? weight.Size(2) : 1, kernelW = weight.Size(-1);
        int outH = (inH - 1) * stride.H - 2 * padding.H + dilation.H * (kernelH - 1) + outputPadding.H + 1;
        int outW = (inW - 1) * stride.W - 2 * padding.W + dilation.W * (kernelW - 1) + outputPadding.W + 1;
        if (outH < 1 || outW < 1)
        {
            string sizes = twoD ? $"({inH} x {inW}). Calculated output size per channel: ({outH} x {outW})" : $"({inW}). Calculated output size per channel: ({outW})";
            throw new ArgumentException($"Given input size per channel: {sizes}. Output size is too small");
        }
        return new ConvGeometry(input.Size(0), outChannels, outH, outW, weight.Size(0), kernelH, kernelW, stride, padding, dilation, groups,
            SpatialDims: twoD ? 2 : 1, Transposed: true);
    }
}
