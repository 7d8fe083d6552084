namespace Nabla.Kernels;

/// <summary>
/// The sizes of one 2-d convolution: input [N, C, H, W], weight [O, C/groups, KH, KW], output
/// [N, O, OH, OW], with one stride, padding and dilation for both spatial dims.
/// </summary>
internal sealed record ConvGeometry(int N, int C, int H, int W, int O, int KH, int KW, int Stride, int Padding, int Dilation, int Groups)
{
    /// <summary>The output height.</summary>
    public int OH => OutSize(H, KH);

    /// <summary>The output width.</summary>
    public int OW => OutSize(W, KW);

    /// <summary>Input channels per group.</summary>
    public int Cg => C / Groups;

    /// <summary>Output channels per group.</summary>
    public int Og => O / Groups;

    /// <summary>Rows of the unfolded input (one per weight element of a group): Cg·KH·KW.</summary>
    public int K => Cg * KH * KW;

    /// <summary>Output positions per channel: OH·OW.</summary>
    public int L => OH * OW;

    /// <summary>Multiply-adds per sample, to decide on parallelism.</summary>
    public long WorkPerSample => (long)O * K * L;

    /// <summary>True when the unfolded input is the input itself (1×1 kernel, stride 1, no padding).</summary>
    public bool IsPointwise => KH == 1 && KW == 1 && Stride == 1 && Padding == 0;

    public int[] InputShape => [N, C, H, W];

    public int[] WeightShape => [O, Cg, KH, KW];

    public int[] OutputShape => [N, O, OH, OW];

    private int OutSize(int size, int kernel) => (size + 2 * Padding - Dilation * (kernel - 1) - 1) / Stride + 1;

    /// <summary>The geometry of convolving <paramref name="input"/> [N, C, H, W] with <paramref name="weight"/> [O, C/groups, KH, KW].</summary>
    public static ConvGeometry Of(int[] input, int[] weight, int stride, int padding, int dilation, int groups)
        => new(input[0], input[1], input[2], input[3], weight[0], weight[2], weight[3], stride, padding, dilation, groups);
}
