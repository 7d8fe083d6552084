namespace Nabla.Distributed.Mpi;

/// <summary>Nabla's dtypes and reduce operations as Open MPI handles, checked before anything is queued.</summary>
internal static class MpiHandles
{
    /// <summary>The MPI datatype of <paramref name="tensor"/>'s elements.</summary>
    /// <exception cref="ArgumentException">For a dtype collectives do not carry (bool).</exception>
    public static nint DataType(OpenMpi mpi, Tensor tensor, string paramName) => tensor.DType switch
    {
        DType.Float32 => mpi.Float,
        DType.Float64 => mpi.Double,
        DType.Int64 => mpi.Int64,
        DType.Int32 => mpi.Int32,
        _ => throw new ArgumentException($"collectives take float32, float64, int64 or int32 tensors, got {tensor.DType.Name()}", paramName),
    };

    /// <summary>The MPI operation that computes <paramref name="op"/> (<see cref="ReduceOp.Avg"/> sums, then divides).</summary>
    /// <exception cref="ArgumentException">For <see cref="ReduceOp.Avg"/> on an integer tensor, or an undefined value.</exception>
    public static nint Operation(OpenMpi mpi, ReduceOp op, DType dtype) => op switch
    {
        ReduceOp.Avg when !dtype.IsFloatingPoint() => throw new ArgumentException(
            $"ReduceOp.Avg needs a floating-point tensor (the average of {dtype.Name()} values would be truncated); use ReduceOp.Sum and divide", nameof(op)),
        ReduceOp.Sum or ReduceOp.Avg => mpi.Sum,
        ReduceOp.Product => mpi.Product,
        ReduceOp.Min => mpi.Min,
        ReduceOp.Max => mpi.Max,
        _ => throw new ArgumentException($"unknown reduce operation {(int)op}", nameof(op)),
    };
}
