using System.Numerics;

namespace Nabla.Kernels;

/// <summary>What a line op keeps of each line along its dim.</summary>
internal enum LinePick
{
    /// <summary>The whole line, sorted (stably).</summary>
    Sorted,
    /// <summary>The first k in the order (largest: descending), sorted or not.</summary>
    Top,
    /// <summary>The element of rank k (0-based, ascending).</summary>
    Rank,
    /// <summary>The lower median, or the first NaN if there is one.</summary>
    Median,
    /// <summary>The lower median of the values that are not NaN (the first NaN if all are).</summary>
    NanMedian,
}

/// <summary>One line op: what it keeps, k (for Top and Rank), the order, and whether Top sorts what it keeps.</summary>
internal readonly record struct LineQuery(LinePick Pick, int K = 0, bool Descending = false, bool Sorted = true);

/// <summary>Sorting, top-k and order statistics along a dim at tensor level (no autograd): values and int64 positions.</summary>
internal static class Sorting
{
    /// <summary>Each line along <paramref name="dim"/> sorted stably: the values and their positions in the line, of x's shape.</summary>
    public static (Tensor Values, Tensor Indices) Sort(Tensor x, int dim, bool descending)
        => Run(x, dim, x.ShapeArray[dim], new LineQuery(LinePick.Sorted, Descending: descending));

    /// <summary>The <paramref name="k"/> largest (or smallest) of each line; the dim has size k.</summary>
    public static (Tensor Values, Tensor Indices) Top(Tensor x, int dim, int k, bool largest, bool sorted)
        => Run(x, dim, k, new LineQuery(LinePick.Top, k, largest, sorted));

    /// <summary>One element of each line (<see cref="LinePick.Rank"/> or a median); the dim is kept with size 1.</summary>
    public static (Tensor Values, Tensor Indices) Pick(Tensor x, int dim, LinePick pick, int rank = 0)
        => Run(x, dim, 1, new LineQuery(pick, rank));

    private static (Tensor Values, Tensor Indices) Run(Tensor x, int dim, int perLine, LineQuery query)
    {
        var shape = (int[])x.ShapeArray.Clone();
        shape[dim] = perLine;
        var values = Tensor.Uninitialized(x.DType, shape);
        var indices = Tensor.Uninitialized(DType.Int64, shape);
        if (values.Count > 0) Dispatch.Run(x.DType, new LineAction(x, dim, query, values, indices));
        return (values, indices);
    }

    // Each range of lines gets its own buffers; a line is read into keys and positions, processed, and
    // its first `kept` entries written out.
    private readonly struct LineAction(Tensor x, int dim, LineQuery query, Tensor values, Tensor indices) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            int n = x.ShapeArray[dim], stride = x.StrideArray[dim], valueStride = values.StrideArray[dim], indexStride = indices.StrideArray[dim];
            int[] xStarts = Lines.Starts(x, dim), valueStarts = Lines.Starts(values, dim), indexStarts = Lines.Starts(indices, dim);
            T[] xData = x.Data<T>(), valueData = values.Data<T>();
            long[] indexData = indices.Data<long>();
            var q = query;
            Lines.For(xStarts.Length, n, (first, end) =>
            {
                var keys = new T[n];
                var positions = new int[n];
                var ranked = q.Pick == LinePick.Sorted ? [] : new Ranked<T>[n];
                for (int line = first; line < end; line++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        keys[i] = xData[xStarts[line] + i * stride];
                        positions[i] = i;
                    }
                    int kept = q.Pick == LinePick.Sorted ? SortLine(keys, positions, q.Descending) : SelectInLine(keys, positions, ranked, q);
                    for (int i = 0; i < kept; i++)
                    {
                        valueData[valueStarts[line] + i * valueStride] = keys[i];
                        indexData[indexStarts[line] + i * indexStride] = positions[i];
                    }
                }
            });
        }
    }

    private static int SortLine<T>(T[] keys, int[] positions, bool descending) where T : unmanaged, INumber<T>
    {
        LineOrder.Sort<T>(keys, positions, descending);
        return keys.Length;
    }

    // Selection works on (value, position) pairs, whose order is total; the kept ones go back to keys/positions.
    private static int SelectInLine<T>(T[] keys, int[] positions, Ranked<T>[] line, LineQuery q) where T : unmanaged, INumber<T>
    {
        if (q.Pick == LinePick.Top)
            return q.Descending ? Top(keys, positions, line, q.K, new Descending<T>(), q.Sorted) : Top(keys, positions, line, q.K, new Ascending<T>(), q.Sorted);
        int n = keys.Length;
        int nans = 0, firstNaN = -1;
        for (int i = 0; i < n; i++)
        {
            line[i] = new Ranked<T>(keys[i], i);
            if (T.IsNaN(keys[i]) && nans++ == 0) firstNaN = i;
        }
        int rank = q.Pick switch
        {
            LinePick.Median when firstNaN >= 0 => -1,   // the median of a line with NaN is NaN: its first one
            LinePick.Median => (n - 1) / 2,
            LinePick.NanMedian => Math.Max(0, (n - nans - 1) / 2),   // NaN sorts last, so this is below the NaNs
            _ => q.K,
        };
        if (rank >= 0) LineOrder.Select(line, rank, new Ascending<T>());
        var picked = rank >= 0 ? line[rank] : line[firstNaN];
        keys[0] = picked.Value;
        positions[0] = picked.Index;
        return 1;
    }

    // The k first in the order: for k small against the line, one pass that keeps the best k so far in a heap
    // (most elements are rejected by one comparison with its root); otherwise quickselect. Then sorted if asked.
    private static int Top<T, TOrder>(T[] keys, int[] positions, Ranked<T>[] line, int k, TOrder order, bool sorted)
        where T : unmanaged where TOrder : IComparer<Ranked<T>>
    {
        if (k == 0) return 0;
        var best = line.AsSpan(0, k);
        if ((long)k * 64 <= keys.Length) LineOrder.KeepFirst(keys, best, order);
        else
        {
            for (int i = 0; i < keys.Length; i++) line[i] = new Ranked<T>(keys[i], i);
            LineOrder.Select(line.AsSpan(), k - 1, order);
        }
        if (sorted) best.Sort(order);
        for (int i = 0; i < k; i++)
        {
            keys[i] = best[i].Value;
            positions[i] = best[i].Index;
        }
        return k;
    }
}
