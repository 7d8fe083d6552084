namespace Nabla.NN;

// 2-d pooling over the last two dims of [N, C, H, W] or [C, H, W] inputs (the ops live in Ops/NN.Pooling.cs).
public static partial class F
{
    /// <summary>
    /// The maximum of each <paramref name="kernelSize"/>² window every <paramref name="stride"/>
    /// (default: the kernel size), over the input padded by <paramref name="padding"/> with -∞, like
    /// <c>F.max_pool2d</c> (node <c>MaxPool2DWithIndicesBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a rank other than 3 or 4, padding above half the kernel, or an output of size 0.</exception>
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0)
        => NNOps.MaxPool2d(input, kernelSize, stride ?? kernelSize, padding);

    /// <summary>
    /// The mean of each <paramref name="kernelSize"/>² window every <paramref name="stride"/> (default:
    /// the kernel size), counting zero padding in the mean (PyTorch's default <c>count_include_pad=True</c>),
    /// like <c>F.avg_pool2d</c> (node <c>AvgPool2DBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a rank other than 3 or 4, padding above half the kernel, or an output of size 0.</exception>
    public static Tensor AvgPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0)
        => NNOps.AvgPool2d(input, kernelSize, stride ?? kernelSize, padding);

    /// <summary>
    /// Average pooling to an <paramref name="outputSize"/>² output whatever the input size, like
    /// <c>F.adaptive_avg_pool2d</c> (node <c>AdaptiveAvgPool2DBackward0</c>): output i covers input
    /// rows ⌊i·H/out⌋ to ⌈(i+1)·H/out⌉, and likewise columns.
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, int outputSize) => AdaptiveAvgPool2d(input, (outputSize, outputSize));

    /// <summary>Adaptive average pooling to an output of <paramref name="outputSize"/> (height, width), like <c>F.adaptive_avg_pool2d(x, (h, w))</c>.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, (int Height, int Width) outputSize) => NNOps.AdaptiveAvgPool2d(input, outputSize);
}
