namespace Nabla;

/// <summary>
/// Recycles large tensor buffers (those the GC would put on the large-object heap), so that a
/// training loop that makes the same large temporaries every step does not churn the LOH and fresh
/// pages. A buffer returns to the pool when its <see cref="Storage"/> becomes unreachable: the
/// storage holds a small <see cref="PooledBuffer"/> whose finalizer hands the array back, so
/// recycling needs no Dispose and only ever reuses arrays nothing can reach any more.
/// </summary>
internal static class BufferPool
{
    /// <summary>Arrays of at least this many bytes are pooled (the LOH threshold: smaller ones are cheap gen0 allocations).</summary>
    public const int MinBytes = 85_000;

    /// <summary>The most the pool keeps idle; beyond it, returned arrays are left to the GC.</summary>
    public const long MaxIdleBytes = 512L << 20;

    /// <summary>
    /// Bytes leased between forced collections. Dead leases are only finalized when the GC runs,
    /// and small-object allocation alone may not run it for a long time; a large miss after this
    /// much leasing first collects the young generations, because page-faulting a fresh large
    /// array costs far more (about 16 µs per 4 KiB page here) than a gen-1 collection.
    /// </summary>
    public const long CollectBudget = 64L << 20;

    private static readonly Lock s_lock = new();
    private static readonly Dictionary<(DType, int), Stack<Array>> s_idle = [];
    private static long s_idleBytes;
    private static long s_leasedSinceCollect;

    /// <summary>A buffer for a new storage: an idle one, one freed by a young collection, or a fresh allocation.</summary>
    public static Array Rent(DType dtype, int length, Func<DType, int, Array> allocate)
    {
        long bytes = (long)length * dtype.ElementSize();
        if (TryRent(dtype, length) is { } idle) return Leased(idle, bytes);
        if (Interlocked.Read(ref s_leasedSinceCollect) >= CollectBudget)
        {
            Interlocked.Exchange(ref s_leasedSinceCollect, 0);
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            if (TryRent(dtype, length) is { } freed) return Leased(freed, bytes);
        }
        return Leased(allocate(dtype, length), bytes);
    }

    private static Array Leased(Array array, long bytes)
    {
        Interlocked.Add(ref s_leasedSinceCollect, bytes);
        return array;
    }

    /// <summary>An idle array of exactly <paramref name="length"/> elements, or null. Its contents are stale.</summary>
    public static Array? TryRent(DType dtype, int length)
    {
        lock (s_lock)
        {
            if (!s_idle.TryGetValue((dtype, length), out var stack) || stack.Count == 0) return null;
            s_idleBytes -= (long)length * dtype.ElementSize();
            return stack.Pop();
        }
    }

    /// <summary>Takes back an array that no live storage references.</summary>
    public static void Return(Array array, DType dtype, int length)
    {
        long bytes = (long)length * dtype.ElementSize();
        lock (s_lock)
        {
            if (s_idleBytes + bytes > MaxIdleBytes) return;
            if (!s_idle.TryGetValue((dtype, length), out var stack)) s_idle[(dtype, length)] = stack = new();
            stack.Push(array);
            s_idleBytes += bytes;
        }
    }

    /// <summary>Bytes held idle now (for tests and diagnostics).</summary>
    public static long IdleBytes
    {
        get { lock (s_lock) return s_idleBytes; }
    }

    /// <summary>Drops every idle array (for tests and diagnostics).</summary>
    public static void Clear()
    {
        lock (s_lock)
        {
            s_idle.Clear();
            s_idleBytes = 0;
        }
    }
}

/// <summary>The lease of a pooled array: finalized together with the storage that owns it.</summary>
internal sealed class PooledBuffer(Array array, DType dtype, int length)
{
    ~PooledBuffer() => BufferPool.Return(array, dtype, length);
}
