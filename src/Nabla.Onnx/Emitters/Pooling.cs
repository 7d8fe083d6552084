using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// 2-d pooling: MaxPool, AveragePool (with PyTorch's ceil_mode and count_include_pad), and adaptive
/// average pooling where ONNX can express it.
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
        if (a.Kernel?.DivisorOverride is { } divisor)
            throw c.Unsupported($"divides by divisor_override={divisor}: ONNX's AveragePool has no divisor override.");
        if (!a.Adaptive) Pool(c, "AveragePool", [.. Window(a.Kernel!.Value), OnnxAttribute.Of("count_include_pad", a.Kernel.Value.CountIncludePad ? 1L : 0L)]);
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
        OnnxAttribute.Of("kernel_shape", k.Size.H, k.Size.W),
        OnnxAttribute.Of("strides", k.Stride.H, k.Stride.W),
        OnnxAttribute.Of("pads", k.Padding.H, k.Padding.W, k.Padding.H, k.Padding.W),   // begin H, begin W, end H, end W
        OnnxAttribute.Of("ceil_mode", k.CeilMode ? 1L : 0L),
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
