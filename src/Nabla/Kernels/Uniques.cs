using System.Numerics;
using System.Runtime.InteropServices;

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
        return (action.Values!, action.Inverse, action.Counts!);
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
    // Counts by hashing, then sorts only the distinct values: linear in the elements (labels with a few
    // classes are the common case). NaN never equals itself, so each NaN is its own value, after the numbers.
    private struct ElementsAction(Tensor x) : ITypedAction
    {
        public Tensor? Values, Counts;
        public readonly Tensor Inverse = Tensor.Uninitialized(DType.Int64, x.ShapeArray);   // contiguous: element i is inverse[i]

        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var data = x.Data<T>().AsSpan(x.Offset, x.Count);
            var occurrences = new Dictionary<T, long>();
            int nans = 0;
            foreach (var v in data)
                if (T.IsNaN(v)) nans++;
                else CollectionsMarshal.GetValueRefOrAddDefault(occurrences, v, out _)++;
            var numbers = occurrences.Keys.ToArray();
            Array.Sort(numbers);
            var rankOf = new Dictionary<T, int>(numbers.Length);
            var counts = new long[numbers.Length + nans];
            for (int i = 0; i < numbers.Length; i++)
            {
                rankOf[numbers[i]] = i;
                counts[i] = occurrences[numbers[i]];
            }
            var inverse = Inverse.Data<long>();
            for (int i = 0, nan = numbers.Length; i < data.Length; i++)
                inverse[i] = T.IsNaN(data[i]) ? nan++ : rankOf[data[i]];
            counts.AsSpan(numbers.Length).Fill(1);
            Values = Filled(x.DType, [counts.Length], [.. numbers, .. Enumerable.Repeat(T.CreateTruncating(double.NaN), nans)]);
            Counts = Filled(DType.Int64, [counts.Length], counts);
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
