using System.Numerics;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>NaN, +∞ and -∞ replaced by given numbers (PyTorch's nan_to_num), for floating tensors.</summary>
internal static class NanToNum
{
    /// <summary>A new tensor of x's dtype with the three replacements (converted to that dtype).</summary>
    public static Tensor Replace(Tensor x, double nan, double posInf, double negInf)
    {
        var y = Tensor.Uninitialized(x.DType, x.ShapeArray);
        Dispatch.Run(x.DType, new Action(y, x, nan, posInf, negInf));
        return y;
    }

    /// <summary>y = x with the replacements, over contiguous spans.</summary>
    public static void Apply<T>(ReadOnlySpan<T> x, Span<T> y, T nan, T posInf, T negInf) where T : unmanaged, INumber<T>
    {
        if (y.Length < x.Length) throw new ArgumentException("y is shorter than x.");
        int i = 0, w = Vector<T>.Count;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var (vn, vp, vm) = (Vector.Create(nan), Vector.Create(posInf), Vector.Create(negInf));
            var (inf, minusInf) = (Vector.Create(T.CreateTruncating(double.PositiveInfinity)), Vector.Create(T.CreateTruncating(double.NegativeInfinity)));
            for (; i <= x.Length - w; i += w)
            {
                var v = Vector.LoadUnsafe(ref xr, (nuint)i);
                var r = Vector.ConditionalSelect(Vector.Equals(v, inf), vp, v);
                r = Vector.ConditionalSelect(Vector.Equals(v, minusInf), vm, r);
                Vector.ConditionalSelect(Vector.Equals(v, v), r, vn).StoreUnsafe(ref yr, (nuint)i);   // v != v only for NaN
            }
        }
        for (; i < x.Length; i++) y[i] = Replace(x[i], nan, posInf, negInf);
    }

    private static T Replace<T>(T x, T nan, T posInf, T negInf) where T : unmanaged, INumber<T>
        => T.IsNaN(x) ? nan : T.IsPositiveInfinity(x) ? posInf : T.IsNegativeInfinity(x) ? negInf : x;

    private readonly struct Action(Tensor y, Tensor x, double nan, double posInf, double negInf) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new Kernel<T>(y.Data<T>(), x.Data<T>(), T.CreateTruncating(nan), T.CreateTruncating(posInf), T.CreateTruncating(negInf));
            Strided.Run(ref k, y.ShapeArray, Operand.Of(y), Operand.Of(x));
        }
    }

    private readonly struct Kernel<T>(T[] y, T[] x, T nan, T posInf, T negInf) : IStridedKernel where T : unmanaged, INumber<T>
    {
        public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            if (s0 == 1 && s1 == 1) { Apply(x.AsSpan(o1, n), y.AsSpan(o0, n), nan, posInf, negInf); return; }
            for (int i = 0; i < n; i++) y[o0 + i * s0] = Replace(x[o1 + i * s1], nan, posInf, negInf);
        }
    }
}
