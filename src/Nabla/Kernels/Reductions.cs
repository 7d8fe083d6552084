using System.Numerics;

namespace Nabla.Kernels;

/// <summary>Reductions at tensor level (no autograd).</summary>
internal static class Reductions
{
    /// <summary>Reduces the dims set in <paramref name="mask"/>; the result keeps them with size 1.</summary>
    public static Tensor Reduce<TOp>(Tensor x, bool[] mask) where TOp : IReduceOp
    {
        var shape = (int[])x.ShapeArray.Clone();
        for (int d = 0; d < shape.Length; d++) if (mask[d]) shape[d] = 1;
        var y = Tensor.Uninitialized(x.DType, shape);
        Dispatch.Run(x.DType, new ReduceAction<TOp>(y, x));
        return y;
    }

    private readonly struct ReduceAction<TOp>(Tensor y, Tensor x) : ITypedAction where TOp : IReduceOp
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var data = y.Data<T>();
            data.AsSpan().Fill(TOp.Identity<T>());
            var k = new ReduceKernel<TOp, T>(data, x.Data<T>());
            Strided.Run(ref k, x.ShapeArray, Operand.Broadcast(y, x.ShapeArray), Operand.Of(x), parallel: false);
        }
    }

    /// <summary>Max or min along <paramref name="dim"/> with int64 indices; the dim is removed.</summary>
    public static (Tensor? Values, Tensor Indices) ArgExtreme(Tensor x, int dim, bool max, bool wantValues)
    {
        var outShape = Without(x.ShapeArray, dim);
        var values = wantValues ? Tensor.Uninitialized(x.DType, outShape) : null;
        var indices = Tensor.Uninitialized(DType.Int64, outShape);
        Dispatch.Run(x.DType, new ArgAction(values, indices, x, dim, max));
        return (values, indices);
    }

    private readonly struct ArgAction(Tensor? values, Tensor indices, Tensor x, int dim, bool max) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new ArgExtremeKernel<T>(values?.Data<T>() ?? [], indices.Data<long>(), x.Data<T>(), x.ShapeArray[dim], x.StrideArray[dim], max);
            Strided.Run(ref k, indices.ShapeArray, values is null ? default : Operand.Of(values), Operand.Of(indices),
                new Operand(Without(x.StrideArray, dim), x.Offset));
        }
    }

    public static int[] Without(int[] a, int dim)
    {
        var r = new int[a.Length - 1];
        for (int i = 0, j = 0; i < a.Length; i++) if (i != dim) r[j++] = a[i];
        return r;
    }
}
