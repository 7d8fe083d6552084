using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// F.interpolate (upsample_nearest1d/2d, upsample_linear1d, upsample_bilinear2d; <c>Args</c>: <see cref="ResampleArgs"/>)
/// as Resize, with the attributes under which ONNX Runtime picks PyTorch's source positions:
/// nearest is "asymmetric" + "floor" (source ⌊i/scale⌋); linear is "align_corners", or else "half_pixel"
/// (source (i + ½)/scale - ½ clamped at 0: PyTorch's rule for every output size, where "pytorch_half_pixel"
/// would read position 0 for an output of size 1). The scale is the caller's scale factor when one was given
/// (Resize's scales input), else out/in (its sizes input, over the spatial axes only, so the batch may vary).
/// A 1-d input [N, C, L] is resized as [N, C, 1, L], the form every runtime's linear mode takes.
/// </summary>
internal static class Resampling
{
    public static readonly OpMapping Resize = new(c =>
    {
        var a = c.Args<ResampleArgs>();
        bool oneD = c.InputTensor(0).Dim == 3, nearest = a.Mode == "nearest";
        string x = c.Input(0, c.ResultType);
        if (oneD) x = c.Node("Unsqueeze", [x, c.Ints(2)]);
        long[] sizes = [a.Rows.OutSize, a.Cols.OutSize];   // a 1-d input's rows are the identity axis of size 1
        string[] inputs = a.ScaleFactors is { } factors
            ? [x, "", c.Constant(Tensor.FromArray(Scales(factors, oneD)))]
            : [x, "", "", c.Ints(sizes)];
        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Of("mode", nearest ? "nearest" : "linear"),
            OnnxAttribute.Of("coordinate_transformation_mode", nearest ? "asymmetric" : a.AlignCorners ? "align_corners" : "half_pixel"),
        };
        if (nearest) attributes.Add(OnnxAttribute.Of("nearest_mode", "floor"));
        if (a.ScaleFactors is null) attributes.Add(OnnxAttribute.Of("axes", 2L, 3L));   // sizes of H and W; N and C keep theirs
        string y = c.Node("Resize", inputs, [.. attributes]);
        c.Bind(oneD ? c.Node("Squeeze", [y, c.Ints(2)]) : y);
    });

    // Resize's scales for [N, C, H, W]: 1 for the batch and channels (and a 1-d input's added height), then the factors.
    private static float[] Scales(double[] factors, bool oneD)
        => oneD ? [1f, 1f, 1f, (float)factors[0]] : [1f, 1f, (float)factors[0], (float)factors[1]];
}
