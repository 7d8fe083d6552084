namespace Nabla.Kernels;

/// <summary>
/// Work along one dim a line at a time (sorting, selection): the offset where each line starts in an
/// operand, and ranges of lines spread over the worker team. Sorting costs far more per element than
/// an elementwise op, so lines go parallel at a smaller size than the strided driver's threshold.
/// </summary>
internal static class Lines
{
    /// <summary>Elements (lines × line length) below which the lines stay on one thread.</summary>
    public const int ParallelThreshold = 1 << 14;

    /// <summary>
    /// The offset of the first element of every line of a tensor with <paramref name="strides"/> and
    /// <paramref name="offset"/>, along <paramref name="dim"/>, in row-major order of the other dims.
    /// </summary>
    public static int[] Starts(int[] shape, int[] strides, int offset, int dim)
    {
        var lineShape = Reductions.Without(shape, dim);
        var lineStrides = Reductions.Without(strides, dim);
        var starts = new int[ShapeMath.Numel(lineShape)];
        Span<int> index = stackalloc int[lineShape.Length];
        int at = offset;
        for (int i = 0; i < starts.Length; i++)
        {
            starts[i] = at;
            for (int d = lineShape.Length - 1; d >= 0; d--)   // odometer over the other dims
            {
                at += lineStrides[d];
                if (++index[d] < lineShape[d]) break;
                at -= lineStrides[d] * lineShape[d];
                index[d] = 0;
            }
        }
        return starts;
    }

    /// <summary>Starts of a tensor's lines along <paramref name="dim"/> (see <see cref="Starts(int[], int[], int, int)"/>).</summary>
    public static int[] Starts(Tensor t, int dim) => Starts(t.ShapeArray, t.StrideArray, t.Offset, dim);

    /// <summary>Runs <paramref name="body"/>(first, end) over ranges that cover lines [0, <paramref name="count"/>), in parallel for large work.</summary>
    public static void For(int count, int length, Action<int, int> body)
    {
        long work = (long)count * Math.Max(length, 1);
        int chunks = work < ParallelThreshold || Workers.Count == 1 ? 1 : Math.Min(count, Workers.Count * 4);
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }
        Workers.For(chunks, c => body((int)((long)count * c / chunks), (int)((long)count * (c + 1) / chunks)));
    }
}
