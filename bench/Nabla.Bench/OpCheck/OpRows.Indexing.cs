using TorchSharp;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // Indexing: the indexer (libtorch side in TorchScript, which spells it as Python does), gathers and scatters.
    private static IEnumerable<OpRow> Indexing()
    {
        yield return S("__getitem__ int", A(3, 4), a => a[1], "a[1]");
        yield return S("__getitem__ negative int", A(3, 4), a => a[^1], "a[-1]");
        yield return S("__getitem__ ellipsis int", A(2, 3, 4), a => a[.., 1], "a[:, 1]");
        yield return S("__getitem__ range", A(5, 3), a => a[1..3], "a[1:3]");
        yield return S("__getitem__ range from end", A(3, 5), a => a[.., 1..^1], "a[:, 1:-1]");
        yield return S("__getitem__ range and int", A(4, 3), a => a[1..3, ^1], "a[1:3, -1]");
        yield return R("gather", A(3, 4), I(0, 4, 3, 2), (a, i) => a.Gather(1, i), (a, i) => a.gather(1, i));
        yield return R("gather dim=0", A(3, 4), I(0, 3, 2, 4), (a, i) => a.Gather(0, i), (a, i) => a.gather(0, i));
        yield return R("index_select", A(4, 3), I(0, 4, 5), (a, i) => a.IndexSelect(0, i), (a, i) => a.index_select(0, i));
        yield return R("index_select dim=1", A(2, 4), I(0, 4, 3), (a, i) => a.IndexSelect(1, i), (a, i) => a.index_select(1, i));
        yield return R("scatter_add", A(3, 4), I(0, 4, 3, 2), A(3, 2), (a, i, s) => a.ScatterAdd(1, i, s), (a, i, s) => a.scatter_add(1, i, s));
        yield return R("index_add", A(4, 3), I(0, 4, 5), A(5, 3), (a, i, s) => a.IndexAdd(0, i, s), (a, i, s) => a.index_add(0, i, s, 1.0));
        yield return R("index_add alpha=2 dim=1", A(2, 4), I(0, 4, 3), A(2, 3), (a, i, s) => a.IndexAdd(1, i, s, alpha: 2), (a, i, s) => a.index_add(1, i, s, 2.0));
    }
}
