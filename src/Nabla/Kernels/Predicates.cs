using System.Numerics;

namespace Nabla.Kernels;

/// <summary>A test of one element giving a bool (stored as byte 0/1): isnan, isinf and their kin.</summary>
internal interface IPredicateOp
{
    static abstract bool Test<T>(T x) where T : unmanaged, INumber<T>;
}

/// <summary>x is NaN</summary>
internal readonly struct IsNanOp : IPredicateOp { public static bool Test<T>(T x) where T : unmanaged, INumber<T> => T.IsNaN(x); }

/// <summary>x is +∞ or -∞</summary>
internal readonly struct IsInfOp : IPredicateOp { public static bool Test<T>(T x) where T : unmanaged, INumber<T> => T.IsInfinity(x); }

/// <summary>x is neither NaN nor infinite</summary>
internal readonly struct IsFiniteOp : IPredicateOp { public static bool Test<T>(T x) where T : unmanaged, INumber<T> => T.IsFinite(x); }

/// <summary>x is +∞</summary>
internal readonly struct IsPosInfOp : IPredicateOp { public static bool Test<T>(T x) where T : unmanaged, INumber<T> => T.IsPositiveInfinity(x); }

/// <summary>x is -∞</summary>
internal readonly struct IsNegInfOp : IPredicateOp { public static bool Test<T>(T x) where T : unmanaged, INumber<T> => T.IsNegativeInfinity(x); }

/// <summary>Predicates at tensor level.</summary>
internal static class Predicates
{
    /// <summary>A bool tensor of x's shape: the predicate of each element.</summary>
    public static Tensor Test<TOp>(Tensor x) where TOp : IPredicateOp
    {
        var z = Tensor.Uninitialized(DType.Bool, x.ShapeArray);
        Dispatch.Run(x.DType, new Action<TOp>(z, x));
        return z;
    }

    private readonly struct Action<TOp>(Tensor z, Tensor x) : ITypedAction where TOp : IPredicateOp
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new Kernel<TOp, T>(z.Data<byte>(), x.Data<T>());
            Strided.Run(ref k, z.ShapeArray, Operand.Of(z), Operand.Of(x));
        }
    }

    private readonly struct Kernel<TOp, T>(byte[] z, T[] x) : IStridedKernel where TOp : IPredicateOp where T : unmanaged, INumber<T>
    {
        public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            for (int i = 0; i < n; i++) z[o0 + i * s0] = TOp.Test(x[o1 + i * s1]) ? (byte)1 : (byte)0;
        }
    }
}
