namespace Nabla.Kernels;

/// <summary>
/// The input rows [RowStart[i], RowEnd[i]) and columns [ColStart[j], ColEnd[j]) that output
/// position (i, j) of a 2-d pooling covers, already clipped to the input (so padding is simply
/// what the clipping cut off). One description serves max, average and adaptive pooling.
/// </summary>
internal sealed record PoolWindows(int H, int W, int[] RowStart, int[] RowEnd, int[] ColStart, int[] ColEnd)
{
    /// <summary>The output height.</summary>
    public int OH => RowStart.Length;

    /// <summary>The output width.</summary>
    public int OW => ColStart.Length;

    /// <summary>Windows of <paramref name="kernel"/> elements every <paramref name="stride"/>, over an input padded by <paramref name="padding"/> on each side (floor mode).</summary>
    public static PoolWindows Sliding(int h, int w, int kernel, int stride, int padding)
    {
        var (rowStart, rowEnd) = Axis(h, kernel, stride, padding);
        var (colStart, colEnd) = Axis(w, kernel, stride, padding);
        return new(h, w, rowStart, rowEnd, colStart, colEnd);
    }

    /// <summary>PyTorch's adaptive windows: output i of n covers [⌊i·size/n⌋, ⌈(i+1)·size/n⌉).</summary>
    public static PoolWindows Adaptive(int h, int w, int outH, int outW)
    {
        var (rowStart, rowEnd) = AdaptiveAxis(h, outH);
        var (colStart, colEnd) = AdaptiveAxis(w, outW);
        return new(h, w, rowStart, rowEnd, colStart, colEnd);
    }

    /// <summary>The output size of a sliding pooling along one axis (floor mode).</summary>
    public static int OutSize(int size, int kernel, int stride, int padding) => (size + 2 * padding - kernel) / stride + 1;

    private static (int[] Start, int[] End) Axis(int size, int kernel, int stride, int padding)
    {
        int n = OutSize(size, kernel, stride, padding);
        var start = new int[n];
        var end = new int[n];
        for (int i = 0; i < n; i++)
        {
            int from = i * stride - padding;
            start[i] = Math.Max(from, 0);
            end[i] = Math.Min(from + kernel, size);
        }
        return (start, end);
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
}
