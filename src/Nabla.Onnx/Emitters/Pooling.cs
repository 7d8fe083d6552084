using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// 2-d pooling (floor mode, as Nabla's): MaxPool, AveragePool counting the zero padding (Nabla's
/// avg_pool2d divides by the full window), and adaptive average pooling where ONNX can express it.
/// An unbatched [C, H, W] input is pooled as a batch of one.
/// </summary>
internal static class Pooling
{
    /// <summary>max_pool2d (<c>Args</c>: its <see cref="PoolKernel"/>).</summary>
    public static readonly OpMapping MaxPool = new(c => Pool(c, "MaxPool", Window(c.Args<PoolKernel>())));

    /// <summary>avg_pool2d and adaptive_avg_pool2d (<c>Args</c>: <see cref="AveragePoolArgs"/>).</summary>
    public static readonly OpMapping AveragePool = new(c =>
    {
        var a = c.Args<AveragePoolArgs>();
        if (!a.Adaptive) Pool(c, "AveragePool", [.. Window(a.Kernel!.Value), OnnxAttribute.Of("count_include_pad", 1L)]);
        else if (a.Windows is { OH: 1, OW: 1 }) Pool(c, "GlobalAveragePool", []);
        else if (a.Windows.H % a.Windows.OH == 0 && a.Windows.W % a.Windows.OW == 0)
        {
            // Equal windows that tile the input: an ordinary average pooling.
            long kh = a.Windows.H / a.Windows.OH, kw = a.Windows.W / a.Windows.OW;
            Pool(c, "AveragePool", [OnnxAttribute.Of("kernel_shape", kh, kw), OnnxAttribute.Of("strides", kh, kw)]);
        }
        else
            throw c.Unsupported($"pools an input of {a.Windows.H}x{a.Windows.W} to {a.Windows.OH}x{a.Windows.OW}: ONNX's AveragePool has no " +
                "adaptive windows, so the output size must divide the input size (or be 1x1, GlobalAveragePool).");
    });

    private static OnnxAttribute[] Window(PoolKernel k) =>
    [
        OnnxAttribute.Of("kernel_shape", k.Size, k.Size),
        OnnxAttribute.Of("strides", k.Stride, k.Stride),
        OnnxAttribute.Of("pads", k.Padding, k.Padding, k.Padding, k.Padding),
    ];

    private static void Pool(EmitContext c, string onnxOp, OnnxAttribute[] attributes)
    {
        string x = c.Input(0, c.ResultType);
        bool unbatched = c.InputTensor(0).Dim == 3;
        if (unbatched) x = c.Node("Unsqueeze", [x, c.Ints(0)]);
        string y = c.Node(onnxOp, [x], attributes);
        c.Bind(unbatched ? c.Node("Squeeze", [y, c.Ints(0)]) : y);
    }
}
