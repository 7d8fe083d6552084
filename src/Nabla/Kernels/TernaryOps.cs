using System.Numerics;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// An elementwise r = f(x, y, w; value) of three broadcast operands and a number (lerp's weight is w,
/// addcmul's value is value): a scalar form and a <see cref="Vector{T}"/> form.
/// </summary>
internal interface ITernaryOp
{
    static abstract T Apply<T>(T x, T y, T w, T value) where T : unmanaged, INumber<T>;
    static abstract Vector<T> Apply<T>(Vector<T> x, Vector<T> y, Vector<T> w, Vector<T> value) where T : unmanaged, INumber<T>;
}

/// <summary>r = x + w·(y - x) for |w| &lt; ½, else y - (y - x)·(1 - w): PyTorch's lerp, exact at w = 0 and w = 1</summary>
internal readonly struct LerpOp : ITernaryOp
{
    public static T Apply<T>(T x, T y, T w, T value) where T : unmanaged, INumber<T>
        => T.Abs(w) < Half<T>() ? x + w * (y - x) : y - (y - x) * (T.One - w);

    public static Vector<T> Apply<T>(Vector<T> x, Vector<T> y, Vector<T> w, Vector<T> value) where T : unmanaged, INumber<T>
    {
        var d = y - x;
        return Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(w), Vector.Create(Half<T>())), x + w * d, y - d * (Vector<T>.One - w));
    }

    private static T Half<T>() where T : INumber<T> => T.One / (T.One + T.One);
}

/// <summary>r = x + value·y·w (PyTorch's addcmul: self + value·tensor1·tensor2, in that order)</summary>
internal readonly struct AddcmulOp : ITernaryOp
{
    public static T Apply<T>(T x, T y, T w, T value) where T : unmanaged, INumber<T> => x + value * y * w;
    public static Vector<T> Apply<T>(Vector<T> x, Vector<T> y, Vector<T> w, Vector<T> value) where T : unmanaged, INumber<T> => x + value * y * w;
}

/// <summary>r = x + value·y/w (PyTorch's addcdiv: self + value·tensor1/tensor2, floats only)</summary>
internal readonly struct AddcdivOp : ITernaryOp
{
    public static T Apply<T>(T x, T y, T w, T value) where T : unmanaged, INumber<T> => x + value * y / w;
    public static Vector<T> Apply<T>(Vector<T> x, Vector<T> y, Vector<T> w, Vector<T> value) where T : unmanaged, INumber<T> => x + value * y / w;
}

/// <summary>Ternary ops at tensor level, and their span form.</summary>
internal static class Ternary
{
    /// <summary>f(x, y, w; value) broadcast over all three, computed in <paramref name="dtype"/> (value converted to it).</summary>
    public static Tensor Run<TOp>(Tensor x, Tensor y, Tensor w, double value, DType dtype) where TOp : ITernaryOp
    {
        var shape = ShapeMath.Broadcast(ShapeMath.Broadcast(x.ShapeArray, y.ShapeArray), w.ShapeArray);
        var r = Tensor.Uninitialized(dtype, shape);
        RunInto<TOp>(r, x, y, w, value);
        return r;
    }

    /// <summary>r = f(x, y, w; value) written into an existing <paramref name="r"/> (which may be x), the operands converted to its dtype.</summary>
    public static void RunInto<TOp>(Tensor r, Tensor x, Tensor y, Tensor w, double value) where TOp : ITernaryOp
        => Dispatch.Run(r.DType, new Action<TOp>(r, Compute.Cast(x, r.DType), Compute.Cast(y, r.DType), Compute.Cast(w, r.DType), value));

    /// <summary>
    /// r = f(x, y, w; value) over contiguous spans; <paramref name="w"/> has the length of x, or 1 (a
    /// broadcast number, the common lerp weight).
    /// </summary>
    public static void Apply<TOp, T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, T value, Span<T> r)
        where TOp : ITernaryOp where T : unmanaged, INumber<T>
    {
        if (x.IsEmpty) return;
        if (y.Length < x.Length || r.Length < x.Length || w.Length != 1 && w.Length < x.Length) throw new ArgumentException("an operand is shorter than x.");
        int i = 0, n = Vector<T>.Count;
        bool wScalar = w.Length == 1 && x.Length != 1;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T rr = ref MemoryMarshal.GetReference(r);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var vv = Vector.Create(value);
            var wb = Vector.Create(w[0]);
            for (; i <= x.Length - n; i += n)
            {
                var wv = wScalar ? wb : Vector.LoadUnsafe(ref wr, (nuint)i);
                TOp.Apply(Vector.LoadUnsafe(ref xr, (nuint)i), Vector.LoadUnsafe(ref yr, (nuint)i), wv, vv).StoreUnsafe(ref rr, (nuint)i);
            }
        }
        for (; i < x.Length; i++) r[i] = TOp.Apply(x[i], y[i], wScalar ? w[0] : w[i], value);
    }

    private readonly struct Action<TOp>(Tensor r, Tensor x, Tensor y, Tensor w, double value) : ITypedAction where TOp : ITernaryOp
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var s = r.ShapeArray;
            var k = new Kernel<TOp, T>(r.Data<T>(), x.Data<T>(), y.Data<T>(), w.Data<T>(), T.CreateTruncating(value));
            Strided.Run(ref k, s, Operand.Of(r), Operand.Broadcast(x, s), Operand.Broadcast(y, s), Operand.Broadcast(w, s));
        }
    }

    /// <summary>r = f(x, y, w) along a strided row: rows where r, x, y are contiguous (w contiguous or one number) take the span form.</summary>
    private readonly struct Kernel<TOp, T>(T[] r, T[] x, T[] y, T[] w, T value) : IStridedKernel where TOp : ITernaryOp where T : unmanaged, INumber<T>
    {
        public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            if (s0 == 1 && s1 == 1 && s2 == 1 && (s3 == 1 || s3 == 0))
            {
                Apply<TOp, T>(x.AsSpan(o1, n), y.AsSpan(o2, n), w.AsSpan(o3, s3 == 1 ? n : 1), value, r.AsSpan(o0, n));
                return;
            }
            for (int i = 0; i < n; i++) r[o0 + i * s0] = TOp.Apply(x[o1 + i * s1], y[o2 + i * s2], w[o3 + i * s3], value);
        }
    }
}
