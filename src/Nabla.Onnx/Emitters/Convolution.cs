using Nabla.Kernels;
using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// conv1d / conv2d as Conv and conv_transpose1d / conv_transpose2d as ConvTranspose (inputs [input,
/// weight, bias?], <c>Args</c>: the <see cref="ConvGeometry"/> of the convolution, which a transposed
/// one is the input gradient of).
/// </summary>
internal static class Convolution
{
    public static readonly OpMapping Conv = new(c =>
    {
        var g = c.Args<ConvGeometry>();
        bool twoD = g.SpatialDims == 2;
        long[] Sizes((int H, int W) pair) => twoD ? [pair.H, pair.W] : [pair.W];
        long[] pads = twoD ? [g.Padding.H, g.Padding.W, g.Padding.H, g.Padding.W] : [g.Padding.W, g.Padding.W];   // all begins, then all ends
        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Of("kernel_shape", Sizes((g.KH, g.KW))),
            OnnxAttribute.Of("strides", Sizes(g.Stride)),
            OnnxAttribute.Of("pads", pads),
            OnnxAttribute.Of("dilations", Sizes(g.Dilation)),
            OnnxAttribute.Of("group", (long)g.Groups),
        };
        if (g.Transposed) attributes.Add(OnnxAttribute.Of("output_padding", Sizes(g.OutputPadding)));
        c.Bind(c.Node(g.Transposed ? "ConvTranspose" : "Conv", c.GivenInputs(c.ResultType), [.. attributes]));
    });
}
