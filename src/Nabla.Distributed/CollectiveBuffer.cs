using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Nabla.Kernels;

namespace Nabla.Distributed;

/// <summary>
/// The elements one collective reads or writes: the tensor's own storage when they are dense
/// (contiguous, at any offset), so that MPI works in place without a copy; otherwise a dense copy,
/// written back into the tensor once the collective has finished.
/// </summary>
/// <remarks>
/// The only file of the package that reaches into Nabla's internals (storage, offset, version,
/// copy kernels): a tensor is a view over a managed array, and MPI needs that array's address.
/// </remarks>
internal sealed class CollectiveBuffer
{
    private readonly Tensor _target;

    private CollectiveBuffer(Tensor target, Tensor dense)
    {
        _target = target;
        Dense = dense;
    }

    /// <summary>What MPI reads and writes: a contiguous tensor.</summary>
    public Tensor Dense { get; }

    /// <summary>The number of elements.</summary>
    public int Count => Dense.Count;

    /// <summary>For a tensor the collective only reads: dense ones as they are, others copied now (a snapshot).</summary>
    public static CollectiveBuffer ForRead(Tensor tensor) => new(tensor, tensor.IsContiguous ? tensor : Compute.Clone(tensor));

    /// <summary>For a tensor the collective writes (and may read first).</summary>
    /// <exception cref="ArgumentException">When elements of the tensor share memory (an expanded view): the result would be ambiguous.</exception>
    public static CollectiveBuffer ForWrite(Tensor tensor, string paramName)
    {
        CheckWritable(tensor, paramName);
        return new(tensor, tensor.IsContiguous ? tensor : Compute.Clone(tensor));
    }

    /// <summary>A new dense buffer of <paramref name="count"/> elements for results that are copied out elsewhere.</summary>
    public static CollectiveBuffer Scratch(DType dtype, int count)
    {
        var dense = Tensor.Empty([count], dtype);
        return new(dense, dense);
    }

    /// <summary>Throws unless every element of <paramref name="tensor"/> has its own memory location.</summary>
    public static void CheckWritable(Tensor tensor, string paramName)
    {
        for (int d = 0; d < tensor.Dim; d++)
            if (tensor.StrideArray[d] == 0 && tensor.ShapeArray[d] > 1)
                throw new ArgumentException(
                    $"unsupported operation: more than one element of the written-to tensor (shape {tensor.Shape}, strides [{string.Join(", ", tensor.StrideArray)}]) " +
                    "refers to a single memory location. Please Clone() the tensor before performing the operation.", paramName);
    }

    /// <summary>
    /// Records an in-place write to <paramref name="tensor"/> (its version counter moves, as after
    /// any in-place op), at the call, as torch.distributed does: not when the data arrives.
    /// </summary>
    public static void MarkWritten(Tensor tensor) => tensor.Storage.Version++;

    /// <summary>Pins the storage for one MPI call and gives the address of the first element.</summary>
    public PinnedAddress Pin()
    {
        var handle = GCHandle.Alloc(Dense.Storage.Data, GCHandleType.Pinned);
        return new(handle, handle.AddrOfPinnedObject() + (nint)Dense.Offset * Dense.DType.ElementSize());
    }

    /// <summary>Copies the dense result into the caller's tensor when the collective worked on a copy.</summary>
    public void CopyBack()
    {
        if (!ReferenceEquals(Dense, _target)) Compute.CopyInto(_target, Dense);
    }

    /// <summary>Copies the dense elements <c>[start, start + target.Numel)</c> into <paramref name="target"/>.</summary>
    public void CopySliceTo(Tensor target, int start) => Compute.CopyInto(target, Dense[start..(start + (int)target.Numel)].View(target.ShapeArray));

    /// <summary>Copies <paramref name="source"/> into the dense elements <c>[start, start + source.Numel)</c>.</summary>
    public void CopySliceFrom(Tensor source, int start) => Compute.CopyInto(Dense[start..(start + (int)source.Numel)].View(source.ShapeArray), source);

    /// <summary>Divides every element by <paramref name="divisor"/> (for <see cref="ReduceOp.Avg"/>; floating point only).</summary>
    public void Divide(int divisor)
    {
        if (Dense.DType == DType.Float32)
        {
            var span = Dense.Data<float>().AsSpan(Dense.Offset, Count);
            TensorPrimitives.Divide(span, divisor, span);
        }
        else
        {
            var span = Dense.Data<double>().AsSpan(Dense.Offset, Count);
            TensorPrimitives.Divide(span, divisor, span);
        }
    }
}

/// <summary>A storage pinned for the duration of one MPI call.</summary>
internal readonly struct PinnedAddress(GCHandle handle, nint address) : IDisposable
{
    /// <summary>The address of the first element the call uses.</summary>
    public nint Address { get; } = address;

    /// <summary>Unpins the storage.</summary>
    public void Dispose() => handle.Free();
}
