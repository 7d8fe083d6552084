using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// 2-d pooling (and 1-d pooling, which is 2-d pooling of a height of 1): MaxPool and AveragePool;
/// adaptive pooling is <see cref="AdaptivePooling"/>. An unbatched [C, H, W] input is pooled as a batch of one.
/// PyTorch's ceil mode is written as explicit end padding that makes room for exactly the windows PyTorch
/// keeps (the last one must start inside the input or the left padding), so no runtime's own ceil rule is relied on.
/// </summary>
internal static class Pooling
{
    /// <summary>max_pool2d (<c>Args</c>: its <see cref="PoolKernel"/>): the end padding counts as -∞, as PyTorch's clipped windows do.</summary>
    public static readonly OpMapping MaxPool = new(c =>
    {
        var k = c.Args<PoolKernel>();
        c.Bind(Pool(c, "MaxPool", [.. Window(k, EndPadding(c, k))]));
    });

    /// <summary>
    /// avg_pool2d and adaptive_avg_pool2d (<c>Args</c>: <see cref="AveragePoolArgs"/>). AveragePool where its divisor
    /// is PyTorch's; where it is not (a divisor_override, or a ceil-mode window past the right padding, which PyTorch
    /// divides by its part inside the padded input) the window sums (Conv with a kernel of ones per channel) are divided
    /// by the op's own divisors.
    /// </summary>
    public static readonly OpMapping AveragePool = new(c =>
    {
        var a = c.Args<AveragePoolArgs>();
        if (a.Adaptive)
        {
            AdaptivePooling.Emit(c, "Average");
            return;
        }
        var k = a.Kernel!.Value;
        var end = EndPadding(c, k);
        bool pastPadding = end.H > k.Padding.H || end.W > k.Padding.W;
        if (k.DivisorOverride is null && !(pastPadding && k.CountIncludePad))
            c.Bind(Pool(c, "AveragePool", [.. Window(k, end), OnnxAttribute.Of("count_include_pad", k.CountIncludePad ? 1L : 0L)]));
        else
            c.Bind(SumsOverDivisors(c, k, end, a.Divisors));
    });

    /// <summary>The ONNX pooling <paramref name="onnxOp"/> of input 0 (with <paramref name="extraInputs"/>), an unbatched input as a batch of one; returns its output.</summary>
    public static string Pool(EmitContext c, string onnxOp, OnnxAttribute[] attributes, params string[] extraInputs)
    {
        string x = c.Input(0, c.ResultType);
        bool unbatched = c.InputTensor(0).Dim == 3;
        if (unbatched) x = c.Node("Unsqueeze", [x, c.Ints(0)]);
        string y = c.Node(onnxOp, [x, .. extraInputs], attributes);
        return unbatched ? c.Node("Squeeze", [y, c.Ints(0)]) : y;
    }

    // The padding after the input that gives the result's size with ceil_mode 0: the kernel's own, or more where ceil mode
    // kept a last window that runs past it. (OH - 1)·stride + kernel = H + begin + end; never less than the kernel's padding.
    private static (int H, int W) EndPadding(EmitContext c, PoolKernel k)
    {
        var (input, result) = (c.InputTensor(0), c.Result());
        int End(int size, int outSize, int kernel, int stride, int padding) => Math.Max(padding, (outSize - 1) * stride + kernel - size - padding);
        return (End(input.Size(-2), result.Size(-2), k.Size.H, k.Stride.H, k.Padding.H), End(input.Size(-1), result.Size(-1), k.Size.W, k.Stride.W, k.Padding.W));
    }

    private static OnnxAttribute[] Window(PoolKernel k, (int H, int W) end) =>
    [
        OnnxAttribute.Of("kernel_shape", k.Size.H, k.Size.W),
        OnnxAttribute.Of("strides", k.Stride.H, k.Stride.W),
        OnnxAttribute.Of("pads", k.Padding.H, k.Padding.W, end.H, end.W),   // begin H, begin W, end H, end W
    ];

    // Σ over each window (a depthwise Conv whose weight is ones: the padding adds zeros) over the op's divisor of each output position.
    private static string SumsOverDivisors(EmitContext c, PoolKernel k, (int H, int W) end, int[] divisors)
    {
        var result = c.Result();
        int channels = c.InputTensor(0).Size(-3);
        string ones = c.Constant(Tensor.Ones([channels, 1, k.Size.H, k.Size.W], c.ResultType));
        string sums = Pool(c, "Conv", [.. Window(k, end), OnnxAttribute.Of("group", (long)channels)], ones);
        var divisor = Tensor.FromArray(divisors.Select(d => (double)d).ToArray(), [result.Size(-2), result.Size(-1)]).To(c.ResultType);
        return c.Node("Div", [sums, c.Constant(divisor)]);
    }
}
