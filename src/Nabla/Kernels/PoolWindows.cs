namespace Nabla.Kernels;

/// <summary>
/// The input rows [RowStart[i], RowEnd[i]) and columns [ColStart[j], ColEnd[j]) that output
/// position (i, j) of a 2-d pooling covers, already clipped to the input (so padding is simply
/// what the clipping cut off). One description serves max, average and adaptive pooling.
/// RowSpan / ColSpan are each window's extent counting the padding it overlaps (clipped to the
/// padded input, as PyTorch counts it for <c>count_include_pad</c>).
/// </summary>
internal sealed record PoolWindows(int H, int W, int[] RowStart, int[] RowEnd, int[] ColStart, int[] ColEnd, int[] RowSpan, int[] ColSpan)
{
    /// <summary>The output height.</summary>
    public int OH => RowStart.Length;

    /// <summary>The output width.</summary>
    public int OW => ColStart.Length;

    /// <summary>
    /// Windows of <paramref name="kernel"/> elements every <paramref name="stride"/>, over an input padded by
    /// <paramref name="padding"/> on each side; <paramref name="ceilMode"/> keeps a last, partial window (see <see cref="OutSize"/>).
    /// </summary>
    public static PoolWindows Sliding(int h, int w, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, bool ceilMode)
    {
        var (rowStart, rowEnd, rowSpan) = Axis(h, kernel.H, stride.H, padding.H, ceilMode);
        var (colStart, colEnd, colSpan) = Axis(w, kernel.W, stride.W, padding.W, ceilMode);
        return new(h, w, rowStart, rowEnd, colStart, colEnd, rowSpan, colSpan);
    }

    /// <summary>PyTorch's adaptive windows: output i of n covers [⌊i·size/n⌋, ⌈(i+1)·size/n⌉).</summary>
    public static PoolWindows Adaptive(int h, int w, int outH, int outW)
    {
        var (rowStart, rowEnd) = AdaptiveAxis(h, outH);
        var (colStart, colEnd) = AdaptiveAxis(w, outW);
        return new(h, w, rowStart, rowEnd, colStart, colEnd, Extents(rowStart, rowEnd), Extents(colStart, colEnd));
    }

    /// <summary>
    /// The output size of a sliding pooling along one axis, PyTorch's rule: ⌊(size + 2·padding - kernel) / stride⌋ + 1,
    /// rounded up instead in ceil mode, except that the last window must start inside the input or the left padding.
    /// </summary>
    public static int OutSize(int size, int kernel, int stride, int padding, bool ceilMode)
    {
        int n = (int)Math.Floor((double)(size + 2 * padding - kernel + (ceilMode ? stride - 1 : 0)) / stride) + 1;
        if (ceilMode && (n - 1) * stride >= size + padding) n--;
        return n;
    }

    /// <summary>Each window's divisor for a mean: the elements it covers, counting the padding when <paramref name="countPadding"/>.</summary>
    public int[] Divisors(bool countPadding)
    {
        var divisors = new int[OH * OW];
        for (int i = 0, o = 0; i < OH; i++)
            for (int j = 0; j < OW; j++, o++)
                divisors[o] = countPadding ? RowSpan[i] * ColSpan[j] : (RowEnd[i] - RowStart[i]) * (ColEnd[j] - ColStart[j]);
        return divisors;
    }

    private static (int[] Start, int[] End, int[] Span) Axis(int size, int kernel, int stride, int padding, bool ceilMode)
    {
        int n = Math.Max(OutSize(size, kernel, stride, padding, ceilMode), 0);
        var (start, end, span) = (new int[n], new int[n], new int[n]);
        for (int i = 0; i < n; i++)
        {
            int from = i * stride - padding;
            span[i] = Math.Min(from + kernel, size + padding) - from;
            start[i] = Math.Max(from, 0);
            end[i] = Math.Min(from + kernel, size);
        }
        return (start, end, span);
    }

    private static (int[] Start, int[] End) AdaptiveAxis(int size, int n)
    {
        var start = new int[n];
        var end = new int[n];
        for (int i = 0; i < n; i++)
        {
            start[i] = (int)((long)i * size / n);
            end[i] = (int)(((long)(i + 1) * size + n - 1) / n);
        }
        return (start, end);
    }

    private static int[] Extents(int[] start, int[] end) => [.. start.Select((s, i) => end[i] - s)];
}
