namespace Nabla.Kernels;

/// <summary>
/// The sizes of one 2-d convolution: input [N, C, H, W], weight [O, C/groups, KH, KW], output
/// [N, O, OH, OW], with a stride, padding and dilation per spatial dim. A 1-d convolution is the
/// 2-d one with H = KH = 1 (<see cref="SpatialDims"/> = 1: its tensors lack the H dim, which changes
/// nothing in memory). A transposed convolution is this convolution's input gradient, so it is
/// described by the convolution it transposes (<see cref="Transposed"/>: its input is the [N, O, OH, OW]
/// side and its output the [N, C, H, W] side).
/// </summary>
internal sealed record ConvGeometry(int N, int C, int H, int W, int O, int KH, int KW,
    (int H, int W) Stride, (int H, int W) Padding, (int H, int W) Dilation, int Groups, int SpatialDims = 2, bool Transposed = false)
{
    /// <summary>The output height.</summary>
    public int OH => OutSize(H, KH, Stride.H, Padding.H, Dilation.H);

    /// <summary>The output width.</summary>
    public int OW => OutSize(W, KW, Stride.W, Padding.W, Dilation.W);

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
    public bool IsPointwise => KH == 1 && KW == 1 && Stride == (1, 1) && Padding == (0, 0);

    /// <summary>The convolution's input shape ([N, C, W] in 1-d).</summary>
    public int[] InputShape => Shape(N, C, H, W);

    /// <summary>The weight's shape ([O, C/groups, KW] in 1-d).</summary>
    public int[] WeightShape => Shape(O, Cg, KH, KW);

    /// <summary>The convolution's output shape ([N, O, OW] in 1-d).</summary>
    public int[] OutputShape => Shape(N, O, OH, OW);

    /// <summary>
    /// The output padding a transposed convolution needs to come out at <see cref="H"/> × <see cref="W"/>:
    /// how far the input extends past the last position the convolution reads.
    /// </summary>
    public (int H, int W) OutputPadding => (H + 2 * Padding.H - Dilation.H * (KH - 1) - 1 - (OH - 1) * Stride.H,
                                            W + 2 * Padding.W - Dilation.W * (KW - 1) - 1 - (OW - 1) * Stride.W);

    /// <summary>The geometry as the plain convolution (the transposed op's formulas run it forward).</summary>
    public ConvGeometry Untransposed => Transposed ? this with { Transposed = false } : this;

    private int[] Shape(int n, int c, int h, int w) => SpatialDims == 2 ? [n, c, h, w] : [n, c, w];

    private static int OutSize(int size, int kernel, int stride, int padding, int dilation)
        => (size + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;

    /// <summary>
    /// The geometry of convolving <paramref name="input"/> [N, C, (H,) W] with <paramref name="weight"/>
    /// [O, C/groups, (KH,) KW]; the rank of the input gives the spatial dims.
    /// </summary>
    public static ConvGeometry Of(int[] input, int[] weight, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups)
        => input.Length == 4
            ? new(input[0], input[1], input[2], input[3], weight[0], weight[2], weight[3], stride, padding, dilation, groups)
            : new(input[0], input[1], 1, input[2], weight[0], 1, weight[2], stride, padding, dilation, groups, SpatialDims: 1);
}
