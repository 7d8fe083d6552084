using Nabla.NN;

namespace Nabla.Tests;

public static partial class OpCases
{
    // Issue 11's convolutions, pooling and upsampling: 1-d convolutions, tuple sizes, padding "same",
    // transposed convolutions, 1-d and adaptive max pooling, ceil mode, and upsampling.
    private static IEnumerable<OpCase> ConvPool()
    {
        yield return Case("conv1d", "ConvolutionBackward0", x => F.Conv1d(x[0], x[1], x[2]), A(2, 2, 6), A(3, 2, 3), A(3));
        yield return Case("conv1d stride padding dilation groups", "ConvolutionBackward0",
            x => F.Conv1d(x[0], x[1], x[2], stride: 2, padding: 1, dilation: 2, groups: 2), A(2, 4, 7), A(4, 2, 2), A(4));
        yield return Case("conv1d unbatched", "SqueezeBackward1", x => F.Conv1d(x[0], x[1]), A(2, 5), A(3, 2, 2));
        yield return Case("conv1d same even kernel", "ConvolutionBackward0", x => F.Conv1d(x[0], x[1], x[2], padding: "same"), A(1, 2, 5), A(2, 2, 4), A(2));
        yield return Case("conv2d tuple sizes", "ConvolutionBackward0",
            x => F.Conv2d(x[0], x[1], x[2], stride: (2, 1), padding: (1, 2), dilation: (1, 2)), A(1, 2, 5, 5), A(3, 2, 3, 2), A(3));
        yield return Case("conv2d same", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], padding: "same", dilation: (2, 1)), A(1, 2, 4, 5), A(2, 2, 2, 3));
        yield return Case("conv2d valid", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], padding: "valid"), A(1, 1, 4, 4), A(2, 1, 3, 2));
        yield return Case("conv_transpose1d", "ConvolutionBackward0",
            x => F.ConvTranspose1d(x[0], x[1], x[2], stride: 2, padding: 1, outputPadding: 1), A(2, 3, 4), A(3, 2, 3), A(2));
        yield return Case("conv_transpose1d groups dilation", "ConvolutionBackward0",
            x => F.ConvTranspose1d(x[0], x[1], groups: 2, dilation: 2), A(1, 4, 3), A(4, 1, 2));
        yield return Case("conv_transpose2d", "ConvolutionBackward0",
            x => F.ConvTranspose2d(x[0], x[1], x[2], stride: 2, padding: 1, outputPadding: 1), A(1, 2, 3, 3), A(2, 3, 3, 3), A(3));
        yield return Case("conv_transpose2d tuple sizes groups", "ConvolutionBackward0",
            x => F.ConvTranspose2d(x[0], x[1], x[2], stride: (1, 2), padding: (0, 1), outputPadding: (0, 1), groups: 2, dilation: (2, 1)),
            A(2, 4, 3, 2), A(4, 1, 2, 3), A(2));
        // 3×3 stride-1 convolutions with 17 input channels and 25 output tiles run as Winograd F(2×2, 3×3), forward and
        // both gradients, with the padding 0, 1 and 2 (the input gradient then pads by 2, 1 and 0) and odd sizes.
        yield return Case("conv2d winograd", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], x[2], padding: 1), A(1, 17, 9, 9), A(2, 17, 3, 3), A(2));
        yield return Case("conv2d winograd padding 0", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], padding: 0), A(1, 17, 11, 11), A(2, 17, 3, 3));
        yield return Case("conv2d winograd padding 2", "ConvolutionBackward0", x => F.Conv2d(x[0], x[1], padding: 2), A(1, 17, 7, 7), A(2, 17, 3, 3));
        yield return Case("conv_transpose2d winograd", "ConvolutionBackward0", x => F.ConvTranspose2d(x[0], x[1], padding: 1), A(1, 17, 9, 9), A(17, 16, 3, 3));
        yield return Case("conv_transpose2d stride 1 direct", "ConvolutionBackward0", x => F.ConvTranspose2d(x[0], x[1], padding: 1), A(1, 2, 4, 4), A(2, 2, 3, 3));
        yield return Case("conv_transpose2d unbatched", "SqueezeBackward1", x => F.ConvTranspose2d(x[0], x[1], stride: 2), A(2, 2, 3), A(2, 1, 2, 2));

        yield return Case("max_pool1d", "SqueezeBackward1", x => F.MaxPool1d(x[0], 2), A(2, 3, 6));
        yield return Case("max_pool1d ceil padded unbatched", "SqueezeBackward1", x => F.MaxPool1d(x[0], 3, 2, 1, ceilMode: true), A(2, 6));
        yield return Case("max_pool2d tuple ceil", "MaxPool2DWithIndicesBackward0", x => F.MaxPool2d(x[0], (2, 3), (2, 2), (1, 1), ceilMode: true), A(1, 2, 5, 6));
        yield return Case("avg_pool1d", "SqueezeBackward1", x => F.AvgPool1d(x[0], 3, 2, 1), A(2, 2, 7));
        yield return Case("avg_pool1d ceil exclude pad", "SqueezeBackward1", x => F.AvgPool1d(x[0], 3, 2, 1, ceilMode: true, countIncludePad: false), A(1, 2, 6));
        yield return Case("avg_pool2d ceil include pad", "AvgPool2DBackward0", x => F.AvgPool2d(x[0], 3, 2, 1, ceilMode: true), A(1, 2, 6, 5));
        yield return Case("avg_pool2d tuple exclude pad", "AvgPool2DBackward0", x => F.AvgPool2d(x[0], (2, 3), (1, 2), (1, 1), countIncludePad: false), A(1, 2, 4, 5));
        yield return Case("avg_pool2d divisor override", "AvgPool2DBackward0", x => F.AvgPool2d(x[0], 2, divisorOverride: 3), A(2, 1, 4, 4));
        yield return Case("adaptive_max_pool2d", "AdaptiveMaxPool2DBackward0", x => F.AdaptiveMaxPool2d(x[0], (2, 3)), A(2, 2, 5, 7));
        yield return Case("adaptive_max_pool2d unbatched", "AdaptiveMaxPool2DBackward0", x => F.AdaptiveMaxPool2d(x[0], 3), A(2, 4, 4));

        yield return Case("upsample nearest2d scale", "UpsampleNearest2DBackward0", x => F.Interpolate(x[0], scaleFactor: 2), A(1, 2, 2, 3));
        yield return Case("upsample nearest2d size", "UpsampleNearest2DBackward0", x => F.Interpolate(x[0], size: [3, 5]), A(2, 1, 2, 3));
        yield return Case("upsample nearest1d", "UpsampleNearest1DBackward0", x => F.Interpolate(x[0], scaleFactor: 1.5), A(1, 2, 4));
        yield return Case("upsample linear1d", "UpsampleLinear1DBackward0", x => F.Interpolate(x[0], size: 7, mode: "linear"), A(1, 2, 3));
        yield return Case("upsample linear1d align corners", "UpsampleLinear1DBackward0", x => F.Interpolate(x[0], scaleFactor: 2, mode: "linear", alignCorners: true), A(2, 1, 3));
        yield return Case("upsample bilinear2d", "UpsampleBilinear2DBackward0", x => F.Interpolate(x[0], scaleFactor: [2, 1.5], mode: "bilinear"), A(1, 2, 3, 2));
        yield return Case("upsample bilinear2d align corners", "UpsampleBilinear2DBackward0",
            x => F.Interpolate(x[0], size: [4, 5], mode: "bilinear", alignCorners: true), A(1, 1, 3, 3));
        yield return Case("upsample bilinear2d downsample", "UpsampleBilinear2DBackward0", x => F.Interpolate(x[0], size: [2, 3], mode: "bilinear"), A(1, 2, 5, 4));
    }
}
