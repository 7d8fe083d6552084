using System.Numerics;

namespace Nabla.Kernels;

/// <summary>How a scatter combines the value already at a position with the one written there.</summary>
internal interface IScatterCombine
{
    static abstract T Combine<T>(T current, T written) where T : unmanaged, INumber<T>;

    /// <summary>The same over a row of distinct positions.</summary>
    static abstract void Combine<T>(Span<T> current, ReadOnlySpan<T> written) where T : unmanaged, INumber<T>;
}

/// <summary>The written value replaces the old one (scatter, index_copy, index_put; the last write wins).</summary>
internal readonly struct Overwrite : IScatterCombine
{
    public static T Combine<T>(T current, T written) where T : unmanaged, INumber<T> => written;

    public static void Combine<T>(Span<T> current, ReadOnlySpan<T> written) where T : unmanaged, INumber<T> => written.CopyTo(current);
}

/// <summary>The binary op of both (sum, prod, amax and amin of scatter_reduce; scatter_add, index_add, accumulating index_put).</summary>
internal readonly struct Reduce<TOp> : IScatterCombine where TOp : IBinaryOp
{
    public static T Combine<T>(T current, T written) where T : unmanaged, INumber<T> => TOp.Apply(current, written);

    public static void Combine<T>(Span<T> current, ReadOnlySpan<T> written) where T : unmanaged, INumber<T> => TOp.Apply(current, written, current);
}

/// <summary>y[o0 + index[pos]·dimStride] = combine(that, src[pos]): the body of every scatter (run on one thread: positions may repeat).</summary>
internal readonly struct ScatterKernel<T, TCombine>(T[] y, long[] index, T[] src, int dimStride) : IStridedKernel
    where T : unmanaged, INumber<T> where TCombine : IScatterCombine
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        if (s1 == 0 && s0 == 1 && s2 == 1)   // one index for a contiguous row (index_add, x[rows] = v): the row at once
        {
            TCombine.Combine(y.AsSpan(o0 + (int)index[o1] * dimStride, n), src.AsSpan(o2, n));
            return;
        }
        for (int i = 0; i < n; i++)
        {
            ref T at = ref y[o0 + i * s0 + (int)index[o1 + i * s1] * dimStride];
            at = TCombine.Combine(at, src[o2 + i * s2]);
        }
    }
}

/// <summary>
/// sums[pos] /= counts[pos], the last step of scatter_reduce's mean: true division for floats, floor
/// division for integers (PyTorch's rounding_mode="floor"); a position no value reached (count 0) stays.
/// </summary>
internal readonly struct MeanOfSumKernel<T>(T[] sums, T[] counts) : IStridedKernel where T : unmanaged, INumber<T>
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        for (int i = 0; i < n; i++)
        {
            ref T sum = ref sums[o0 + i * s0];
            T count = counts[o1 + i * s1];
            if (T.IsZero(count)) continue;
            T quotient = sum / count;
            sum = Fp.IsFloat<T>() || T.IsZero(sum % count) || sum > T.Zero ? quotient : quotient - T.One;
        }
    }
}
