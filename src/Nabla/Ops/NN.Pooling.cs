using Nabla.Kernels;

namespace Nabla;

// 2-d pooling. Max pooling routes gradients by its saved indices; average pooling's backward is its
// adjoint, itself an op whose own backward is the pooling again. 1-d pooling is the 2-d pooling of
// the input with a height of 1 (unsqueeze, pool, squeeze), as PyTorch composes it (NN.Pooling1d.cs).
internal static partial class NNOps
{
    /// <summary>max_pool2d_with_indices (node <c>MaxPool2DWithIndicesBackward0</c>): the values and their flat indices h·W + w in each plane.</summary>
    public static (Tensor Output, Tensor Indices) MaxPool2d(Tensor input, PoolKernel k, string op = "max_pool2d")
    {
        var windows = CheckPool(input, k, op);
        var (values, indices) = Pool2dKernels.Max(Dense(input), windows);
        return (Derivatives.MaxPool2d.Record(values, [input], k, (Slot.Indices, indices)), indices);
    }

    /// <summary>avg_pool2d (node <c>AvgPool2DBackward0</c>).</summary>
    public static Tensor AvgPool2d(Tensor input, PoolKernel k, int? divisorOverride, string op = "avg_pool2d")
    {
        var windows = CheckPool(input, k, op);
        k = k with { DivisorOverride = divisorOverride };
        if (divisorOverride is 0)
            throw new ArgumentException($"{op}: divisor must be not zero (got divisor_override={divisorOverride})", nameof(divisorOverride));
        int[] divisors = divisorOverride is { } d ? Enumerable.Repeat(d, windows.OH * windows.OW).ToArray() : windows.Divisors(k.CountIncludePad);
        return AveragePool(input, new AveragePoolArgs(windows, divisors, Adaptive: false, k));
    }

    /// <summary>adaptive_avg_pool2d to an output of <paramref name="outputSize"/> (node <c>AdaptiveAvgPool2DBackward0</c>).</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, (int Height, int Width) outputSize)
    {
        var windows = CheckAdaptivePool(input, outputSize, "adaptive_avg_pool2d");
        // As PyTorch: one output per plane is the mean over height and width (MeanBackward1).
        if (outputSize == (1, 1)) return input.Mean([-1, -2], keepDim: true);
        return AveragePool(input, new AveragePoolArgs(windows, windows.Divisors(countPadding: false), Adaptive: true));
    }

    /// <summary>adaptive_max_pool2d (node <c>AdaptiveMaxPool2DBackward0</c>): the maximum of each adaptive window and its flat index.</summary>
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool2d(Tensor input, (int Height, int Width) outputSize)
    {
        var windows = CheckAdaptivePool(input, outputSize, "adaptive_max_pool2d");
        var (values, indices) = Pool2dKernels.Max(Dense(input), windows);
        return (Derivatives.AdaptiveMaxPool2d.Record(values, [input], default, (Slot.Indices, indices)), indices);
    }

    /// <summary>The window means, recorded as average or adaptive average pooling.</summary>
    public static Tensor AveragePool(Tensor input, AveragePoolArgs a)
        => (a.Adaptive ? Derivatives.AdaptiveAvgPool2d : Derivatives.AvgPool2d).Record(Pool2dKernels.Average(Dense(input), a.Windows, a.Divisors), [input], a);

    /// <summary>The adjoint of the window means (average pooling's backward), linear in the gradient.</summary>
    public static Tensor AveragePoolBackward(Tensor grad, int[] inputShape, AveragePoolArgs a)
        => (a.Adaptive ? Derivatives.AdaptiveAvgPool2dBackward : Derivatives.AvgPool2dBackward)
            .Record(Pool2dKernels.AverageBackward(Dense(grad), inputShape, a.Windows, a.Divisors), [grad], a);

    private static PoolWindows CheckPool(Tensor input, PoolKernel k, string op)
    {
        CheckPoolInput(input, op);
        if (k.Size.H < 1 || k.Size.W < 1 || k.Stride.H < 1 || k.Stride.W < 1)
            throw new ArgumentException($"{op}: kernel size and stride must be greater than zero, but got kernel_size={k.Size}, stride={k.Stride}");
        if (k.Padding.H < 0 || k.Padding.W < 0 || k.Padding.H > k.Size.H / 2 || k.Padding.W > k.Size.W / 2)
            throw new ArgumentException($"{op}: pad should be at most half of effective kernel size, but got pad={k.Padding}, kernel_size={k.Size} and dilation=1");
        int h = input.Size(-2), w = input.Size(-1);
        int outH = PoolWindows.OutSize(h, k.Size.H, k.Stride.H, k.Padding.H, k.CeilMode), outW = PoolWindows.OutSize(w, k.Size.W, k.Stride.W, k.Padding.W, k.CeilMode);
        if (outH < 1 || outW < 1)
            throw new ArgumentException($"{op}: Given input size: ({string.Join("x", input.Shape.AsSpan()[^3..].ToArray())}). Calculated output size: ({input.Size(-3)}x{outH}x{outW}). Output size is too small");
        return PoolWindows.Sliding(h, w, k.Size, k.Stride, k.Padding, k.CeilMode);
    }

    private static PoolWindows CheckAdaptivePool(Tensor input, (int Height, int Width) outputSize, string op)
    {
        CheckPoolInput(input, op);
        if (outputSize.Height < 1 || outputSize.Width < 1)
            throw new ArgumentException($"{op}: output size must be positive, but got ({outputSize.Height}, {outputSize.Width})");
        if (input.Size(-2) == 0 || input.Size(-1) == 0)
            throw new ArgumentException($"{op}: Expected input to have non-zero size for non-batch dimensions, but input has sizes {input.Shape} with dimension {input.Dim - (input.Size(-2) == 0 ? 2 : 1)} being empty");
        return PoolWindows.Adaptive(input.Size(-2), input.Size(-1), outputSize.Height, outputSize.Width);
    }

    private static void CheckPoolInput(Tensor input, string op)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim is not (3 or 4))
            throw new ArgumentException($"{op}: Expected 3D or 4D (batch mode) tensor for input, but got input of size: {input.Shape}");
        CheckFloating(input, op);
    }
}

/// <summary>
/// An average pooling's windows and divisors (one per output position), whether it is the adaptive
/// kind (its node name), and for the sliding kind the kernel it was asked for (an exporter reads it).
/// </summary>
internal sealed record AveragePoolArgs(PoolWindows Windows, int[] Divisors, bool Adaptive, PoolKernel? Kernel = null);

/// <summary>
/// A sliding pooling's kernel, stride and padding (height, width), ceil mode and, for average pooling,
/// whether the padding counts in the mean: the op's arguments as the caller gave them (the ONNX exporter reads them).
/// </summary>
internal readonly record struct PoolKernel((int H, int W) Size, (int H, int W) Stride, (int H, int W) Padding, bool CeilMode = false, bool CountIncludePad = true,
    int? DivisorOverride = null);
