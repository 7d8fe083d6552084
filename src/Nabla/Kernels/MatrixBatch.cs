using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// A batch of matrices [..., m, n] as the decompositions see it: contiguous row-major blocks, one
/// matrix after another, and a loop over the matrices spread over the cores.
/// </summary>
internal static class MatrixBatch
{
    /// <summary>The number of matrices in a tensor of <paramref name="shape"/> [..., m, n].</summary>
    public static int Count(int[] shape) => ShapeMath.Numel(shape[..^2]);

    /// <summary>
    /// A contiguous copy of <paramref name="t"/> converted to <paramref name="dtype"/> (and broadcast to
    /// <paramref name="shape"/> when given), for kernels that work in place.
    /// </summary>
    public static Tensor Copy(Tensor t, DType dtype, int[]? shape = null)
    {
        var copy = Tensor.Uninitialized(dtype, shape ?? t.ShapeArray);
        Compute.CopyInto(copy, t);
        return copy;
    }

    /// <summary>A new zero-filled tensor (outputs whose unused triangle or padding must read as zeros).</summary>
    public static Tensor Zeros(DType dtype, int[] shape)
    {
        var t = Tensor.Uninitialized(dtype, shape);
        Compute.FillInto(t, 0);
        return t;
    }

    /// <summary>The batch with each matrix transposed: a strided alias of the same storage, for kernels to copy from.</summary>
    public static Tensor Transposed(Tensor t)
    {
        int[] shape = [.. t.ShapeArray], strides = [.. t.StrideArray];
        (shape[^1], shape[^2]) = (shape[^2], shape[^1]);
        (strides[^1], strides[^2]) = (strides[^2], strides[^1]);
        return new Tensor(t.Storage, shape, strides, t.Offset);
    }

    /// <summary>Runs <paramref name="body"/>(i) for each of <paramref name="count"/> matrices, in parallel when the work pays for it.</summary>
    public static void ForEach(int count, long workPerMatrix, Action<int> body)
        => Batches.Run(count, workPerMatrix, (start, end, _) =>
        {
            for (int i = start; i < end; i++) body(i);
        });

    /// <summary>Exchanges the contents of two rows of equal length.</summary>
    public static void Swap<T>(Span<T> x, Span<T> y)
    {
        for (int i = 0; i < x.Length; i++) (x[i], y[i]) = (y[i], x[i]);
    }

    /// <summary>Machine epsilon of T (the gap between 1 and the next number); <c>float.Epsilon</c> is the smallest subnormal instead.</summary>
    public static T Epsilon<T>() where T : IFloatingPointIeee754<T> => T.BitIncrement(T.One) - T.One;
}
