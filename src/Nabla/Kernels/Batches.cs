namespace Nabla.Kernels;

/// <summary>
/// Splits independent items (the samples of a batch, the planes of a pooling) over the cores. A
/// worker gets a contiguous range, so it can reuse one scratch buffer for all of its items.
/// </summary>
internal static class Batches
{
    /// <summary>
    /// Runs <paramref name="body"/>(start, end, threads) over [0, <paramref name="count"/>): in one
    /// call with all threads offered to its inner GEMMs when the work is small or there is one item,
    /// else in one range per core with single-threaded inner work (nested parallelism only adds overhead).
    /// </summary>
    public static void Run(int count, long workPerItem, Action<int, int, int> body)
    {
        int workers = Math.Min(Workers.Count, count);
        if (workers <= 1 || workPerItem * count < Gemm.ParallelThreshold)
        {
            body(0, count, Gemm.MaxThreads);
            return;
        }
        Workers.For(workers, w => body((int)((long)count * w / workers), (int)((long)count * (w + 1) / workers), 1));
    }

    /// <summary>
    /// <see cref="Run"/> for items that all add into one array (a weight gradient summed over samples): each range
    /// adds into its own zeroed array of <paramref name="total"/>'s length, and those are added up into
    /// <paramref name="total"/> in the order of their ranges, so that the result does not depend on thread timing.
    /// </summary>
    public static void SumInOrder<T>(T[] total, int count, long workPerItem, Action<int, int, int, T[]> body)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        var partials = new SortedList<int, T[]>();
        Run(count, workPerItem, (start, end, threads) =>
        {
            var sum = new T[total.Length];
            body(start, end, threads, sum);
            lock (partials) partials.Add(start, sum);
        });
        Array.Clear(total);
        foreach (var partial in partials.Values) System.Numerics.Tensors.TensorPrimitives.Add<T>(total, partial, total);
    }

    /// <summary>
    /// <see cref="Run"/> for items that stream memory (a pooling or resampling plane: a few operations per
    /// element): parallel from as many elements as the elementwise kernels (<see cref="Strided.ParallelThreshold"/>),
    /// not from a GEMM's flop count, which kept LeNet's pools (300K elements) on one thread.
    /// </summary>
    public static void RunStreaming(int count, long elementsPerItem, Action<int, int, int> body)
        => Run(count, elementsPerItem * StreamingWeight, body);

    // An element of a streaming item counted against Gemm.ParallelThreshold, so that the two thresholds agree.
    private static long StreamingWeight => Math.Max(1, Gemm.ParallelThreshold / Strided.ParallelThreshold);
}
