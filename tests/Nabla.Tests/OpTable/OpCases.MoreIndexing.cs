namespace Nabla.Tests;

public static partial class OpCases
{
    private static Tensor Longs(long[] values, params int[] shape) => Tensor.FromArray(values, shape.Length == 0 ? [values.Length] : shape);

    private static Tensor Mask(bool[] values, params int[] shape) => Tensor.FromArray(values, shape.Length == 0 ? [values.Length] : shape);

    // Constant operands: positions (some repeated, where the op adds repeats up), masks.
    private static readonly Tensor Rows = Longs([2, 0, 2]);
    private static readonly Tensor DistinctRows = Longs([3, 1]);
    private static readonly Tensor NegativeRows = Longs([-1, 0]);
    private static readonly Tensor ColumnOfRows = Longs([0, 2], 2, 1);
    private static readonly Tensor Columns = Longs([1, 3, 1]);
    private static readonly Tensor Mask23 = Mask([true, false, true, false, true, true], 2, 3);
    private static readonly Tensor Mask3 = Mask([true, false, true]);
    private static readonly Tensor ScatterTargets = Longs([0, 1, 2, 0, 2, 0, 1, 1], 2, 4);         // distinct per column: every src element survives
    private static readonly Tensor ReduceTargets = Longs([0, 1, 0, 2, 0, 1, 0, 1, 2, 2, 0, 1], 3, 4);   // repeats per column
    private static readonly Tensor TakePositions = Longs([5, -1, 0, 2], 2, 2);

