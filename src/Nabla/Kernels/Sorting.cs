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

    // Each range of lines gets its own LineWork (its buffers); each line is processed and its first `kept`
    // values and positions written out.
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
                var work = new LineWork<T>(n, q);
                for (int line = first; line < end; line++)
                {
                    int kept = work.Run(xData, xStarts[line], stride);
                    for (int i = 0; i < kept; i++)
                    {
                        valueData[valueStarts[line] + i * valueStride] = work.Keys[i];
                        indexData[indexStarts[line] + i * indexStride] = work.Positions[i];
                    }
                }
            });
        }
    }

    /// <summary>One thread's buffers for lines of length n, and what <see cref="LineQuery"/> does to each line.</summary>
    private sealed class LineWork<T>(int n, LineQuery q) where T : unmanaged, INumber<T>
    {
        // A small k against the line: one pass keeping a heap of the best k so far, where most elements are
        // rejected by one comparison with its root, reading the line in place. Otherwise selection or sorting
        // of a copy of the line.
        private readonly bool _heap = UsesHeap(n, q);
        private readonly T[] _keys = new T[UsesHeap(n, q) ? q.K : n];
        private readonly int[] _positions = new int[UsesHeap(n, q) ? q.K : n];
        private Ranked<T>[]? _ranked;

        private static bool UsesHeap(int n, LineQuery q) => q.Pick == LinePick.Top && q.K > 0 && (long)q.K * 64 <= n;

        /// <summary>The values the last line kept, first <see cref="Run"/>'s count of them.</summary>
        public T[] Keys => _keys;

        /// <summary>Their positions in the line.</summary>
        public int[] Positions => _positions;

        /// <summary>Processes the line data[start + i·stride]; returns how many values it keeps.</summary>
        public int Run(T[] data, int start, int stride) => _heap ? TopByHeap(data, start, stride) : Process(data, start, stride);

        private int Process(T[] data, int start, int stride)
        {
            for (int i = 0; i < n; i++)
            {
                _keys[i] = data[start + i * stride];
                _positions[i] = i;
            }
            if (q.Pick == LinePick.Sorted)
            {
                LineOrder.Sort<T>(_keys, _positions, q.Descending);
                return n;
            }
            var line = _ranked ??= new Ranked<T>[n];
            int nans = 0, firstNaN = -1;
            for (int i = 0; i < n; i++)
            {
                line[i] = new Ranked<T>(_keys[i], i);
                if (T.IsNaN(_keys[i]) && nans++ == 0) firstNaN = i;
            }
            if (q.Pick == LinePick.Top) return q.Descending ? Top(line, new Descending<T>()) : Top(line, new Ascending<T>());
            int rank = q.Pick switch
            {
                LinePick.Median when firstNaN >= 0 => -1,   // the median of a line with NaN is NaN: its first one
                LinePick.Median => (n - 1) / 2,
                LinePick.NanMedian => Math.Max(0, (n - nans - 1) / 2),   // NaN sorts last, so this is below the NaNs
                _ => q.K,
            };
            if (rank >= 0) LineOrder.Select(line, rank, new Ascending<T>());
            return Keep(line.AsSpan(rank >= 0 ? rank : firstNaN, 1));
        }

        private int Top<TOrder>(Ranked<T>[] line, TOrder order) where TOrder : IComparer<Ranked<T>>
        {
            if (q.K == 0) return 0;
            LineOrder.Select(line.AsSpan(), q.K - 1, order);
            if (q.Sorted) line.AsSpan(0, q.K).Sort(order);
            return Keep(line.AsSpan(0, q.K));
        }

        private int TopByHeap(T[] data, int start, int stride)
        {
            var best = (_ranked ??= new Ranked<T>[q.K]).AsSpan(0, q.K);
            if (q.Descending) KeepBest(data, start, stride, best, new Descending<T>());
            else KeepBest(data, start, stride, best, new Ascending<T>());
            return Keep(best);
        }

        private void KeepBest<TOrder>(T[] data, int start, int stride, Span<Ranked<T>> best, TOrder order) where TOrder : IComparer<Ranked<T>>
        {
            LineOrder.KeepFirst(data, start, stride, n, best, order);
            if (q.Sorted) best.Sort(order);
        }

        private int Keep(ReadOnlySpan<Ranked<T>> picked)
        {
            for (int i = 0; i < picked.Length; i++)
            {
                _keys[i] = picked[i].Value;
                _positions[i] = picked[i].Index;
            }
            return picked.Length;
        }
    }
}
