namespace Nabla.Kernels;

/// <summary>
/// The row loop of the fused recurrent cells: one call per batch row, in parallel only for large
/// batches (a cell step of a typical LSTM, 32 rows of 1,024 gates, costs less than waking a worker).
/// </summary>
internal static class RecurrentRows
{
    private const long ParallelThreshold = 1 << 16;

    public static void For(int rows, int rowLength, Action<int> row)
    {
        if ((long)rows * rowLength < ParallelThreshold || rows == 1 || Workers.Count == 1)
        {
            for (int r = 0; r < rows; r++) row(r);
            return;
        }
        int parts = Math.Min(rows, Workers.Count);
        Workers.For(parts, w =>
        {
            int from = (int)((long)rows * w / parts), to = (int)((long)rows * (w + 1) / parts);
            for (int r = from; r < to; r++) row(r);
        });
    }

    /// <summary>A contiguous tensor's row <paramref name="r"/> of <paramref name="length"/> elements.</summary>
    public static Span<T> Row<T>(Tensor t, int r, int length) => t.Data<T>().AsSpan(t.Offset + r * length, length);
}
