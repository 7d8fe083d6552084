using System.Numerics;

namespace Nabla.Kernels;

/// <summary>Gather, scatter-add, index-select and index-add at tensor level (no autograd).</summary>
internal static class Indexing
{
    /// <summary>y[i][j] = x[index[i][j]][j] (dim 0), etc.; y has index's shape.</summary>
    public static Tensor Gather(Tensor x, int dim, Tensor index)
    {
        var y = Tensor.Uninitialized(x.DType, index.ShapeArray);
        Dispatch.Run(x.DType, new GatherAction(y, Operand.Of(index), index.Data<long>(), x, dim));
        return y;
    }

    /// <summary>y = x with dim <paramref name="dim"/> picked by the 1-d <paramref name="index"/>.</summary>
    public static Tensor IndexSelect(Tensor x, int dim, Tensor index)
    {
        var shape = (int[])x.ShapeArray.Clone();
        shape[dim] = index.Count;
        var y = Tensor.Uninitialized(x.DType, shape);
        Dispatch.Run(x.DType, new GatherAction(y, AlongDim(index, dim, shape.Length), index.Data<long>(), x, dim));
        return y;
    }

    /// <summary>dst[... index[pos] ...] += src[pos] over index's shape.</summary>
    public static void ScatterAdd(Tensor dst, int dim, Tensor index, Tensor src)
        => Dispatch.Run(dst.DType, new ScatterAction(dst, index.ShapeArray, Operand.Of(index), index.Data<long>(), src, dim));

    /// <summary>dst[..., index[j], ...] += src[..., j, ...] over src's shape.</summary>
    public static void IndexAdd(Tensor dst, int dim, Tensor index, Tensor src)
        => Dispatch.Run(dst.DType, new ScatterAction(dst, src.ShapeArray, AlongDim(index, dim, src.Dim), index.Data<long>(), src, dim));

    // A 1-d index read as varying along `dim` only.
    private static Operand AlongDim(Tensor index, int dim, int rank)
    {
        var strides = new int[rank];
        strides[dim] = index.StrideArray[0];
        return new Operand(strides, index.Offset);
    }

    private static Operand ZeroDim(Tensor t, int dim)
    {
        var strides = (int[])t.StrideArray.Clone();
        strides[dim] = 0;
        return new Operand(strides, t.Offset);
    }

    private readonly struct GatherAction(Tensor y, Operand index, long[] indexData, Tensor x, int dim) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new GatherKernel<T>(y.Data<T>(), indexData, x.Data<T>(), x.StrideArray[dim]);
            Strided.Run(ref k, y.ShapeArray, Operand.Of(y), index, ZeroDim(x, dim));
        }
    }

    private readonly struct ScatterAction(Tensor dst, int[] shape, Operand index, long[] indexData, Tensor src, int dim) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new ScatterAddKernel<T>(dst.Data<T>(), indexData, src.Data<T>(), dst.StrideArray[dim]);
            Strided.Run(ref k, shape, ZeroDim(dst, dim), index, Operand.Of(src), parallel: false);
        }
    }
}
