using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// Gathers and scatters at tensor level (no autograd): gather, index_select, take and masked_select read
/// through an int64 index; scatter, scatter_reduce, index_add, index_copy, index_put and masked_scatter
/// write through one, combining with what is there by an <see cref="IScatterCombine"/>.
/// </summary>
internal static class Indexing
{
    /// <summary>y[i][j] = x[index[i][j]][j] (dim 0), etc.; y has index's shape.</summary>
    public static Tensor Gather(Tensor x, int dim, Tensor index)
    {
        var y = Tensor.Uninitialized(x.DType, index.ShapeArray);
        GatherInto(y, Operand.Of(index), index.Data<long>(), x, ZeroDim(x, dim), x.StrideArray[dim]);
        return y;
    }

    /// <summary>y = x with dim <paramref name="dim"/> picked by the 1-d <paramref name="index"/>.</summary>
    public static Tensor IndexSelect(Tensor x, int dim, Tensor index)
    {
        var shape = (int[])x.ShapeArray.Clone();
        shape[dim] = index.Count;
        var y = Tensor.Uninitialized(x.DType, shape);
        GatherInto(y, AlongDim(index, dim, shape.Length), index.Data<long>(), x, ZeroDim(x, dim), x.StrideArray[dim]);
        return y;
    }

    /// <summary>y[pos] = the element at row-major position <paramref name="positions"/>[pos] of x; y has the positions' shape.</summary>
    public static Tensor Take(Tensor x, Tensor positions)
    {
        var dense = x.IsContiguous ? x : Compute.Clone(x);
        var y = Tensor.Uninitialized(x.DType, positions.ShapeArray);
        GatherInto(y, Operand.Of(positions), positions.Data<long>(), dense, new Operand(null, dense.Offset), 1);
        return y;
    }

    /// <summary>dst[... index[pos] ...] += src[pos] over index's shape (scatter_add).</summary>
    public static void ScatterAdd(Tensor dst, int dim, Tensor index, Tensor src) => Scatter<Reduce<AddOp>>(dst, dim, index, src);

    /// <summary>dst[..., index[j], ...] += src[..., j, ...] over src's shape (index_add).</summary>
    public static void IndexAdd(Tensor dst, int dim, Tensor index, Tensor src) => IndexScatter<Reduce<AddOp>>(dst, dim, index, src);

    /// <summary>dst[... index[pos] ...] ⊕= src[pos] along <paramref name="dim"/> over index's shape (src read as broadcast to it).</summary>
    public static void Scatter<TCombine>(Tensor dst, int dim, Tensor index, Tensor src) where TCombine : IScatterCombine
        => ScatterInto<TCombine>(dst, ZeroDim(dst, dim), index.ShapeArray, Operand.Of(index), index.Data<long>(), src,
            Operand.Broadcast(src, index.ShapeArray), dst.StrideArray[dim]);

    /// <summary>dst[..., index[j], ...] ⊕= src[..., j, ...] along <paramref name="dim"/> over src's shape.</summary>
    public static void IndexScatter<TCombine>(Tensor dst, int dim, Tensor index, Tensor src) where TCombine : IScatterCombine
        => ScatterInto<TCombine>(dst, ZeroDim(dst, dim), src.ShapeArray, AlongDim(index, dim, src.Dim), index.Data<long>(), src,
            Operand.Of(src), dst.StrideArray[dim]);

    /// <summary>
    /// scatter_reduce's mean after the sum: each position of the contiguous <paramref name="dst"/> divided by how
    /// many values reached it along <paramref name="dim"/> (its own value counted with <paramref name="includeSelf"/>).
    /// </summary>
    public static void DivideByScatterCounts(Tensor dst, int dim, Tensor index, bool includeSelf)
    {
        var counts = includeSelf ? Tensor.Ones(dst.ShapeArray, dst.DType) : Tensor.Zeros(dst.ShapeArray, dst.DType);
        Scatter<Reduce<AddOp>>(counts, dim, index, Tensor.Wrap(1, dst.DType));
        Dispatch.Run(dst.DType, new MeanAction(dst, counts));
    }

    /// <summary>The element at row-major position <paramref name="positions"/>[j] of the contiguous dst becomes src's j-th element (row-major).</summary>
    public static void Put(Tensor dst, Tensor positions, Tensor src)
    {
        var dense = src.IsContiguous ? src : Compute.Clone(src);
        ScatterInto<Overwrite>(dst, new Operand(null, dst.Offset), positions.ShapeArray, Operand.Of(positions), positions.Data<long>(), dense,
            new Operand(ShapeMath.ContiguousStrides(positions.ShapeArray), dense.Offset), 1);
    }

    /// <summary>
    /// y[pos] = x[source + index[pos]·dimStride] over y's shape: <paramref name="source"/> walks x's
    /// unindexed dims (0 along the indexed ones) and the index adds the indexed position.
    /// </summary>
    public static void GatherInto(Tensor y, Operand index, long[] indexData, Tensor x, Operand source, int dimStride)
        => Dispatch.Run(x.DType, new GatherAction(y, index, indexData, x, source, dimStride));

    /// <summary>dst[target + index[pos]·dimStride] ⊕= src[source] over <paramref name="shape"/>, on one thread (positions may repeat); src has dst's dtype.</summary>
    public static void ScatterInto<TCombine>(Tensor dst, Operand target, int[] shape, Operand index, long[] indexData, Tensor src, Operand source, int dimStride)
        where TCombine : IScatterCombine
        => Dispatch.Run(dst.DType, new ScatterAction<TCombine>(dst, target, shape, index, indexData, src, source, dimStride));

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

    private readonly struct GatherAction(Tensor y, Operand index, long[] indexData, Tensor x, Operand source, int dimStride) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new GatherKernel<T>(y.Data<T>(), indexData, x.Data<T>(), dimStride);
            Strided.Run(ref k, y.ShapeArray, Operand.Of(y), index, source);
        }
    }

    private readonly struct MeanAction(Tensor sums, Tensor counts) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new MeanOfSumKernel<T>(sums.Data<T>(), counts.Data<T>());
            Strided.Run(ref k, sums.ShapeArray, Operand.Of(sums), Operand.Of(counts));
        }
    }

    private readonly struct ScatterAction<TCombine>(Tensor dst, Operand target, int[] shape, Operand index, long[] indexData, Tensor src, Operand source, int dimStride)
        : ITypedAction where TCombine : IScatterCombine
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new ScatterKernel<T, TCombine>(dst.Data<T>(), indexData, src.Data<T>(), dimStride);
            Strided.Run(ref k, shape, target, index, source, parallel: false);
        }
    }
}
