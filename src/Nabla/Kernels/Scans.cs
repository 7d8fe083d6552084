using System.Numerics;

namespace Nabla.Kernels;

/// <summary>A cumulative operation along one dim: y₀ = x₀, yₖ = yₖ₋₁ ⊕ xₖ.</summary>
internal interface IScanOp
{
    static abstract T Combine<T>(T accumulated, T x) where T : unmanaged, INumber<T>;
}

/// <summary>yₖ = yₖ₋₁ + xₖ (cumsum)</summary>
internal readonly struct CumSumOp : IScanOp
{
    public static T Combine<T>(T accumulated, T x) where T : unmanaged, INumber<T> => accumulated + x;
}

/// <summary>Scans along a dim at tensor level (no autograd).</summary>
internal static class Scans
{
    /// <summary>The scan of <paramref name="x"/> along <paramref name="dim"/>, computed in and returned as <paramref name="dtype"/>.</summary>
    public static Tensor Scan<TOp>(Tensor x, int dim, DType dtype) where TOp : IScanOp
    {
        x = Compute.Cast(x, dtype);
        var y = Tensor.Uninitialized(dtype, x.ShapeArray);
        if (y.Count > 0) Dispatch.Run(dtype, new ScanAction<TOp>(y, x, dim));
        return y;
    }

    // The driver walks every line start (the shape without `dim`); the kernel runs each line.
    private readonly struct ScanAction<TOp>(Tensor y, Tensor x, int dim) : ITypedAction where TOp : IScanOp
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new ScanKernel<TOp, T>(y.Data<T>(), x.Data<T>(), y.ShapeArray[dim], y.StrideArray[dim], x.StrideArray[dim]);
            var lines = Reductions.Without(y.ShapeArray, dim);
            Strided.Run(ref k, lines, new Operand(Reductions.Without(y.StrideArray, dim), y.Offset), new Operand(Reductions.Without(x.StrideArray, dim), x.Offset));
        }
    }
}

/// <summary>One scanned line per element of the driven row: <paramref name="length"/> steps of the given strides.</summary>
internal readonly struct ScanKernel<TOp, T>(T[] y, T[] x, int length, int yStride, int xStride) : IStridedKernel
    where TOp : IScanOp where T : unmanaged, INumber<T>
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        for (int i = 0; i < n; i++)
        {
            int yo = o0 + i * s0, xo = o1 + i * s1;
            T accumulated = x[xo];
            y[yo] = accumulated;
            for (int k = 1; k < length; k++)
            {
                accumulated = TOp.Combine(accumulated, x[xo + k * xStride]);
                y[yo + k * yStride] = accumulated;
            }
        }
    }
}
