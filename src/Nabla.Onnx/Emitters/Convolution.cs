using Nabla.Kernels;
using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>conv2d (inputs [input, weight, bias?], <c>Args</c>: its <see cref="ConvGeometry"/>) as Conv.</summary>
internal static class Convolution
{
    public static readonly OpMapping Conv = new(c =>
    {
        var g = c.Args<ConvGeometry>();
        c.Bind(c.Node("Conv", c.GivenInputs(c.ResultType),
            OnnxAttribute.Of("kernel_shape", g.KH, g.KW),
            OnnxAttribute.Of("strides", g.Stride, g.Stride),
            OnnxAttribute.Of("pads", g.Padding, g.Padding, g.Padding, g.Padding),   // begin H, begin W, end H, end W
            OnnxAttribute.Of("dilations", g.Dilation, g.Dilation),
            OnnxAttribute.Of("group", (long)g.Groups)));
    });
}