    // Advanced indexing and index_put, stepped slices, scatter and scatter_reduce, index_copy/index_fill,
    // masked_fill/select/scatter, take and take_along_dim.
    private static IEnumerable<OpCase> MoreIndexing()
    {
        yield return Case("x[idx] repeated", "IndexBackward0", x => x[0][Rows], A(4, 3));
        yield return Case("x[.., idx]", "IndexBackward0", x => x[0][.., Columns], A(2, 4));
        yield return Case("x[idx, idx] broadcast", "IndexBackward0", x => x[0][ColumnOfRows, Columns], A(3, 4));
        yield return Case("x[idx, .., idx] separated", "IndexBackward0", x => x[0][ColumnOfRows, .., Columns], A(3, 2, 4));
        yield return Case("x[-idx]", "IndexBackward0", x => x[0][NegativeRows], A(3, 2));
        yield return Case("xᵀ[idx]", "IndexBackward0", x => x[0].T[Rows], A(2, 3));
        yield return Case("x[1.., idx]", "IndexBackward0", x => x[0][1.., Columns], A(3, 4));
        yield return Case("x[mask]", "IndexBackward0", x => x[0][Mask23], A(2, 3));
        yield return Case("x[.., mask]", "IndexBackward0", x => x[0][.., Mask3], A(2, 3));
        yield return Case("x[mask, 0]", "IndexBackward0", x => x[0][Mask23, 0], A(2, 3, 2));
        yield return Case("x[..., None, ::2]", "SliceBackward0", x => x[0][TensorIndex.Ellipsis, TensorIndex.None, TensorIndex.Slice(null, null, 2)], A(2, 5));
        yield return Case("slice(1, 0, 10, 2)", "SliceBackward0", x => x[0].Slice(dim: 1, start: 0, end: 10, step: 2), A(2, 5));
        yield return Case("slice(0, -3, step 2) transposed", "SliceBackward0", x => x[0].T.Slice(0, -3, null, 2), A(2, 4));
        yield return Case("index_put", "IndexPutBackward0", x => x[0].IndexPut([DistinctRows], x[1]), A(4, 3), A(2, 3));
        yield return Case("index_put broadcast values", "IndexPutBackward0", x => x[0].IndexPut([DistinctRows], x[1]), A(4, 3), A(3));
        yield return Case("index_put accumulate", "IndexPutBackward0", x => x[0].IndexPut([Rows], x[1], accumulate: true), A(4, 3), A(3, 3));
        yield return Case("index_put mask", "IndexPutBackward0", x => x[0].IndexPut([Mask23], x[1]), A(2, 3), A(4));
        yield return Case("x[idx] = v", "IndexPutBackward0", x => Assigned(x[0], v => v[.., Columns[..2]] = x[1]), A(2, 4), A(2, 2));
        yield return Case("x[mask] = v", "IndexPutBackward0", x => Assigned(x[0], v => v[Mask23] = x[1]), A(2, 3), A());
        yield return Case("masked_fill_", "MaskedFillBackward0", x => Assigned(x[0], v => v.MaskedFillInPlace(Mask3, 2.0)), A(2, 3));
        yield return Case("scatter", "ScatterBackward0", x => x[0].Scatter(0, ScatterTargets, x[1]), A(3, 4), A(2, 4));
        yield return Case("scatter larger src", "ScatterBackward0", x => x[0].Scatter(1, ScatterTargets[.., ..2].Contiguous(), x[1]), A(2, 3), A(3, 3));
        yield return Case("scatter value", "ScatterBackward1", x => x[0].Scatter(0, ScatterTargets, 0.5), A(3, 4));
        foreach (var reduce in new[] { "sum", "prod", "mean", "amax", "amin" })
            foreach (bool includeSelf in new[] { true, false })
                yield return Case($"scatter_reduce {reduce} includeSelf={includeSelf}", "ScatterReduceBackward0",
                    x => x[0].ScatterReduce(0, ReduceTargets, x[1], reduce, includeSelf), reduce == "prod" ? P(3, 4) : A(3, 4), reduce == "prod" ? P(3, 4) : A(3, 4));
        yield return Case("scatter_reduce mean larger src", "ScatterReduceBackward0", x => x[0].ScatterReduce(1, ScatterTargets[.., ..3].Contiguous(), x[1], "mean"), A(2, 3), A(3, 4));
        yield return Case("index_copy", "IndexCopyBackward0", x => x[0].IndexCopy(0, DistinctRows, x[1]), A(4, 3), A(2, 3));
        yield return Case("index_copy dim 1 transposed", "IndexCopyBackward0", x => x[0].T.IndexCopy(1, DistinctRows, x[1]), A(4, 2), A(2, 2));
        yield return Case("index_fill", "IndexFillBackward0", x => x[0].IndexFill(1, NegativeRows, 0.5), A(2, 3));
        yield return Case("index_fill tensor value", "IndexFillBackward1", x => x[0].IndexFill(0, Rows, x[1]), A(3, 2), A());
        yield return Case("masked_fill", "MaskedFillBackward0", x => x[0].MaskedFill(Mask23, -1.0), A(2, 3));
        yield return Case("masked_fill broadcast mask", "MaskedFillBackward0", x => x[0].MaskedFill(Mask3, -1.0), A(2, 3));
        yield return Case("masked_fill mask larger", "MaskedFillBackward0", x => x[0].MaskedFill(Mask23, -1.0), A(3));
        yield return Case("masked_fill tensor value", "MaskedFillBackward1", x => x[0].MaskedFill(Mask23, x[1]), A(2, 3), A());
        yield return Case("masked_select", "MaskedSelectBackward0", x => x[0].MaskedSelect(Mask23), A(2, 3));
        yield return Case("masked_select broadcast", "MaskedSelectBackward0", x => x[0].MaskedSelect(Mask23), A(3));
        yield return Case("masked_select transposed", "MaskedSelectBackward0", x => x[0].T.MaskedSelect(Mask23), A(3, 2));
        yield return Case("masked_scatter", "MaskedScatterBackward0", x => x[0].MaskedScatter(Mask23, x[1]), A(2, 3), A(5));
        yield return Case("masked_scatter broadcast", "MaskedScatterBackward0", x => x[0].MaskedScatter(Mask23, x[1]), A(3), A(2, 2));
        yield return Case("take", "TakeBackward0", x => x[0].Take(TakePositions), A(2, 3));
        yield return Case("take transposed", "TakeBackward0", x => x[0].T.Take(TakePositions), A(3, 2));
        yield return Case("take_along_dim", "GatherBackward0", x => x[0].TakeAlongDim(ColumnOfRows, dim: 0), A(3, 4));
        yield return Case("take_along_dim broadcast", "GatherBackward0", x => x[0].TakeAlongDim(Longs([1, 0, 1], 1, 3), dim: 1), A(2, 2));
        yield return Case("take_along_dim flat", "GatherBackward0", x => x[0].TakeAlongDim(Longs([5, 1, 0, 2], 2, 2)), A(2, 3));
    }

    // An in-place write on a copy of x (a leaf cannot be written in place while it requires grad).
    private static Tensor Assigned(Tensor x, Action<Tensor> write)
    {
        var y = x * 1;
        write(y);
        return y;
    }
}
