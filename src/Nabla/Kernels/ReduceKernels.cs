using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>An associative reduction: identity, pairwise combine, span reduce, span-wise combine.</summary>
internal interface IReduceOp
{
    static abstract T Identity<T>() where T : unmanaged, INumber<T>;
    static abstract T Combine<T>(T a, T b) where T : unmanaged, INumber<T>;
    static abstract T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>;
    static abstract void Combine<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T>;
}

/// <summary>Σ x</summary>
internal readonly struct SumOp : IReduceOp
{
    public static T Identity<T>() where T : unmanaged, INumber<T> => T.Zero;
    public static T Combine<T>(T a, T b) where T : unmanaged, INumber<T> => a + b;
    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => VectorSum.Sum(x);
    public static void Combine<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Add(a, b, d);
}

/// <summary>max x, NaN if any is NaN</summary>
internal readonly struct MaxOp : IReduceOp
{
    public static T Identity<T>() where T : unmanaged, INumber<T> => T.CreateSaturating(double.NegativeInfinity);
    public static T Combine<T>(T a, T b) where T : unmanaged, INumber<T> => MaximumOp.Apply(a, b);
    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Max(x);
    public static void Combine<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Max(a, b, d);
}

/// <summary>min x, NaN if any is NaN</summary>
internal readonly struct MinOp : IReduceOp
{
    public static T Identity<T>() where T : unmanaged, INumber<T> => T.CreateSaturating(double.PositiveInfinity);
    public static T Combine<T>(T a, T b) where T : unmanaged, INumber<T> => MinimumOp.Apply(a, b);
    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Min(x);
    public static void Combine<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Min(a, b, d);
}

/// <summary>
/// Folds x into an output whose strides are 0 along the reduced dims: a row along a reduced dim
/// reduces to one value; a row along a kept dim combines span-wise. Runs on one thread (rows of
/// different outer positions may fold into the same output).
/// </summary>
internal readonly struct ReduceKernel<TOp, T>(T[] y, T[] x) : IStridedKernel where TOp : IReduceOp where T : unmanaged, INumber<T>
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        if (s0 == 0)
        {
            T r;
            if (s1 == 1) r = TOp.Reduce<T>(x.AsSpan(o1, n));
            else
            {
                r = x[o1];
                for (int i = 1; i < n; i++) r = TOp.Combine(r, x[o1 + i * s1]);
            }
            y[o0] = TOp.Combine(y[o0], r);
        }
        else if (s0 == 1 && s1 == 1) TOp.Combine<T>(y.AsSpan(o0, n), x.AsSpan(o1, n), y.AsSpan(o0, n));
        else for (int i = 0; i < n; i++) y[o0 + i * s0] = TOp.Combine(y[o0 + i * s0], x[o1 + i * s1]);
    }
}

/// <summary>
/// Max or min along one dim with the index of the first extreme (NaN counts as the extreme, as
/// in PyTorch). Each call handles n output positions; the scanned dim has length/stride fields.
/// </summary>
internal readonly struct ArgExtremeKernel<T>(T[] values, long[] indices, T[] x, int length, int stride, bool max) : IStridedKernel
    where T : unmanaged, INumber<T>
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        for (int i = 0; i < n; i++)
        {
            int start = o2 + i * s2;
            T best = x[start];
            int at = 0;
            for (int j = 1; j < length && !T.IsNaN(best); j++)
            {
                T v = x[start + j * stride];
                if (T.IsNaN(v) || (max ? v > best : v < best)) { best = v; at = j; }
            }
            if (values.Length > 0) values[o0 + i * s0] = best;
            indices[o1 + i * s1] = at;
        }
    }
}

/// <summary>y[pos] = x[pos with the indexed dim replaced by index[pos]] (gather, index_select, take, advanced indexing).</summary>
internal readonly struct GatherKernel<T>(T[] y, long[] index, T[] x, int dimStride) : IStridedKernel where T : unmanaged
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        if (s1 == 0 && s0 == 1 && s2 == 1)   // one index for a contiguous row (index_select, x[rows]): a block copy
        {
            x.AsSpan(o2 + (int)index[o1] * dimStride, n).CopyTo(y.AsSpan(o0, n));
            return;
        }
        for (int i = 0; i < n; i++) y[o0 + i * s0] = x[o2 + i * s2 + (int)index[o1 + i * s1] * dimStride];
    }
}
