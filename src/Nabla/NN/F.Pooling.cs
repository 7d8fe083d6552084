using Nabla.Kernels;

namespace Nabla.NN;

// 2-d pooling over the last two dims of [N, C, H, W] or [C, H, W] inputs (floor mode). Max pooling
// routes gradients by its saved indices; average pooling's backward is its adjoint, itself an op.
public static partial class F
{
    /// <summary>
    /// The maximum of each <paramref name="kernelSize"/>² window every <paramref name="stride"/>
    /// (default: the kernel size), over the input padded by <paramref name="padding"/> with -∞, like
    /// <c>F.max_pool2d</c> (node <c>MaxPool2DWithIndicesBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a rank other than 3 or 4, padding above half the kernel, or an output of size 0.</exception>
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0)
    {
        var windows = CheckPool(input, kernelSize, stride ?? kernelSize, padding, "max_pool2d");
        var (values, indices) = Pool2dKernels.Max(Dense(input), windows);
        return values.Record("MaxPool2DWithIndicesBackward0", static (n, g) => [MaxPoolBackward(g, n.Saved(0), n.InputShape(0))], [input], [indices]);
    }

    // The gradient goes to the element each window picked: a scatter-add into each plane, whose own
    // backward (a gather) makes the rule differentiable.
    private static Tensor MaxPoolBackward(Tensor grad, Tensor indices, int[] inputShape)
    {
        int rank = inputShape.Length;
        int[] planes = [.. inputShape[..^2], -1];
        return grad.Reshape(planes).ScatterAddInto([.. inputShape[..^2], inputShape[rank - 2] * inputShape[rank - 1]], rank - 2, indices.Reshape(planes))
            .View(inputShape);
    }

    /// <summary>
    /// The mean of each <paramref name="kernelSize"/>² window every <paramref name="stride"/> (default:
    /// the kernel size), counting zero padding in the mean (PyTorch's default <c>count_include_pad=True</c>),
    /// like <c>F.avg_pool2d</c> (node <c>AvgPool2DBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a rank other than 3 or 4, padding above half the kernel, or an output of size 0.</exception>
    public static Tensor AvgPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0)
    {
        var windows = CheckPool(input, kernelSize, stride ?? kernelSize, padding, "avg_pool2d");
        return AveragePool(input, windows, kernelSize * kernelSize, "AvgPool2DBackward0");
    }

    /// <summary>
    /// Average pooling to an <paramref name="outputSize"/>² output whatever the input size, like
    /// <c>F.adaptive_avg_pool2d</c> (node <c>AdaptiveAvgPool2DBackward0</c>): output i covers input
    /// rows ⌊i·H/out⌋ to ⌈(i+1)·H/out⌉, and likewise columns.
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, int outputSize) => AdaptiveAvgPool2d(input, (outputSize, outputSize));

    /// <summary>Adaptive average pooling to an output of <paramref name="outputSize"/> (height, width), like <c>F.adaptive_avg_pool2d(x, (h, w))</c>.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, (int Height, int Width) outputSize)
    {
        CheckPoolInput(input, "adaptive_avg_pool2d");
        if (outputSize.Height < 1 || outputSize.Width < 1)
            throw new ArgumentException($"adaptive_avg_pool2d: output size must be positive, but got ({outputSize.Height}, {outputSize.Width})");
        var windows = PoolWindows.Adaptive(input.Size(-2), input.Size(-1), outputSize.Height, outputSize.Width);
        return AveragePool(input, windows, null, "AdaptiveAvgPool2DBackward0");
    }

    /// <summary>Average pooling recorded as <paramref name="name"/>; its rule is the adjoint, itself recorded so that it can be differentiated.</summary>
    private static Tensor AveragePool(Tensor input, PoolWindows windows, int? divisor, string name)
        => Pool2dKernels.Average(Dense(input), windows, divisor)
            .Record(name, (n, g) => [AveragePoolBackward(g, n.InputShape(0), windows, divisor, name)], [input]);   // dx = adjoint of the window means

    // The adjoint is linear in G, and its own adjoint is the pooling again.
    private static Tensor AveragePoolBackward(Tensor grad, int[] inputShape, PoolWindows windows, int? divisor, string name)
        => Pool2dKernels.AverageBackward(Dense(grad), inputShape, windows, divisor)
            .Record(name.Replace("Backward0", "BackwardBackward0"), (n, g) => [AveragePool(g, windows, divisor, name)], [grad]);

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
