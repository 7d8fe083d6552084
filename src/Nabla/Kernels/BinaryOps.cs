using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>An elementwise z = f(x, y): a scalar form and span forms for the three contiguous cases.</summary>
internal interface IBinaryOp
{
    static abstract T Apply<T>(T x, T y) where T : unmanaged, INumber<T>;
    static abstract void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>;
    static abstract void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T>;
    static abstract void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>;
}

/// <summary>z = x + y</summary>
internal readonly struct AddOp : IBinaryOp, CachedArithmetic.IOperator
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T> => x + y;
    public static Vector512<T> Apply<T>(Vector512<T> x, Vector512<T> y) where T : unmanaged, INumber<T> => x + y;

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<AddOp, T>(x, y, z);
        else TensorPrimitives.Add(x, y, z);
    }

    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<AddOp, T>(x, y, z);
        else TensorPrimitives.Add(x, y, z);
    }

    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<AddOp, T>(x, y, z);
        else TensorPrimitives.Add(y, x, z);
    }
}

/// <summary>z = x - y</summary>
internal readonly struct SubOp : IBinaryOp, CachedArithmetic.IOperator
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T> => x - y;
    public static Vector512<T> Apply<T>(Vector512<T> x, Vector512<T> y) where T : unmanaged, INumber<T> => x - y;

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<SubOp, T>(x, y, z);
        else TensorPrimitives.Subtract(x, y, z);
    }

    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<SubOp, T>(x, y, z);
        else TensorPrimitives.Subtract(x, y, z);
    }

    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<SubOp, T>(x, y, z);
        else TensorPrimitives.Subtract(x, y, z);
    }
}

/// <summary>z = x where y &gt; 0, else 0: relu's backward from its output (PyTorch's threshold_backward at 0).</summary>
internal readonly struct ReluGradOp : IBinaryOp
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T> => y > T.Zero ? x : T.Zero;

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (y.Length < x.Length || z.Length < x.Length) throw new ArgumentException("y or z is shorter than x.");
        int i = 0, w = Vector<T>.Count;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T zr = ref MemoryMarshal.GetReference(z);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i <= x.Length - w; i += w)
            {
                var keep = Vector.GreaterThan(Vector.LoadUnsafe(ref yr, (nuint)i), Vector<T>.Zero);
                Vector.ConditionalSelect(keep, Vector.LoadUnsafe(ref xr, (nuint)i), Vector<T>.Zero).StoreUnsafe(ref zr, (nuint)i);
            }
        for (; i < x.Length; i++) z[i] = Apply(x[i], y[i]);
    }

    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (y > T.Zero) x.CopyTo(z);
        else z.Clear();
    }

    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < y.Length; i++) z[i] = Apply(x, y[i]);
    }
}

/// <summary>z = x · y</summary>
internal readonly struct MulOp : IBinaryOp, CachedArithmetic.IOperator
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T> => x * y;
    public static Vector512<T> Apply<T>(Vector512<T> x, Vector512<T> y) where T : unmanaged, INumber<T> => x * y;

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<MulOp, T>(x, y, z);
        else TensorPrimitives.Multiply(x, y, z);
    }

    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<MulOp, T>(x, y, z);
        else TensorPrimitives.Multiply(x, y, z);
    }

    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<MulOp, T>(x, y, z);
        else TensorPrimitives.Multiply(y, x, z);
    }
}

/// <summary>z = x / y (floats only: PyTorch's true division promotes integers first)</summary>
internal readonly struct DivOp : IBinaryOp, CachedArithmetic.IOperator
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T> => x / y;
    public static Vector512<T> Apply<T>(Vector512<T> x, Vector512<T> y) where T : unmanaged, INumber<T> => x / y;

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<DivOp, T>(x, y, z);
        else TensorPrimitives.Divide(x, y, z);
    }

    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<DivOp, T>(x, y, z);
        else TensorPrimitives.Divide(x, y, z);
    }

    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (CachedArithmetic.Serves<T>()) CachedArithmetic.Apply<DivOp, T>(x, y, z);
        else TensorPrimitives.Divide(x, y, z);
    }
}

