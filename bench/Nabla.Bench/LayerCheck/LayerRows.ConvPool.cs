using Nabla.NN;
using TorchSharp;
using Tnn = TorchSharp.torch.nn;
using L = Nabla.Bench.LayerRow;

namespace Nabla.Bench;

internal static partial class LayerRows
{
    // Convolutions beyond Conv2d's basics, pooling with ceil_mode, adaptive max pooling, upsampling.
    private static IEnumerable<LayerRow> ConvolutionAndPooling()
    {
        yield return One("Conv1d stride=2 padding=1", X(2, 3, 9), () => new Conv1d(3, 4, 3, stride: 2, padding: 1), () => Tnn.Conv1d(3, 4, 3, stride: 2, padding: 1));
        yield return One("Conv1d padding=same dilation=2 groups=2", X(2, 4, 9), () => new Conv1d(4, 6, 4, padding: "same", dilation: 2, groups: 2),
            () => Tnn.Conv1d(4, 6, 4, Padding.Same, dilation: 2, groups: 2));
        yield return One("Conv2d padding=same", X(2, 3, 6, 6), () => new Conv2d(3, 4, 3, padding: "same"), () => Tnn.Conv2d(3, 4, 3, Padding.Same));
        yield return One("Conv2d padding=same kernel=(4,3) dilation=2 no bias", X(1, 2, 7, 6), () => new Conv2d(2, 3, (4, 3), padding: "same", dilation: 2, bias: false),
            () => Tnn.Conv2d(2, 3, (4, 3), Padding.Same, dilation: (2, 2), bias: false));
        yield return One("ConvTranspose1d", X(2, 3, 5), () => new ConvTranspose1d(3, 4, 3), () => Tnn.ConvTranspose1d(3, 4, 3));
        yield return One("ConvTranspose1d stride=2 padding=1 output_padding=1 groups=2 dilation=2", X(2, 4, 5),
            () => new ConvTranspose1d(4, 6, 3, stride: 2, padding: 1, outputPadding: 1, groups: 2, dilation: 2),
            () => Tnn.ConvTranspose1d(4, 6, 3, stride: 2, padding: 1, output_padding: 1, dilation: 2, groups: 2));
        yield return One("ConvTranspose2d stride=2 padding=1 output_padding=1 groups=2", X(2, 4, 4, 3),
            () => new ConvTranspose2d(4, 6, 3, stride: 2, padding: 1, outputPadding: 1, groups: 2),
            () => Tnn.ConvTranspose2d(4, 6, 3, stride: 2, padding: 1, output_padding: 1, groups: 2));
        yield return L.Of("ConvTranspose2d kernel=(3,2) stride=(2,3) output_padding=(1,2) dilation=2 no bias", [X(1, 2, 3, 4)],
            () => new ConvTranspose2d(2, 3, (3, 2), stride: (2, 3), outputPadding: (1, 2), dilation: 2, bias: false),
            () => Tnn.ConvTranspose2d(2, 3, (3, 2), stride: (2, 3), output_padding: (1, 2), dilation: (2, 2), bias: false), (m, x) => [m.Forward(x[0])],
            (m, x) => [Tnn.functional.conv_transpose2d(x[0], m.weight, null, [2, 3], [0, 0], [1, 2], [2, 2])]);   // TorchSharp's module gives width 13, not 14: its output_padding (1, 2) is lost
        yield return One("MaxPool1d stride=2 padding=1", X(2, 3, 8), () => new MaxPool1d(3, stride: 2, padding: 1), () => Tnn.MaxPool1d(3, stride: 2, padding: 1));
        yield return One("MaxPool1d ceil_mode", X(2, 3, 8), () => new MaxPool1d(3, stride: 2, ceilMode: true), () => Tnn.MaxPool1d(3, stride: 2, ceil_mode: true));
        yield return One("AvgPool1d", X(2, 3, 8), () => new AvgPool1d(2), () => Tnn.AvgPool1d(2));
        yield return One("AvgPool1d padding=1 ceil_mode count_include_pad=False", X(2, 3, 8), () => new AvgPool1d(3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false),
            () => Tnn.AvgPool1d(3, stride: 2, padding: 1, ceil_mode: true, count_include_pad: false));
        yield return One("MaxPool2d ceil_mode", X(1, 2, 6, 6), () => new MaxPool2d(3, stride: 2, ceilMode: true), () => Tnn.MaxPool2d(3, stride: 2, ceil_mode: true));
        yield return One("AvgPool2d padding=1 ceil_mode", X(1, 2, 6, 6), () => new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true),
            () => Tnn.AvgPool2d(3, stride: 2, padding: 1, ceil_mode: true));
        yield return One("AvgPool2d ceil_mode count_include_pad=False", X(1, 2, 7, 6), () => new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false),
            () => Tnn.AvgPool2d(3, stride: 2, padding: 1, ceil_mode: true, count_include_pad: false));
        yield return One("AdaptiveMaxPool2d (3, 2)", X(2, 3, 7, 5), () => new AdaptiveMaxPool2d((3, 2)), () => Tnn.AdaptiveMaxPool2d([3L, 2L]));
        yield return One("Upsample nearest scale_factor=2", X(1, 2, 3, 4), () => new Upsample(2.0), () => Tnn.Upsample(scale_factor: [2.0, 2.0]));
        yield return One("Upsample nearest size=(5, 7)", X(1, 2, 3, 4), () => new Upsample([5, 7]), () => Tnn.Upsample(size: [5L, 7L]));
        yield return One("Upsample bilinear size=(5, 7)", X(1, 2, 3, 4), () => new Upsample([5, 7], mode: "bilinear"),
            () => Tnn.Upsample(size: [5L, 7L], mode: torch.UpsampleMode.Bilinear, align_corners: false));
        yield return One("Upsample bilinear align_corners scale_factor=2", X(1, 2, 3, 4), () => new Upsample(2.0, mode: "bilinear", alignCorners: true),
            () => Tnn.Upsample(scale_factor: [2.0, 2.0], mode: torch.UpsampleMode.Bilinear, align_corners: true));
    }
}
