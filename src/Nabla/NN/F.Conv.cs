namespace Nabla.NN;

// 1-d and 2-d convolution and transposed convolution (the ops live in Ops/NN.Conv.cs and Ops/NN.ConvTranspose.cs).
public static partial class F
{
    /// <summary>
    /// 1-d cross-correlation of <paramref name="input"/> [N, C, L] (or unbatched [C, L]) with
    /// <paramref name="weight"/> [O, C/groups, K], plus an optional <paramref name="bias"/> [O], like
    /// <c>F.conv1d</c> (node <c>ConvolutionBackward0</c>). The output is [N, O, OL] with
    /// OL = ⌊(L + 2·padding - dilation·(K - 1) - 1) / stride⌋ + 1; <paramref name="padding"/> may be
    /// <c>"same"</c> or <c>"valid"</c>.
    /// </summary>
    /// <example><code>var y = F.Conv1d(signal, kernel, padding: "same");</code></example>
    /// <exception cref="ArgumentException">When ranks, channel counts, groups, bias or sizes do not fit (PyTorch's messages).</exception>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, ConvPadding padding = default, int dilation = 1, int groups = 1)
        => NNOps.Convolution(input, weight, bias, stride, padding, dilation, groups, spatialDims: 1);

    /// <summary>
    /// 2-d cross-correlation of <paramref name="input"/> [N, C, H, W] (or unbatched [C, H, W]) with
    /// <paramref name="weight"/> [O, C/groups, KH, KW], plus an optional <paramref name="bias"/> [O],
    /// like <c>F.conv2d</c> (node <c>ConvolutionBackward0</c>). The output is [N, O, OH, OW] with
    /// OH = ⌊(H + 2·padding - dilation·(KH - 1) - 1) / stride⌋ + 1, and likewise OW. Stride, padding
    /// and dilation are an int or a (height, width) tuple (default 1, 0, 1); <paramref name="padding"/>
    /// may be <c>"same"</c> or <c>"valid"</c>.
    /// </summary>
    /// <example><code>var y = F.Conv2d(images, kernels, bias, stride: 1, padding: 1);   // same size for 3×3 kernels</code></example>
    /// <exception cref="ArgumentException">When ranks, channel counts, groups, bias or sizes do not fit (PyTorch's messages).</exception>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, Size2d? stride = null, ConvPadding padding = default, Size2d? dilation = null, int groups = 1)
        => NNOps.Convolution(input, weight, bias, stride ?? 1, padding, dilation ?? 1, groups, spatialDims: 2);

    /// <summary>
    /// 1-d transposed convolution ("deconvolution", the gradient of conv1d with respect to its input) of
    /// <paramref name="input"/> [N, Cin, L] with <paramref name="weight"/> [Cin, Cout/groups, K], like
    /// <c>F.conv_transpose1d</c> (node <c>ConvolutionBackward0</c>). The output is [N, Cout, OL] with
    /// OL = (L - 1)·stride - 2·padding + dilation·(K - 1) + outputPadding + 1.
    /// </summary>
    /// <exception cref="ArgumentException">When ranks, channel counts, groups, bias or sizes do not fit, or outputPadding is not below stride or dilation.</exception>
    public static Tensor ConvTranspose1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int outputPadding = 0,
        int groups = 1, int dilation = 1)
        => NNOps.ConvTranspose(input, weight, bias, stride, padding, outputPadding, groups, dilation, spatialDims: 1);

    /// <summary>
    /// 2-d transposed convolution of <paramref name="input"/> [N, Cin, H, W] with <paramref name="weight"/>
    /// [Cin, Cout/groups, KH, KW], like <c>F.conv_transpose2d</c> (node <c>ConvolutionBackward0</c>): the
    /// output is [N, Cout, OH, OW] with OH = (H - 1)·stride - 2·padding + dilation·(KH - 1) + outputPadding + 1,
    /// and likewise OW. Each size is an int or a (height, width) tuple.
    /// </summary>
    /// <example><code>var up = F.ConvTranspose2d(features, kernels, stride: 2, padding: 1, outputPadding: 1);   // doubles H and W for 3×3 kernels</code></example>
    /// <exception cref="ArgumentException">When ranks, channel counts, groups, bias or sizes do not fit, or outputPadding is not below stride or dilation.</exception>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, Size2d? stride = null, Size2d padding = default,
        Size2d outputPadding = default, int groups = 1, Size2d? dilation = null)
        => NNOps.ConvTranspose(input, weight, bias, stride ?? 1, padding, outputPadding, groups, dilation ?? 1, spatialDims: 2);
}
