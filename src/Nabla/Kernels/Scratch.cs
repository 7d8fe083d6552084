using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>The per-thread scratch arrays a kernel may hold at once: one slot per use, so that nested uses never share.</summary>
internal enum ScratchSlot
{
    /// <summary>A zero-padded copy of input planes (direct convolution).</summary>
    PaddedInput,

    /// <summary>A wide output or gradient layout (direct convolution).</summary>
    Wide,

    /// <summary>An unfolded input slab, or a GEMM's output before it is folded back (im2col convolution).</summary>
    Columns,

    /// <summary>Transformed filters (Winograd convolution), read by every worker of the call that made them.</summary>
    TransformedFilters,

    /// <summary>Input planes split into quarters by row and column parity (Winograd convolution).</summary>
    TileInputs,

    /// <summary>Output-gradient planes split into quarters by row and column parity (Winograd weight gradient).</summary>
    TileGradients,

    /// <summary>Transformed input tiles (Winograd convolution).</summary>
    Transformed,

    /// <summary>Products of transformed filters and tiles, before the output transform (Winograd convolution).</summary>
    Products,
}

/// <summary>
/// Per-thread scratch arrays that kernels reuse from call to call. A kernel's working arrays of a
/// megabyte or so would otherwise be fresh large-object allocations on every call: zeroed by the
/// runtime, and page-faulted in again after each collection that gives their memory back (measured:
/// ~800 page faults per ResNet-block conv forward + backward, 7% of its time). Each array grows to
/// the largest length asked for, up to <see cref="MaxKeptBytes"/>, and stays with its thread.
/// </summary>
/// <remarks>
/// A kernel must not keep a scratch array past its call; other threads may read or write it only during
/// the call (the workers of a parallel loop that the call runs and waits for).
/// </remarks>
internal static class Scratch<T> where T : unmanaged
{
    /// <summary>
    /// The most a slot keeps for its thread. A larger request gets an array of its own, left to the GC: one
    /// huge layer (a Winograd convolution splits a whole sample's input planes) must not hold its working
    /// memory on a thread for good; at that size the allocation is small next to the work.
    /// </summary>
    public const int MaxKeptBytes = 16 << 20;

    [ThreadStatic] private static T[]?[]? slots;

    /// <summary>An array of at least <paramref name="length"/> elements whose first <paramref name="length"/> are zero.</summary>
    public static T[] Cleared(ScratchSlot slot, int length)
    {
        var buffer = Get(slot, length, out bool fresh);
        if (!fresh) Array.Clear(buffer, 0, length);
        return buffer;
    }

    /// <summary>An array of at least <paramref name="length"/> elements, with stale contents: for callers that write all they read.</summary>
    public static T[] Uninitialized(ScratchSlot slot, int length) => Get(slot, length, out _);

    private static T[] Get(ScratchSlot slot, int length, out bool fresh)
    {
        slots ??= new T[]?[Enum.GetValues<ScratchSlot>().Length];
        var buffer = slots[(int)slot];
        fresh = buffer is null || buffer.Length < length;
        if (!fresh) return buffer!;
        var made = new T[length];
        if ((long)length * Unsafe.SizeOf<T>() <= MaxKeptBytes) slots[(int)slot] = made;
        return made;
    }
}
