namespace Nabla.NN;

// Pooling: 2-d over the last two dims of [N, C, H, W] or [C, H, W] inputs, 1-d over the last dim of
// [N, C, L] or [C, L] inputs (the ops live in Ops/NN.Pooling.cs and Ops/NN.Pooling1d.cs).
public static partial class F
{
    /// <summary>
    /// The maximum of each <paramref name="kernelSize"/> window every <paramref name="stride"/> (default:
    /// the kernel size), over the input padded by <paramref name="padding"/> with -∞, like
    /// <c>F.max_pool2d</c> (node <c>MaxPool2DWithIndicesBackward0</c>). Sizes are an int or a (height, width)
    /// tuple; <paramref name="ceilMode"/> rounds the output size up (a last window may hang over the end,
    /// but starts inside the input or the left padding).
    /// </summary>
    /// <exception cref="ArgumentException">For a rank other than 3 or 4, padding above half the kernel, or an output of size 0.</exception>
    public static Tensor MaxPool2d(Tensor input, Size2d kernelSize, Size2d? stride = null, Size2d padding = default, bool ceilMode = false)
        => MaxPool2dWithIndices(input, kernelSize, stride, padding, ceilMode).Output;

    /// <summary>
    /// <see cref="MaxPool2d"/> with the index of each maximum (h·W + w within its plane, int64), like
    /// <c>F.max_pool2d(..., return_indices=True)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">For a rank other than 3 or 4, padding above half the kernel, or an output of size 0.</exception>
    public static (Tensor Output, Tensor Indices) MaxPool2dWithIndices(Tensor input, Size2d kernelSize, Size2d? stride = null, Size2d padding = default, bool ceilMode = false)
        => NNOps.MaxPool2d(input, new PoolKernel(kernelSize.Tuple, (stride ?? kernelSize).Tuple, padding.Tuple, ceilMode));

    /// <summary>
    /// The maximum of each <paramref name="kernelSize"/> window along the last dim, like <c>F.max_pool1d</c>:
    /// composed as PyTorch does (unsqueeze, 2-d pooling, squeeze; nodes <c>SqueezeBackward1</c> →
    /// <c>MaxPool2DWithIndicesBackward0</c> → <c>UnsqueezeBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a rank other than 2 or 3, padding above half the kernel, or an output of size 0.</exception>
    public static Tensor MaxPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false)
        => NNOps.MaxPool1d(input, kernelSize, stride ?? kernelSize, padding, ceilMode).Output;

    /// <summary><see cref="MaxPool1d"/> with the index of each maximum along the length (int64), like <c>F.max_pool1d(..., return_indices=True)</c>.</summary>
    /// <exception cref="ArgumentException">For a rank other than 2 or 3, padding above half the kernel, or an output of size 0.</exception>
    public static (Tensor Output, Tensor Indices) MaxPool1dWithIndices(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false)
        => NNOps.MaxPool1d(input, kernelSize, stride ?? kernelSize, padding, ceilMode);

    /// <summary>
    /// The mean of each <paramref name="kernelSize"/> window every <paramref name="stride"/> (default: the
    /// kernel size), like <c>F.avg_pool2d</c> (node <c>AvgPool2DBackward0</c>). The zero padding counts in the
    /// mean unless <paramref name="countIncludePad"/> is false; <paramref name="divisorOverride"/> replaces the divisor.
    /// </summary>
    /// <exception cref="ArgumentException">For a rank other than 3 or 4, padding above half the kernel, an output of size 0, or a zero divisor.</exception>
    public static Tensor AvgPool2d(Tensor input, Size2d kernelSize, Size2d? stride = null, Size2d padding = default, bool ceilMode = false,
        bool countIncludePad = true, int? divisorOverride = null)
        => NNOps.AvgPool2d(input, new PoolKernel(kernelSize.Tuple, (stride ?? kernelSize).Tuple, padding.Tuple, ceilMode, countIncludePad), divisorOverride);

    /// <summary>
    /// The mean of each <paramref name="kernelSize"/> window along the last dim, like <c>F.avg_pool1d</c>: composed
    /// as PyTorch does (nodes <c>SqueezeBackward1</c> → <c>AvgPool2DBackward0</c> → <c>UnsqueezeBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a rank other than 2 or 3, padding above half the kernel, or an output of size 0.</exception>
    public static Tensor AvgPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
        => NNOps.AvgPool1d(input, kernelSize, stride ?? kernelSize, padding, ceilMode, countIncludePad);

    /// <summary>
    /// Average pooling to an <paramref name="outputSize"/>² output whatever the input size, like
    /// <c>F.adaptive_avg_pool2d</c> (node <c>AdaptiveAvgPool2DBackward0</c>): output i covers input
    /// rows ⌊i·H/out⌋ to ⌈(i+1)·H/out⌉, and likewise columns.
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, int outputSize) => AdaptiveAvgPool2d(input, (outputSize, outputSize));

    /// <summary>Adaptive average pooling to an output of <paramref name="outputSize"/> (height, width), like <c>F.adaptive_avg_pool2d(x, (h, w))</c>.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, (int Height, int Width) outputSize) => NNOps.AdaptiveAvgPool2d(input, outputSize);

    /// <summary>
    /// Max pooling to an output of <paramref name="outputSize"/> (an int or a (height, width) tuple) whatever the
    /// input size, like <c>F.adaptive_max_pool2d</c> (node <c>AdaptiveMaxPool2DBackward0</c>), over PyTorch's adaptive windows.
    /// </summary>
    /// <exception cref="ArgumentException">For a rank other than 3 or 4, or an output size below 1.</exception>
    public static Tensor AdaptiveMaxPool2d(Tensor input, Size2d outputSize) => NNOps.AdaptiveMaxPool2d(input, outputSize.Tuple).Output;

    /// <summary><see cref="AdaptiveMaxPool2d"/> with the index of each maximum (h·W + w within its plane, int64), like <c>F.adaptive_max_pool2d(..., return_indices=True)</c>.</summary>
    /// <exception cref="ArgumentException">For a rank other than 3 or 4, or an output size below 1.</exception>
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool2dWithIndices(Tensor input, Size2d outputSize) => NNOps.AdaptiveMaxPool2d(input, outputSize.Tuple);
}
