using System.Numerics;

namespace Nabla.Kernels;

/// <summary>An element of a line and its position in the line: what selection moves around.</summary>
internal struct Ranked<T>(T value, int index) where T : unmanaged
{
    public T Value = value;
    public int Index = index;
}

/// <summary>PyTorch's ascending order: NaN above every number; equal values by position, so it is a total order.</summary>
internal readonly struct Ascending<T> : IComparer<Ranked<T>> where T : unmanaged, INumber<T>
{
    public int Compare(Ranked<T> a, Ranked<T> b)
    {
        int c = LineOrder.Compare(a.Value, b.Value);
        return c != 0 ? c : a.Index - b.Index;
    }
}

/// <summary>The descending order: NaN first; equal values still by position (what a stable descending sort gives).</summary>
internal readonly struct Descending<T> : IComparer<Ranked<T>> where T : unmanaged, INumber<T>
{
    public int Compare(Ranked<T> a, Ranked<T> b)
    {
        int c = LineOrder.Compare(b.Value, a.Value);
        return c != 0 ? c : a.Index - b.Index;
    }
}

/// <summary>Sorting and selection of one line in PyTorch's order (NaN as the largest value; stable).</summary>
internal static class LineOrder
{
    /// <summary>-1, 0 or 1 as a is below, equal to or above b, NaN above every number and equal to NaN.</summary>
    public static int Compare<T>(T a, T b) where T : INumber<T>
    {
        if (a < b) return -1;
        if (a > b) return 1;
        bool aNaN = T.IsNaN(a), bNaN = T.IsNaN(b);
        return aNaN == bNaN ? 0 : aNaN ? 1 : -1;
    }

    private static bool Same<T>(T a, T b) where T : INumber<T> => a == b || T.IsNaN(a) && T.IsNaN(b);

    /// <summary>
    /// Sorts <paramref name="keys"/>, moving each key's position in <paramref name="items"/> with it, stably:
    /// ascending with NaN last, or descending with NaN first.
    /// </summary>
    public static void Sort<T>(Span<T> keys, Span<int> items, bool descending) where T : unmanaged, INumber<T>
    {
        keys.Sort(items);   // the BCL's introsort on primitive keys (fast, unstable, NaN first)
        int nans = 0;
        while (nans < keys.Length && T.IsNaN(keys[nans])) nans++;
        if (nans > 0)   // NaN belongs after every number
        {
            RotateLeft(keys, nans);
            RotateLeft(items, nans);
        }
        if (descending)
        {
            keys.Reverse();
            items.Reverse();
        }
        // Stability: equal keys are together now; put each run back in the order of its positions.
        for (int start = 0, end; start < keys.Length; start = end)
        {
            for (end = start + 1; end < keys.Length && Same(keys[end], keys[start]); end++) { }
            if (end - start > 1) items[start..end].Sort();
        }
    }

    private static void RotateLeft<T>(Span<T> x, int by)
    {
        x[..by].Reverse();
        x[by..].Reverse();
        x.Reverse();
    }

    /// <summary>
    /// Rearranges <paramref name="items"/> so that the element of rank <paramref name="k"/> in
    /// <paramref name="order"/> is at k, with smaller elements before it and larger ones after
    /// (C++'s nth_element): quickselect with median-of-three pivots, falling back to sorting the
    /// remaining range when the pivots keep being poor.
    /// </summary>
    public static void Select<T, TOrder>(Span<T> items, int k, TOrder order) where TOrder : IComparer<T>
    {
        int lo = 0, hi = items.Length - 1;
        int budget = 2 * BitOperations.Log2((uint)items.Length + 1) + 4;
        while (hi - lo > 16 && budget-- > 0)
        {
            int mid = lo + (hi - lo) / 2;
            SortThree(items, lo, mid, hi, order);
            var pivot = items[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (order.Compare(items[i], pivot) < 0) i++;
                while (order.Compare(items[j], pivot) > 0) j--;
                if (i > j) break;
                (items[i], items[j]) = (items[j], items[i]);
                i++;
                j--;
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;   // j < k < i: items[k] is the pivot, in place
        }
        if (hi > lo) items[lo..(hi + 1)].Sort(order);
    }

    /// <summary>
    /// The first <c>best.Length</c> of the <paramref name="count"/> elements data[start + i·stride] in
    /// <paramref name="order"/> (as values with their positions), unordered, in one pass: a heap of the best
    /// so far whose root is the worst of them, so an element that does not belong costs one comparison.
    /// </summary>
    public static void KeepFirst<T, TOrder>(T[] data, int start, int stride, int count, Span<Ranked<T>> best, TOrder order)
        where T : unmanaged where TOrder : IComparer<Ranked<T>>
    {
        int k = best.Length;
        for (int i = 0; i < k; i++) best[i] = new Ranked<T>(data[start + i * stride], i);
        for (int i = k / 2 - 1; i >= 0; i--) SiftDown(best, i, order);
        for (int i = k; i < count; i++)
        {
            var candidate = new Ranked<T>(data[start + i * stride], i);
            if (order.Compare(candidate, best[0]) >= 0) continue;
            best[0] = candidate;
            SiftDown(best, 0, order);
        }
    }

    // Restores the heap below `at`, where each parent comes after its children in the order (the root is the worst).
    private static void SiftDown<T, TOrder>(Span<T> heap, int at, TOrder order) where TOrder : IComparer<T>
    {
        var item = heap[at];
        while (true)
        {
            int child = 2 * at + 1;
            if (child >= heap.Length) break;
            if (child + 1 < heap.Length && order.Compare(heap[child + 1], heap[child]) > 0) child++;
            if (order.Compare(heap[child], item) <= 0) break;
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = item;
    }

    private static void SortThree<T, TOrder>(Span<T> x, int a, int b, int c, TOrder order) where TOrder : IComparer<T>
    {
        if (order.Compare(x[b], x[a]) < 0) (x[a], x[b]) = (x[b], x[a]);
        if (order.Compare(x[c], x[b]) < 0) (x[b], x[c]) = (x[c], x[b]);
        if (order.Compare(x[b], x[a]) < 0) (x[a], x[b]) = (x[b], x[a]);
    }
}
