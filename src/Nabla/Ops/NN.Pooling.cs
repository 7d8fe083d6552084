using Nabla.Kernels;

namespace Nabla;

// 2-d pooling (floor mode). Max pooling routes gradients by its saved indices; average pooling's
// backward is its adjoint, itself an op whose own backward is the pooling again.
internal static partial class NNOps
{
    /// <summary>max_pool2d (node <c>MaxPool2DWithIndicesBackward0</c>).</summary>
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int stride, int padding)
    {
        var windows = CheckPool(input, kernelSize, stride, padding, "max_pool2d");
        var (values, indices) = Pool2dKernels.Max(Dense(input), windows);
        return Derivatives.MaxPool2d.Record(values, [input], new PoolKernel(kernelSize, stride, padding), (Slot.Indices, indices));
    }

    /// <summary>avg_pool2d counting zero padding in the mean (node <c>AvgPool2DBackward0</c>).</summary>
    public static Tensor AvgPool2d(Tensor input, int kernelSize, int stride, int padding)
    {
        var windows = CheckPool(input, kernelSize, stride, padding, "avg_pool2d");
        return AveragePool(input, new AveragePoolArgs(windows, kernelSize * kernelSize, Adaptive: false, new PoolKernel(kernelSize, stride, padding)));
    }

    /// <summary>adaptive_avg_pool2d to an output of <paramref name="outputSize"/> (node <c>AdaptiveAvgPool2DBackward0</c>).</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, (int Height, int Width) outputSize)
    {
        CheckPoolInput(input, "adaptive_avg_pool2d");
        if (outputSize.Height < 1 || outputSize.Width < 1)
            throw new ArgumentException($"adaptive_avg_pool2d: output size must be positive, but got ({outputSize.Height}, {outputSize.Width})");
        var windows = PoolWindows.Adaptive(input.Size(-2), input.Size(-1), outputSize.Height, outputSize.Width);
        return AveragePool(input, new AveragePoolArgs(windows, null, Adaptive: true));
    }

    /// <summary>The window means, recorded as average or adaptive average pooling.</summary>
    public static Tensor AveragePool(Tensor input, AveragePoolArgs a)
        => (a.Adaptive ? Derivatives.AdaptiveAvgPool2d : Derivatives.AvgPool2d).Record(Pool2dKernels.Average(Dense(input), a.Windows, a.Divisor), [input], a);

    /// <summary>The adjoint of the window means (average pooling's backward), linear in the gradient.</summary>
    public static Tensor AveragePoolBackward(Tensor grad, int[] inputShape, AveragePoolArgs a)
        => (a.Adaptive ? Derivatives.AdaptiveAvgPool2dBackward : Derivatives.AvgPool2dBackward)
            .Record(Pool2dKernels.AverageBackward(Dense(grad), inputShape, a.Windows, a.Divisor), [grad], a);

    private static PoolWindows CheckPool(Tensor input, int kernelSize, int stride, int padding, string op)
    {
        CheckPoolInput(input, op);
        if (kernelSize < 1 || stride < 1)
            throw new ArgumentException($"{op}: kernel size and stride must be greater than zero, but got kernel_size={kernelSize}, stride={stride}");
        if (padding < 0 || padding > kernelSize / 2)
            throw new ArgumentException($"{op}: pad should be at most half of effective kernel size, but got pad={padding}, kernel_size={kernelSize} and dilation=1");
        int h = input.Size(-2), w = input.Size(-1);
        int outH = PoolWindows.OutSize(h, kernelSize, stride, padding), outW = PoolWindows.OutSize(w, kernelSize, stride, padding);
        if (h + 2 * padding < kernelSize || w + 2 * padding < kernelSize || outH < 1 || outW < 1)
            throw new ArgumentException($"{op}: Given input size: ({string.Join("x", input.Shape.AsSpan()[^3..].ToArray())}). Calculated output size: ({input.Size(-3)}x{outH}x{outW}). Output size is too small");
        return PoolWindows.Sliding(h, w, kernelSize, stride, padding);
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
/// An average pooling's windows and divisor (null: each window's own size), whether it is the adaptive
/// kind (its node name), and for the sliding kind the kernel it was asked for (an exporter reads it).
/// </summary>
internal sealed record AveragePoolArgs(PoolWindows Windows, int? Divisor, bool Adaptive, PoolKernel? Kernel = null);

/// <summary>A sliding pooling's square kernel, stride and zero padding, as the caller gave them (the op's arguments, for the ONNX exporter).</summary>
internal readonly record struct PoolKernel(int Size, int Stride, int Padding);
