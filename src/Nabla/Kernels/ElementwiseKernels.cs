using System.Numerics;

namespace Nabla.Kernels;

/// <summary>y = f(x) over a strided row: the contiguous case goes to the op's span form.</summary>
internal readonly struct UnaryKernel<TOp, T>(T[] y, T[] x) : IStridedKernel
    where TOp : IUnaryOp where T : unmanaged, INumber<T>
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        if (s0 == 1 && s1 == 1) { TOp.Apply<T>(x.AsSpan(o1, n), y.AsSpan(o0, n)); return; }
        for (int i = 0; i < n; i++) y[o0 + i * s0] = TOp.Apply(x[o1 + i * s1]);
    }
}

/// <summary>z = f(x, y) over a strided row: contiguous and broadcast-scalar rows go to span forms.</summary>
internal readonly struct BinaryKernel<TOp, T>(T[] z, T[] x, T[] y) : IStridedKernel
    where TOp : IBinaryOp where T : unmanaged, INumber<T>
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        if (s0 == 1)
        {
            if (s1 == 1 && s2 == 1) { TOp.Apply<T>(x.AsSpan(o1, n), y.AsSpan(o2, n), z.AsSpan(o0, n)); return; }
            if (s1 == 1 && s2 == 0) { TOp.Apply<T>(x.AsSpan(o1, n), y[o2], z.AsSpan(o0, n)); return; }
            if (s1 == 0 && s2 == 1) { TOp.Apply<T>(x[o1], y.AsSpan(o2, n), z.AsSpan(o0, n)); return; }
        }
        for (int i = 0; i < n; i++) z[o0 + i * s0] = TOp.Apply(x[o1 + i * s1], y[o2 + i * s2]);
    }
}

/// <summary>b = x ⋈ y as bytes 0/1.</summary>
internal readonly struct CompareKernel<TOp, T>(byte[] z, T[] x, T[] y) : IStridedKernel
    where TOp : ICompareOp where T : unmanaged, INumber<T>
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        for (int i = 0; i < n; i++) z[o0 + i * s0] = TOp.Apply(x[o1 + i * s1], y[o2 + i * s2]) ? (byte)1 : (byte)0;
    }
}

/// <summary>z = c ? x : y.</summary>
internal readonly struct WhereKernel<T>(T[] z, byte[] c, T[] x, T[] y) : IStridedKernel where T : unmanaged
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        for (int i = 0; i < n; i++) z[o0 + i * s0] = c[o1 + i * s1] != 0 ? x[o2 + i * s2] : y[o3 + i * s3];
    }
}

/// <summary>y = (TTo)x: a strided copy with conversion (to bool: x != 0, as byte).</summary>
internal readonly struct CastKernel<TFrom, TTo>(TTo[] y, TFrom[] x, bool toBool) : IStridedKernel
    where TFrom : unmanaged, INumber<TFrom> where TTo : unmanaged, INumber<TTo>
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        if (typeof(TFrom) == typeof(TTo) && s0 == 1 && s1 == 1)
        {
            x.AsSpan(o1, n).CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<TTo, TFrom>(y.AsSpan(o0, n)));
            return;
        }
        if (toBool)
            for (int i = 0; i < n; i++) y[o0 + i * s0] = x[o1 + i * s1] != TFrom.Zero ? TTo.One : TTo.Zero;
        else
            for (int i = 0; i < n; i++) y[o0 + i * s0] = TTo.CreateTruncating(x[o1 + i * s1]);
    }
}

/// <summary>y = v everywhere along a strided row.</summary>
internal readonly struct FillKernel<T>(T[] y, T v) : IStridedKernel where T : unmanaged
{
    public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
    {
        if (s0 == 1) { y.AsSpan(o0, n).Fill(v); return; }
        for (int i = 0; i < n; i++) y[o0 + i * s0] = v;
    }
}
