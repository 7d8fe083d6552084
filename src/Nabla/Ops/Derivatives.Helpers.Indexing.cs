using static Nabla.Slot;

namespace Nabla;

// The longer formulas of the indexing rows (PyTorch's FunctionsManual.cpp: scatter_reduce_backward,
// masked_select_backward, masked_scatter_backward, take_backward), in tensor ops so that they can be
// differentiated again.
internal static partial class Derivatives
{
    /// <summary>
    /// The gradients of scatter_reduce for self and src. sum: passed through and gathered; mean: divided by
    /// how many values each position averaged; prod: the product of the others, computed without dividing
    /// by a zero; amax/amin: shared evenly by the values equal to the result.
    /// </summary>
    private static Tensor?[] ScatterReduceBackward(OpNode<(int Dim, string Reduce, bool IncludeSelf)> n, Tensor g)
    {
        var (dim, reduce, includeSelf) = n.Args;
        var index = n[Slot.Index];
        var self = n.Self;
        var src = Scattered(n[Source], index.ShapeArray);   // src's elements past the index's shape took no part
        Tensor gradSelf, gradSrc;
        switch (reduce)
        {
            case "sum":
                (gradSelf, gradSrc) = (g, g.Gather(dim, index));
                break;
            case "mean":
                var counts = (includeSelf ? Tensor.OnesLike(g) : Tensor.ZerosLike(g)).ScatterAdd(dim, index, Tensor.OnesLike(index, g.DType));
                counts = counts.MaskedFill(counts.Eq(0.0), 1.0);
                (gradSelf, gradSrc) = (g / counts, g.Gather(dim, index) / counts.Gather(dim, index));
                break;
            case "prod":
                (gradSelf, gradSrc) = ScatterProdBackward(g, self, dim, index, src, includeSelf, n.Result);
                break;
            default:   // amax, amin
                var value = n.Result.Gather(dim, index);
                var selfIsResult = self.Eq(n.Result).To(g.DType);
                var srcIsResult = src.Eq(value).To(g.DType);
                // As PyTorch counts them: self takes a share wherever it equals the result, even when include_self is false.
                var share = g / selfIsResult.ScatterAdd(dim, index, srcIsResult);
                (gradSelf, gradSrc) = (selfIsResult * share, srcIsResult * share.Gather(dim, index));
                break;
        }
        if (!includeSelf) gradSelf = gradSelf.Scatter(dim, index, 0.0);   // self's own value did not count where something was scattered
        return [n.Needs(0) ? gradSelf : null, n.Needs(1) ? PadTo(gradSrc, n.InputShape(Source)) : null];
    }

    // d/dself = the product of the others = result/self, with self's zeros taken as 1 (the others' product);
    // d/dsrc likewise, where a single zero among the values reaching a position takes the product of the
    // others, computed again with that zero taken as 1.
    private static (Tensor Self, Tensor Src) ScatterProdBackward(Tensor g, Tensor self, int dim, Tensor index, Tensor src, bool includeSelf, Tensor result)
    {
        var maskedSelf = self.MaskedFill(self.Eq(0.0), 1.0);
        var gradSelf = g * maskedSelf.ScatterReduce(dim, index, src, "prod", includeSelf) / maskedSelf;
        var srcZero = src.Eq(0.0);
        var zerosAtTarget = Tensor.ZerosLike(self).ScatterAdd(dim, index, srcZero.To(self.DType)).Gather(dim, index);
        var singleZero = srcZero.LogicalAnd(zerosAtTarget.Eq(1.0));
        var othersProduct = self.ScatterReduce(dim, index, src.MaskedFill(singleZero, 1.0), "prod", includeSelf);
        var gradSrc = (g * othersProduct).Gather(dim, index).Where(singleZero, (g * result).Gather(dim, index) / src.MaskedFill(srcZero, 1.0));
        return (gradSelf, gradSrc);
    }

    // The part of a scatter's src that the index covers (all of it, unless src is larger).
    private static Tensor Scattered(Tensor src, int[] indexShape)
    {
        for (int d = 0; d < indexShape.Length; d++)
            if (src.ShapeArray[d] != indexShape[d]) src = src.Narrow(d, 0, indexShape[d]);
        return src;
    }

    // A gradient over the scattered part of src, padded with zeros to src's shape.
    private static Tensor PadTo(Tensor g, int[] shape)
    {
        for (int d = 0; d < shape.Length; d++)
        {
            if (g.ShapeArray[d] == shape[d]) continue;
            var padding = (int[])g.ShapeArray.Clone();
            padding[d] = shape[d] - g.ShapeArray[d];
            g = Tensor.Cat([g, Tensor.Zeros(padding, g.DType)], d);
        }
        return g;
    }

    // The gradient of masked_select: zeros of the broadcast shape with g at the true positions (the node sums it back to self's shape).
    private static Tensor MaskedSelectBackward(Tensor g, Tensor mask, int[] selfShape)
        => Tensor.Zeros(ShapeMath.Broadcast(selfShape, mask.ShapeArray), g.DType).MaskedScatter(mask, g);

    // masked_scatter's source: the first elements went to the true positions of the mask; the rest got nothing.
    private static Tensor MaskedScatterSourceGrad(Tensor g, Tensor mask, int[] sourceShape)
    {
        var selected = g.MaskedSelect(mask);
        int unused = ShapeMath.Numel(sourceShape) - selected.Count;
        if (unused > 0) selected = Tensor.Cat([selected, Tensor.Zeros([unused], g.DType)]);
        return selected.View(sourceShape);
    }

    // take: each position read adds its gradient back to the flattened input.
    private static Tensor TakeBackward(Tensor g, Tensor index, int[] selfShape)
        => Tensor.Zeros([ShapeMath.Numel(selfShape)], g.DType).IndexAdd(0, index.Reshape(-1), g.Reshape(-1)).View(selfShape);
}
