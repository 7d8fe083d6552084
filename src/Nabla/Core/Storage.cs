using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>
/// The managed buffer behind one or more tensors (views share it), with the version counter
/// that in-place operations bump and saved tensors check. No Dispose: the GC frees it.
/// </summary>
internal sealed class Storage
{
    /// <summary>A typed array: float[], double[], long[], int[] or bool[].</summary>
    public readonly Array Data;
    public readonly DType DType;
    public readonly int Length;

    /// <summary>Bumped by every in-place write through any tensor sharing this storage.</summary>
    public int Version;

    /// <summary>Made under inference mode: its tensors (and their views) are inference tensors.</summary>
    public bool IsInference;

    // Keeps the pooled array's lease alive exactly as long as this storage (see BufferPool).
    private readonly PooledBuffer? _lease;

    private static long s_lastId;

    /// <summary>Creation order: a backward pass tells the gradients a rule made from those it passed on.</summary>
    public readonly long Id = Interlocked.Increment(ref s_lastId);

    /// <summary>The <see cref="Id"/> of the newest storage so far.</summary>
    public static long LastId => Volatile.Read(ref s_lastId);

    private Storage(Array data, DType dtype, int length, PooledBuffer? lease = null)
    {
        Data = data;
        DType = dtype;
        Length = length;
        _lease = lease;
    }

    /// <summary>Wraps an existing array (no copy; never pooled).</summary>
    public static Storage Wrap<T>(T[] data) => new(data, DTypes.Of<T>(), data.Length);

    /// <summary>A new zero-filled buffer of <paramref name="length"/> elements.</summary>
    public static Storage Zeros(DType dtype, int length)
    {
        if (!IsPooled(dtype, length)) return new(Allocate(dtype, length, zeroed: true), dtype, length);
        var storage = Uninitialized(dtype, length);
        Array.Clear(storage.Data);
        return storage;
    }

    /// <summary>A new buffer whose contents the caller overwrites entirely (large ones come from the <see cref="BufferPool"/>).</summary>
    public static Storage Uninitialized(DType dtype, int length)
    {
        if (!IsPooled(dtype, length)) return new(Allocate(dtype, length, zeroed: false), dtype, length);
        var data = BufferPool.Rent(dtype, length, static (d, n) => Allocate(d, n, zeroed: false));
        return new(data, dtype, length, new PooledBuffer(data, dtype, length));
    }

    /// <summary>A buffer that is never pooled, for arrays handed out to users (<c>ToArray</c>).</summary>
    public static Storage Unpooled(DType dtype, int length) => new(Allocate(dtype, length, zeroed: false), dtype, length);

    private static bool IsPooled(DType dtype, int length) => (long)length * dtype.ElementSize() >= BufferPool.MinBytes;

    private static Array Allocate(DType dtype, int length, bool zeroed) => dtype switch
    {
        DType.Float32 => zeroed ? new float[length] : GC.AllocateUninitializedArray<float>(length),
        DType.Float64 => zeroed ? new double[length] : GC.AllocateUninitializedArray<double>(length),
        DType.Int64 => zeroed ? new long[length] : GC.AllocateUninitializedArray<long>(length),
        DType.Int32 => zeroed ? new int[length] : GC.AllocateUninitializedArray<int>(length),
        _ => new bool[length],
    };

    /// <summary>
    /// The buffer as <typeparamref name="T"/>[]; bool storage is read as byte[] (0 or 1), so that
    /// kernels over INumber types serve bool too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T[] As<T>() => Unsafe.As<T[]>(Data);
}
