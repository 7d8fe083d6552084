namespace Nabla.Kernels;

/// <summary>
/// x[indices] and x[indices] = values for int64 indices (one per dim, null for a whole dim) that are
/// already in range and broadcast to one index shape. Both reduce to one gather or scatter: the offset
/// Σₖ indexₖ·strideₖ of every indexed element is computed once, and the whole dims are walked by the
/// strided driver around it.
/// </summary>
internal static class AdvancedIndexing
{
    /// <summary>x[indices], of <paramref name="resultShape"/>: the index shape at dim <paramref name="first"/>, the whole dims around it.</summary>
    public static Tensor Gather(Tensor x, Tensor?[] indices, int[] indexShape, int first, int[] resultShape)
    {
        var y = Tensor.Uninitialized(x.DType, resultShape);
        var (offsets, source) = Layout(x, indices, indexShape, first, resultShape.Length);
        Indexing.GatherInto(y, offsets, Offsets(indices, indexShape, x.StrideArray), x, source, 1);
        return y;
    }

    /// <summary>dst[indices] = values (or += with <paramref name="accumulate"/>), values of dst's dtype broadcast to <paramref name="resultShape"/>.</summary>
    public static void Put(Tensor dst, Tensor?[] indices, int[] indexShape, int first, int[] resultShape, Tensor values, bool accumulate)
    {
        var (offsets, target) = Layout(dst, indices, indexShape, first, resultShape.Length);
        var offsetData = Offsets(indices, indexShape, dst.StrideArray);
        var source = Operand.Broadcast(values, resultShape);
        if (accumulate)
            Indexing.ScatterInto<Reduce<AddOp>>(dst, target, resultShape, offsets, offsetData, values, source, 1);
        else
            Indexing.ScatterInto<Overwrite>(dst, target, resultShape, offsets, offsetData, values, source, 1);
    }

    // Σₖ indexₖ·strideₖ at every position of the index shape, row-major.
    private static long[] Offsets(Tensor?[] indices, int[] indexShape, int[] strides)
    {
        var offsets = new long[ShapeMath.Numel(indexShape)];
        var at = new Operand(ShapeMath.ContiguousStrides(indexShape), 0);
        for (int d = 0; d < indices.Length; d++)
        {
            if (indices[d] is not { } index) continue;
            var k = new OffsetKernel(offsets, index.Data<long>(), strides[d]);
            Strided.Run(ref k, indexShape, at, Operand.Broadcast(index, indexShape));
        }
        return offsets;
    }

    // Over the result's dims: the offsets step along the index dims and stay along the whole dims;
    // the tensor stays along the index dims and steps along the whole dims, in their order.
    private static (Operand Offsets, Operand Tensor) Layout(Tensor t, Tensor?[] indices, int[] indexShape, int first, int resultRank)
    {
        var offsetStrides = new int[resultRank];
        var tensorStrides = new int[resultRank];
        ShapeMath.ContiguousStrides(indexShape).CopyTo(offsetStrides, first);
        for (int d = 0, whole = 0; d < indices.Length; d++)
        {
            if (indices[d] is not null) continue;
            tensorStrides[whole < first ? whole : whole + indexShape.Length] = t.StrideArray[d];
            whole++;
        }
        return (new Operand(offsetStrides, 0), new Operand(tensorStrides, t.Offset));
    }

    /// <summary>offsets[pos] += index[pos]·stride.</summary>
    private readonly struct OffsetKernel(long[] offsets, long[] index, int stride) : IStridedKernel
    {
        public void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            for (int i = 0; i < n; i++) offsets[o0 + i * s0] += index[o1 + i * s1] * stride;
        }
    }
}