/// <summary>z = max(x, y), NaN if either is NaN (torch.maximum)</summary>
internal readonly struct MaximumOp : IBinaryOp
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T> => T.IsNaN(x) || x > y ? x : y;
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.Max(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.Max(x, y, z);
    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.Max(y, x, z);
}

/// <summary>z = min(x, y), NaN if either is NaN (torch.minimum)</summary>
internal readonly struct MinimumOp : IBinaryOp
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T> => T.IsNaN(x) || x < y ? x : y;
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.Min(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.Min(x, y, z);
    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T> => TensorPrimitives.Min(y, x, z);
}

/// <summary>z = x^y (floats by <see cref="FloatPowOp"/>; integers exactly by repeated squaring)</summary>
internal readonly struct PowOp : IBinaryOp
{
    public static T Apply<T>(T x, T y) where T : unmanaged, INumber<T>
    {
        if (Fp.IsFloat<T>()) return FloatBinary<FloatPowOp>.Apply(x, y);
        T result = T.One;
        for (long e = long.CreateTruncating(y); e > 0; e >>= 1, x *= x)
            if ((e & 1) != 0) result *= x;
        return result;
    }

    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (Fp.IsFloat<T>()) FloatBinary<FloatPowOp>.Apply(x, y, z);
        else for (int i = 0; i < z.Length; i++) z[i] = Apply(x[i], y[i]);
    }

    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, INumber<T>
    {
        // Squares are the common case (x ** 2) and one multiply is exact and fast.
        if (y == T.CreateTruncating(2)) TensorPrimitives.Multiply(x, x, z);
        else if (Fp.IsFloat<T>()) FloatBinary<FloatPowOp>.Apply(x, y, z);
        else for (int i = 0; i < z.Length; i++) z[i] = Apply(x[i], y);
    }

    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, INumber<T>
    {
        if (Fp.IsFloat<T>()) FloatBinary<FloatPowOp>.Apply(x, y, z);
        else for (int i = 0; i < z.Length; i++) z[i] = Apply(x, y[i]);
    }
}

/// <summary>z = x^y in floating point</summary>
internal readonly struct FloatPowOp : IFloatBinaryOp<FloatPowOp>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => T.Pow(x, y);
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Pow(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Pow(x, y, z);
    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Pow(x, y, z);
}

/// <summary>z = atan2(x, y), the angle of the point (y, x): x is the ordinate, as in PyTorch's atan2(self, other)</summary>
internal readonly struct Atan2Op : IFloatBinaryOp<Atan2Op>
{
    public static T Apply<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => T.Atan2(x, y);
    public static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Atan2(x, y, z);
    public static void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Atan2(x, y, z);
    public static void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Atan2(x, y, z);
}

/// <summary>A comparison giving a bool (stored as byte 0/1).</summary>
internal interface ICompareOp
{
    static abstract bool Apply<T>(T x, T y) where T : unmanaged, INumber<T>;
}

/// <summary>x == y</summary>
internal readonly struct EqOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : unmanaged, INumber<T> => x == y; }

/// <summary>x != y</summary>
internal readonly struct NeOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : unmanaged, INumber<T> => x != y; }

/// <summary>x &gt; y</summary>
internal readonly struct GtOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : unmanaged, INumber<T> => x > y; }

/// <summary>x ≥ y</summary>
internal readonly struct GeOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : unmanaged, INumber<T> => x >= y; }

/// <summary>x &lt; y</summary>
internal readonly struct LtOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : unmanaged, INumber<T> => x < y; }

/// <summary>x ≤ y</summary>
internal readonly struct LeOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : unmanaged, INumber<T> => x <= y; }
