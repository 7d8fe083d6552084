using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>
/// An n-dimensional array with automatic differentiation, like <c>torch.Tensor</c>.
/// A tensor is a view (shape, strides, offset) over a managed <see cref="Storage"/>; views made by
/// transpose, permute, expand, indexing or <see cref="Detach"/> share it. Nothing to dispose.
/// </summary>
/// <remarks>The members are split by theme over the <c>Tensor.*.cs</c> files.</remarks>
public partial class Tensor
{
    // Storage, strides and offset change only in ReplaceData (Module.To's in-place conversion).
    internal Storage Storage { get; private set; }
    internal readonly int[] ShapeArray;
    internal int[] StrideArray { get; private set; }
    internal int Offset { get; private set; }

    /// <summary>A view over <paramref name="storage"/>; shape and strides are owned by the tensor.</summary>
    internal Tensor(Storage storage, int[] shape, int[] strides, int offset)
    {
        Storage = storage;
        ShapeArray = shape;
        StrideArray = strides;
        Offset = offset;
    }

    /// <summary>A contiguous tensor over <paramref name="storage"/>, a new buffer (made under inference mode, an inference tensor).</summary>
    internal Tensor(Storage storage, int[] shape) : this(storage, shape, ShapeMath.ContiguousStrides(shape), 0)
    {
        if (GradMode.IsInference) storage.IsInference = true;
    }

    /// <summary>Copy constructor for subclasses such as <c>Parameter</c>: shares the storage and view.</summary>
    protected Tensor(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Storage = data.Storage;
        ShapeArray = data.ShapeArray;
        StrideArray = data.StrideArray;
        Offset = data.Offset;
    }

    /// <summary>
    /// Rebinds this tensor to the data of <paramref name="source"/> (same shape, any dtype), keeping the
    /// object, like PyTorch's <c>t.data = source</c>: how <c>Module.To</c> converts a parameter that
    /// optimisers and layers already hold. The new storage's version is moved past the old one, so a graph
    /// that saved this tensor before refuses to backpropagate with the replaced data.
    /// </summary>
    internal void ReplaceData(Tensor source)
    {
        if (!ShapeMath.SameShape(source.ShapeArray, ShapeArray))
            throw new ArgumentException($"ReplaceData needs the same shape: {ShapeMath.Format(source.ShapeArray)} differs from {ShapeMath.Format(ShapeArray)}");
        int version = Storage.Version + 1;
        Storage = source.Storage;
        StrideArray = source.StrideArray;
        Offset = source.Offset;
        Storage.Version = Math.Max(Storage.Version, version);
    }

    /// <summary>A new contiguous tensor whose elements the caller writes.</summary>
    internal static Tensor Uninitialized(DType dtype, int[] shape) => new(Storage.Uninitialized(dtype, ShapeMath.Numel(shape)), shape);

    /// <summary>True for a 0-d tensor made from a C# number by an operator (PyTorch's "wrapped number"), which ranks lowest in type promotion.</summary>
    internal bool IsWrappedNumber { get; private init; }

    /// <summary>A C# number as a 0-d tensor of <paramref name="dtype"/> that ranks lowest in type promotion.</summary>
    /// <remarks>
    /// Recently wrapped numbers are reused (y * 1.01 + 0.5 in a loop wraps the same two each time): a
    /// wrapped number is internal and never written, and a cached one whose storage was written all the
    /// same (its version moved) is not handed out again. Saves three of the ~10 objects a tiny op
    /// allocates. (A table shared by all threads: a [ThreadStatic] one cost ~10 ns a lookup here.)
    /// </remarks>
    internal static Tensor Wrap(double value, DType dtype)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int slot = WrappedSlot(bits, dtype);
        // Entries are immutable and replaced whole, so threads can share the table without locks.
        if (Volatile.Read(ref s_wrapped[slot]) is { } hit && hit.Bits == bits && hit.Tensor.DType == dtype && hit.Tensor.Storage.Version == 0)
            return hit.Tensor;
        var t = new Tensor(Storage.Uninitialized(dtype, 1), []) { IsWrappedNumber = true };
        Kernels.Compute.FillInto(t, value);
        Volatile.Write(ref s_wrapped[slot], new WrappedNumber(bits, t));
        return t;
    }

    private sealed record WrappedNumber(long Bits, Tensor Tensor);

    private const int WrappedSlotBits = 4;

    /// <summary>
    /// The cache slot of a wrapped number, by Fibonacci hashing: the top bits of the product depend on all
    /// of the key. (The low bits of small integers and halves are all zero, so a modulus put 0.5, 1 and 2
    /// in one slot, and x * 2 + 1 wrapped both numbers afresh every time.)
    /// </summary>
    internal static int WrappedSlot(long bits, DType dtype)
        => (int)(((ulong)bits ^ ((ulong)dtype << 56)) * 0x9E3779B97F4A7C15UL >> (64 - WrappedSlotBits));

    private static readonly WrappedNumber?[] s_wrapped = new WrappedNumber?[1 << WrappedSlotBits];

    /// <summary>A C# floating number as a wrapped number, held in the dtype this tensor computes it with (no conversion later).</summary>
    internal Tensor WrapScalar(double value) => Wrap(value, DType.IsFloatingPoint() ? DType : DTypes.DefaultFloat);

    /// <summary>A C# integer as a wrapped number: int64, or this tensor's dtype when that already holds it exactly enough (float, int32).</summary>
    internal Tensor WrapScalar(long value) => Wrap(value, DType.IsFloatingPoint() || DType == DType.Int32 ? DType : DType.Int64);

    /// <summary>The element type.</summary>
    public DType DType => Storage.DType;

    /// <summary>The sizes of the dimensions, like <c>x.shape</c>.</summary>
    public TensorShape Shape => new(ShapeArray);

    /// <summary>The number of dimensions, like <c>x.dim()</c>.</summary>
    public int Dim => ShapeArray.Length;

    /// <summary>The number of elements, like <c>x.numel()</c>.</summary>
    public long Numel => ShapeMath.Numel(ShapeArray);

    internal int Count => ShapeMath.Numel(ShapeArray);

    /// <summary>The size of one dimension (negative counts from the end), like <c>x.size(dim)</c>.</summary>
    public int Size(int dim) => Dim == 0
        ? throw new ArgumentOutOfRangeException(nameof(dim), $"dimension specified as {dim} but tensor has no dimensions")
        : ShapeArray[ShapeMath.NormalizeDim(dim, Dim)];

    /// <summary>Elements to skip per step along each dimension, like <c>x.stride()</c>.</summary>
    public long[] Strides => Array.ConvertAll(StrideArray, s => (long)s);

    /// <summary>True when the elements are laid out row-major without gaps, like <c>x.is_contiguous()</c>.</summary>
    public bool IsContiguous => ShapeMath.IsContiguous(ShapeArray, StrideArray);

    /// <summary>The storage as a typed array (bool as byte).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T[] Data<T>() => Storage.As<T>();
}
