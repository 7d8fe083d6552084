using System.Numerics;

namespace Nabla.Kernels;

/// <summary>cummax and cummin at tensor level (no autograd): the running extreme along a dim and where it was reached.</summary>
internal static class CumulativeExtremes
{
    /// <summary>Running max (or min) along <paramref name="dim"/> and the int64 position of each, both of x's shape.</summary>
    public static (Tensor Values, Tensor Indices) Scan(Tensor x, int dim, bool max)
    {
        var values = Tensor.Uninitialized(x.DType, x.ShapeArray);
        var indices = Tensor.Uninitialized(DType.Int64, x.ShapeArray);
        if (x.Count > 0) Dispatch.Run(x.DType, new ScanAction(values, indices, x, dim, max));
        return (values, indices);
    }

    private readonly struct ScanAction(Tensor values, Tensor indices, Tensor x, int dim, bool max) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new CumulativeExtremeKernel<T>(values.Data<T>(), indices.Data<long>(), x.Data<T>(), x.ShapeArray[dim],
                values.StrideArray[dim], indices.StrideArray[dim], x.StrideArray[dim], max);
            Strided.Run(ref k, Reductions.Without(x.ShapeArray, dim), LineStarts(values, dim), LineStarts(indices, dim), LineStarts(x, dim));
        }
    }

    private static Operand LineStarts(Tensor t, int dim) => new(Reductions.Without(t.StrideArray, dim), t.Offset);
}

/// <summary>
/// One running extreme per element of the driven row: a new value takes over when it is at least as
/// large (small), so ties report the latest position, and NaN takes over and stays (later NaNs take
/// its place), as PyTorch's cummax/cummin.
/// </summary>
internal readonly struct CumulativeExtremeKernel<T>(T[] values, long[] indices, T[] x, int length, int valueStride, int indexStride, int xStride, bool max)
    : IStridedKernel where T : unmanaged, INumber<T>
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        for (int i = 0; i < n; i++)
        {
            int vo = o0 + i * s0, io = o1 + i * s1, xo = o2 + i * s2;
            T best = x[xo];
            long at = 0;
            for (int k = 0; k < length; k++)
            {
                T v = x[xo + k * xStride];
                if (T.IsNaN(v) || (max ? v >= best : v <= best))
                {
                    best = v;
                    at = k;
                }
                values[vo + k * valueStride] = best;
                indices[io + k * indexStride] = at;
            }
        }
    }
}
