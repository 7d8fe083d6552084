using F = Nabla.NN.F;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // Advanced indexing (reading and assignment), stepped slices, scatter and scatter_reduce, index_copy/index_fill,
    // masked ops, take, take_along_dim, nonzero and one_hot. Index and mask inputs are given values (some positions
    // repeated, where the op adds repeats up); assignments write into a copy (x * 1) of the input.
    private static IEnumerable<OpRow> MoreIndexing()
    {
        In rows = V([2, 0, 2], [3], DType.Int64), distinctRows = V([3, 1], [2], DType.Int64), negativeRows = V([-1, 0], [2], DType.Int64);
        In columnOfRows = V([0, 2], [2, 1], DType.Int64), columns = V([1, 3, 1], [3], DType.Int64);
        In mask23 = V([1, 0, 1, 0, 1, 1], [2, 3], DType.Bool), mask3 = V([1, 0, 1], [3], DType.Bool);
        In scatterTargets = V([0, 1, 2, 0, 2, 0, 1, 1], [2, 4], DType.Int64), reduceTargets = V([0, 1, 0, 2, 0, 1, 0, 1, 2, 2, 0, 1], [3, 4], DType.Int64);
        yield return S("__getitem__ tensor repeated", A(4, 3), rows, (a, i) => a[i], "a[b]");
        yield return S("__getitem__ [:, tensor]", A(2, 4), columns, (a, i) => a[.., i], "a[:, b]");
        yield return S("__getitem__ tensors broadcast", A(3, 4), columnOfRows, columns, (a, i, j) => a[i, j], "a[b, c]");
        yield return S("__getitem__ tensors separated", A(3, 2, 4), columnOfRows, columns, (a, i, j) => a[i, .., j], "a[b, :, c]");
        yield return S("__getitem__ negative tensor", A(3, 2), negativeRows, (a, i) => a[i], "a[b]");
        yield return S("__getitem__ transposed", A(2, 3), rows, (a, i) => a.T[i], "a.t()[b]");
        yield return S("__getitem__ [1:, tensor]", A(3, 4), columns, (a, i) => a[1.., i], "a[1:, b]");
        yield return S("__getitem__ mask", A(2, 3), mask23, (a, m) => a[m], "a[b]");
        yield return S("__getitem__ [:, mask]", A(2, 3), mask3, (a, m) => a[.., m], "a[:, b]");
        yield return S("__getitem__ [0, mask]", A(2, 2, 3), mask23, (a, m) => a[0, m], "a[0, b]");   // (a 2-d mask before an int is an error in PyTorch)
        yield return S("__getitem__ [:]", A(2, 3), a => a[..], "a[:]");
        yield return S("__getitem__ [...]", A(2, 3), a => a[TensorIndex.Ellipsis], "torch.alias(a)");   // Python's x[...] is alias(x); TorchScript cannot spell it
        yield return S("__getitem__ [..., None, ::2]", A(2, 5), a => a[TensorIndex.Ellipsis, TensorIndex.None, TensorIndex.Slice(null, null, 2)], "a[..., None, ::2]");
        yield return S("slice step=2", A(2, 5), a => a.Slice(dim: 1, start: 0, end: 10, step: 2), "a[:, 0:10:2]");
        yield return S("slice negative start step=2 transposed", A(2, 4), a => a.T.Slice(0, -3, null, 2), "a.t()[-3::2]");
        yield return S("index_put", A(4, 3), distinctRows, A(2, 3), (a, i, v) => a.IndexPut([i], v), "torch.index_put(a, [b], c)");
        yield return S("index_put broadcast values", A(4, 3), distinctRows, A(3), (a, i, v) => a.IndexPut([i], v), "torch.index_put(a, [b], c)");
        yield return S("index_put accumulate", A(4, 3), rows, A(3, 3), (a, i, v) => a.IndexPut([i], v, accumulate: true), "torch.index_put(a, [b], c, True)");
        yield return S("index_put mask", A(2, 3), mask23, A(4), (a, m, v) => a.IndexPut([m], v), "torch.index_put(a, [b], c)");
        yield return S("__setitem__ [:, tensor] = v", A(2, 4), V([1, 3], [2], DType.Int64), A(2, 2), (a, i, v) => Assigned(a, y => y[.., i] = v),
            "y = a * num(1.0); y[:, b] = c; return y") with
            {
                KnownNodeDifference = "TorchScript (and PyTorch 1.13's Python) index_put_ a whole-dim slice (CopySlices); PyTorch 2's Python skips " +
                    "that slice (applySlicing's shortcut) and records IndexPutBackward0, as Nabla",
            };
        yield return S("__setitem__ [mask] = v", A(2, 3), mask23, A(), (a, m, v) => Assigned(a, y => y[m] = v), "y = a * num(1.0); y[b] = c; return y");
        yield return S("masked_fill_", A(2, 3), mask3, (a, m) => Assigned(a, y => y.MaskedFillInPlace(m, 2.0)), "y = a * num(1.0); y.masked_fill_(b, 2.0); return y");
        yield return S("scatter", A(3, 4), scatterTargets, A(2, 4), (a, i, s) => a.Scatter(0, i, s), "torch.scatter(a, 0, b, c)");
        yield return S("scatter value", A(3, 4), scatterTargets, (a, i) => a.Scatter(0, i, 0.5), "torch.scatter(a, 0, b, 0.5)");
        foreach (string reduce in new[] { "sum", "prod", "mean", "amax", "amin" })
            foreach (bool includeSelf in new[] { true, false })
            {
                Func<int[], In> input = reduce == "prod" ? s => P(s) : s => A(s);
                yield return S($"scatter_reduce {reduce} include_self={includeSelf}", input([3, 4]), reduceTargets, input([3, 4]),
                    (a, i, s) => a.ScatterReduce(0, i, s, reduce, includeSelf), $"torch.scatter_reduce(a, 0, b, c, '{reduce}', include_self={(includeSelf ? "True" : "False")})");
            }
        yield return S("scatter_reduce amax ties", V([1, 2, 3, 4], [4]), V([0, 0, 1, 1, 1], [5], DType.Int64), V([1, 0.5, 4, 4, 2], [5]),
            (a, i, s) => a.ScatterReduce(0, i, s, "amax"), "torch.scatter_reduce(a, 0, b, c, 'amax')");
        yield return S("index_copy", A(4, 3), distinctRows, A(2, 3), (a, i, s) => a.IndexCopy(0, i, s), "torch.index_copy(a, 0, b, c)");
        yield return S("index_copy dim=1 transposed", A(4, 2), V([1, 0], [2], DType.Int64), A(2, 2), (a, i, s) => a.T.IndexCopy(1, i, s), "torch.index_copy(a.t(), 1, b, c)");
        yield return S("index_fill", A(2, 3), negativeRows, (a, i) => a.IndexFill(1, i, 0.5), "torch.index_fill(a, 1, b, 0.5)");
        yield return S("index_fill tensor value", A(3, 2), rows, A(), (a, i, v) => a.IndexFill(0, i, v), "torch.index_fill(a, 0, b, c)");
        yield return S("masked_fill", A(2, 3), mask23, (a, m) => a.MaskedFill(m, -1.0), "torch.masked_fill(a, b, -1.0)");
        yield return S("masked_fill broadcast mask", A(2, 3), mask3, (a, m) => a.MaskedFill(m, -1.0), "torch.masked_fill(a, b, -1.0)");
        yield return S("masked_fill tensor value", A(2, 3), mask23, A(), (a, m, v) => a.MaskedFill(m, v), "torch.masked_fill(a, b, c)");
        yield return S("masked_select", A(2, 3), mask23, (a, m) => a.MaskedSelect(m), "torch.masked_select(a, b)");
        yield return S("masked_select broadcast", A(3), mask23, (a, m) => a.MaskedSelect(m), "torch.masked_select(a, b)");
        yield return S("masked_scatter", A(2, 3), mask23, A(5), (a, m, s) => a.MaskedScatter(m, s), "torch.masked_scatter(a, b, c)");
        yield return S("masked_scatter broadcast", A(3), mask23, A(2, 2), (a, m, s) => a.MaskedScatter(m, s), "torch.masked_scatter(a, b, c)");
        yield return S("take", A(2, 3), V([5, -1, 0, 2], [2, 2], DType.Int64), (a, i) => a.Take(i), "torch.take(a, b)");
        yield return S("take transposed", A(3, 2), V([5, -1, 0, 2], [2, 2], DType.Int64), (a, i) => a.T.Take(i), "torch.take(a.t(), b)");
        yield return S("take_along_dim", A(3, 4), columnOfRows, (a, i) => a.TakeAlongDim(i, dim: 0), "torch.take_along_dim(a, b, 0)");
        yield return S("take_along_dim broadcast", A(2, 2), V([1, 0, 1], [1, 3], DType.Int64), (a, i) => a.TakeAlongDim(i, dim: 1), "torch.take_along_dim(a, b, 1)");
        yield return S("take_along_dim flat", A(2, 3), V([5, 1, 0, 2], [2, 2], DType.Int64), (a, i) => a.TakeAlongDim(i), "torch.take_along_dim(a, b)");
        yield return S("nonzero", V([0, 1, 0, 2, 3, 0], [2, 3]), a => a.Nonzero(), "torch.nonzero(a)");
        yield return S("argwhere", V([0, 1, 0, 2, 3, 0], [3, 2]), a => a.Argwhere(), "torch.argwhere(a)");
        yield return S("nn.functional.one_hot", V([0, 2, 1, 2], [4], DType.Int64), a => F.OneHot(a), "torch.one_hot(a)");
        yield return S("nn.functional.one_hot num_classes=5", V([0, 2, 1, 4, 3, 0], [2, 3], DType.Int64), a => F.OneHot(a, 5), "torch.one_hot(a, 5)");
    }

    // An in-place write on a copy of x (a leaf that requires grad cannot be written in place).
    private static Tensor Assigned(Tensor x, Action<Tensor> write)
    {
        var y = x * 1.0;
        write(y);
        return y;
    }
}
