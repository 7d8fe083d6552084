using System.Numerics;

namespace Nabla.Kernels;

/// <summary>unique at tensor level: sorted distinct values (or slices), each element's place among them, and counts.</summary>
internal static class Uniques
{
    /// <summary>
    /// The distinct values of <paramref name="x"/> in ascending order (NaN last; NaNs are never equal, so each
    /// is its own value, as PyTorch keeps them), the position of each element's value among them (x's
    /// shape), and how often each occurs.
    /// </summary>
    public static (Tensor Values, Tensor Inverse, Tensor Counts) OfElements(Tensor x)
    {
        var action = new ElementsAction(Dense(x));
        Dispatch.Run(x.DType, ref action);
        return (action.Values!, action.Inverse.View(x.ShapeArray), action.Counts!);
    }

    /// <summary>
    /// The distinct rows of the 2-d <paramref name="rows"/> in lexicographic order, each row's place among
    /// them, and their counts (unique along a dim, once that dim is moved first and the rest flattened).
    /// </summary>
    public static (Tensor Rows, Tensor Inverse, Tensor Counts) OfRows(Tensor rows)
    {
        var action = new RowsAction(Dense(rows));
        Dispatch.Run(rows.DType, ref action);
        return (action.Values!, action.Inverse, action.Counts!);
    }

    // Run by reference (Dispatch.Run(ref ...)), so the results it sets are the caller's.
    private struct ElementsAction(Tensor x) : ITypedAction
    {
        public Tensor? Values, Counts;
        public readonly Tensor Inverse = Tensor.Uninitialized(DType.Int64, [x.Count]);

        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            int n = x.Count;
            var keys = x.Data<T>().AsSpan(x.Offset, n).ToArray();
            var positions = new int[n];
            for (int i = 0; i < n; i++) positions[i] = i;
            LineOrder.Sort<T>(keys, positions, descending: false);
            var inverse = Inverse.Data<long>();
            var distinct = new List<T>();
            var counts = new List<long>();
            for (int i = 0; i < n; i++)
            {
                if (i == 0 || keys[i] != keys[i - 1])   // NaN != NaN: every NaN is distinct
                {
                    distinct.Add(keys[i]);
                    counts.Add(0);
                }
                counts[^1]++;
                inverse[positions[i]] = distinct.Count - 1;
            }
            Values = Filled(x.DType, [distinct.Count], distinct.ToArray());
            Counts = Filled(DType.Int64, [counts.Count], counts.ToArray());
        }
    }

    private struct RowsAction(Tensor rows) : ITypedAction
    {
        public Tensor? Values, Counts;
        public readonly Tensor Inverse = Tensor.Uninitialized(DType.Int64, [rows.ShapeArray[0]]);

        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            int n = rows.ShapeArray[0], width = rows.ShapeArray[1];
            var data = rows.Data<T>().AsSpan(rows.Offset, rows.Count).ToArray();
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Array.Sort(order, (a, b) => CompareRows(data, a, b, width) is var c && c != 0 ? c : a - b);
            var inverse = Inverse.Data<long>();
            var kept = new List<int>();
            var counts = new List<long>();
            for (int i = 0; i < n; i++)
            {
                if (i == 0 || !EqualRows(data, order[i], order[i - 1], width))
                {
                    kept.Add(order[i]);
                    counts.Add(0);
                }
                counts[^1]++;
                inverse[order[i]] = kept.Count - 1;
            }
            var distinct = new T[kept.Count * width];
            for (int i = 0; i < kept.Count; i++) data.AsSpan(kept[i] * width, width).CopyTo(distinct.AsSpan(i * width));
            Values = Filled(rows.DType, [kept.Count, width], distinct);
            Counts = Filled(DType.Int64, [counts.Count], counts.ToArray());
        }
    }

    private static Tensor Dense(Tensor x) => x.IsContiguous ? x : Compute.Clone(x);

    private static Tensor Filled<T>(DType dtype, int[] shape, T[] values)
    {
        var t = Tensor.Uninitialized(dtype, shape);
        values.CopyTo(t.Data<T>(), 0);
        return t;
    }

    private static int CompareRows<T>(T[] data, int a, int b, int width) where T : INumber<T>
    {
        for (int j = 0; j < width; j++)
            if (LineOrder.Compare(data[a * width + j], data[b * width + j]) is var c && c != 0) return c;
        return 0;
    }

    private static bool EqualRows<T>(T[] data, int a, int b, int width) where T : INumber<T>
    {
        for (int j = 0; j < width; j++)
            if (data[a * width + j] != data[b * width + j]) return false;
        return true;
    }
}
