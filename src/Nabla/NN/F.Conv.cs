namespace Nabla.NN;

// 2-d convolution (the op, its adjoints and their derivatives live in Ops/NN.Conv.cs).
public static partial class F
{
    /// <summary>
    /// 2-d cross-correlation of <paramref name="input"/> [N, C, H, W] (or unbatched [C, H, W]) with
    /// <paramref name="weight"/> [O, C/groups, KH, KW], plus an optional <paramref name="bias"/> [O],
    /// like <c>F.conv2d</c> (node <c>ConvolutionBackward0</c>). The output is [N, O, OH, OW] with
    /// OH = ⌊(H + 2·padding - dilation·(KH - 1) - 1) / stride⌋ + 1, and likewise OW.
    /// </summary>
    /// <example><code>var y = F.Conv2d(images, kernels, bias, stride: 1, padding: 1);   // same size for 3×3 kernels</code></example>
    /// <exception cref="ArgumentException">When ranks, channel counts, groups, bias or sizes do not fit (PyTorch's messages).</exception>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        => NNOps.Conv2d(input, weight, bias, stride, padding, dilation, groups);
}
