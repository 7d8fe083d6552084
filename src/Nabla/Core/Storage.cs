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

    private Storage(Array data, DType dtype, int length)
    {
        Data = data;
        DType = dtype;
        Length = length;
    }

    /// <summary>Wraps an existing array (no copy).</summary>
    public static Storage Wrap<T>(T[] data) => new(data, DTypes.Of<T>(), data.Length);

    /// <summary>A new zero-filled buffer of <paramref name="length"/> elements.</summary>
    public static Storage Zeros(DType dtype, int length) => new(dtype switch
    {
        DType.Float32 => new float[length],
        DType.Float64 => new double[length],
        DType.Int64 => new long[length],
        DType.Int32 => new int[length],
        _ => new bool[length],
    }, dtype, length);

    /// <summary>A new buffer whose contents the caller overwrites entirely.</summary>
    public static Storage Uninitialized(DType dtype, int length) => new(dtype switch
    {
        DType.Float32 => GC.AllocateUninitializedArray<float>(length),
        DType.Float64 => GC.AllocateUninitializedArray<double>(length),
        DType.Int64 => GC.AllocateUninitializedArray<long>(length),
        DType.Int32 => GC.AllocateUninitializedArray<int>(length),
        _ => new bool[length],
    }, dtype, length);

    /// <summary>
    /// The buffer as <typeparamref name="T"/>[]; bool storage is read as byte[] (0 or 1), so that
    /// kernels over INumber types serve bool too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T[] As<T>() => Unsafe.As<T[]>(Data);
}
