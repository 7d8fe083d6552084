namespace Nabla.Bench;

internal static partial class OpRows
{
    // The reductions, scans and sorting ops of issue 10 part 2. Normal inputs have no ties, so every picking op
    // (median, kthvalue, topk, sort, cummax) is differentiable at them; the rows with zeros and NaNs are given.
    private static IEnumerable<OpRow> MoreReductions()
    {
        double[] withZeros = [1.5, 0, -0.7, 2, 0, 0.3, -1.1, 0.8, 1.3, -0.4, 0, 0.9];
        double[] withNaNs = [0.5, double.NaN, -1.2, double.NaN, double.NaN, 0.7];
        yield return S("prod", A(2, 3), a => a.Prod(), "torch.prod(a)");
        yield return S("prod dim=1", A(2, 3), a => a.Prod(1), "torch.prod(a, 1)");
        yield return S("prod dim=0 keepdim", A(2, 3), a => a.Prod(0, keepDim: true), "torch.prod(a, 0, keepdim=True)");
        yield return S("prod transposed", A(3, 2), a => a.T.Prod(-1), "torch.prod(a.t(), -1)");
        yield return S("prod with zeros dim=1", V(withZeros, [2, 6]), a => a.Prod(1), "torch.prod(a, 1)");
        yield return S("prod with a zero", V(withZeros[6..], [6]), a => a.Prod(), "torch.prod(a)");
        yield return S("var", A(2, 3), a => a.Var(), "torch.var(a)");
        yield return S("var dim=1", A(2, 3), a => a.Var(1), "torch.var(a, 1)");
        yield return S("var dims=[0,2] correction=0 keepdim", A(2, 3, 2), a => a.Var([0, 2], correction: 0, keepDim: true), "torch.var(a, [0, 2], correction=0, keepdim=True)");
        yield return S("std", A(2, 3), a => a.Std(), "torch.std(a)");
        yield return S("std dim=0 correction=0.5", A(3, 2), a => a.Std(0, correction: 0.5), "torch.std(a, 0, correction=0.5)");
        yield return S("std dims=[1,2] keepdim", A(2, 2, 3), a => a.Std([1, 2], keepDim: true), "torch.std(a, [1, 2], keepdim=True)");
        yield return MS("var_mean dim=1", [A(2, 3)], x => Pair(Tensor.VarMean(x[0], 1)), "torch.var_mean(a, 1)");
        yield return MS("var_mean correction=0", [A(2, 3)], x => Pair(Tensor.VarMean(x[0], correction: 0)), "torch.var_mean(a, correction=0)");
        yield return MS("std_mean dim=1", [A(2, 3)], x => Pair(Tensor.StdMean(x[0], 1)), "torch.std_mean(a, 1)");
        yield return MS("std_mean dims=[0,1] keepdim", [A(2, 3, 2)], x => Pair(Tensor.StdMean(x[0], [0, 1], keepDim: true)), "torch.std_mean(a, [0, 1], keepdim=True)");
        yield return S("logsumexp dim=1", W(2, 3), a => a.LogSumExp(1), "torch.logsumexp(a, 1)");
        yield return S("logsumexp dim=-1 keepdim", W(2, 3), a => a.LogSumExp(-1, keepDim: true), "torch.logsumexp(a, -1, keepdim=True)");
        yield return S("logsumexp dims=[0,2]", W(2, 3, 2), a => a.LogSumExp([0, 2]), "torch.logsumexp(a, [0, 2])");
        yield return S("logsumexp large", V([1000, 1001, -1000, 0, 2, 3], [2, 3]), a => a.LogSumExp(1), "torch.logsumexp(a, 1)");
        yield return S("amax", A(2, 3), a => a.Amax(), "torch.amax(a)");
        yield return S("amax dim=1", A(2, 3), a => a.Amax(1), "torch.amax(a, 1)");
        yield return S("amax dims=[0,2] keepdim", A(2, 3, 2), a => a.Amax([0, 2], keepDim: true), "torch.amax(a, [0, 2], keepdim=True)");
        yield return S("amax ties", V([1, 3, 3, 2, 2, 0], [2, 3]), a => a.Amax(1), "torch.amax(a, 1)");
        yield return S("amin dim=0", A(2, 3), a => a.Amin(0), "torch.amin(a, 0)");
        yield return S("amin transposed", A(3, 2), a => a.T.Amin(), "torch.amin(a.t())");
        yield return S("nansum", A(2, 3), a => a.NanSum(), "torch.nansum(a)");
        yield return S("nansum dim=1 with NaN", V(withNaNs, [2, 3]), a => a.NanSum(1), "torch.nansum(a, 1)");
        yield return S("nansum dims keepdim", A(2, 3), a => a.NanSum([0, 1], keepDim: true), "torch.nansum(a, [0, 1], keepdim=True)");
        yield return S("nanmean", A(2, 3), a => a.NanMean(), "torch.nanmean(a)");
        yield return S("nanmean dim=1 with NaN", V(withNaNs, [2, 3]), a => a.NanMean(1), "torch.nanmean(a, 1)");
        yield return S("median", A(2, 3), a => a.Median(), "torch.median(a)");
        yield return MS("median dim=1", [A(2, 3)], x => Pair(x[0].Median(1)), "torch.median(a, 1)");
        yield return MS("median dim=0 keepdim", [A(4, 2)], x => Pair(x[0].Median(0, keepDim: true)), "torch.median(a, 0, keepdim=True)");
        yield return S("nanmedian with NaN", V(withNaNs, [2, 3]), a => a.NanMedian(), "torch.nanmedian(a)");
        yield return MS("nanmedian dim=1 with NaN", [V(withNaNs, [2, 3])], x => Pair(x[0].NanMedian(1)), "torch.nanmedian(a, 1)");
        yield return MS("kthvalue k=2", [A(2, 4)], x => Pair(x[0].Kthvalue(2)), "torch.kthvalue(a, 2)");
        yield return MS("kthvalue k=1 dim=0 keepdim", [A(3, 2)], x => Pair(x[0].Kthvalue(1, 0, keepDim: true)), "torch.kthvalue(a, 1, 0, keepdim=True)");
        yield return MS("topk k=2", [A(2, 5)], x => Pair(x[0].TopK(2)), "torch.topk(a, 2)");
        yield return MS("topk smallest dim=0", [A(4, 3)], x => Pair(x[0].TopK(2, dim: 0, largest: false)), "torch.topk(a, 2, dim=0, largest=False)");
        yield return MS("topk large k", [A(3, 40)], x => Pair(x[0].TopK(30)), "torch.topk(a, 30)");
        yield return MS("sort", [A(2, 4)], x => Pair(x[0].Sort()), "torch.sort(a)");
        yield return MS("sort descending dim=0", [A(4, 3)], x => Pair(x[0].Sort(dim: 0, descending: true)), "torch.sort(a, dim=0, descending=True)");
        yield return MS("sort stable", [V([2, 1, 2, 0, 1, 1, 3, 0, 0, 2, 2, 1], [3, 4])], x => Pair(x[0].Sort(stable: true)), "torch.sort(a, stable=True)");
        yield return S("argsort", A(2, 4), a => a.Argsort(), "torch.argsort(a)");
        yield return S("argsort descending dim=0", A(4, 3), a => a.Argsort(dim: 0, descending: true), "torch.argsort(a, dim=0, descending=True)");
        yield return S("cumprod dim=1", A(2, 4), a => a.CumProd(1), "torch.cumprod(a, 1)");
        yield return S("cumprod transposed", A(3, 2), a => a.T.CumProd(0), "torch.cumprod(a.t(), 0)");
        yield return S("cumprod with zeros", V(withZeros, [2, 6]), a => a.CumProd(1), "torch.cumprod(a, 1)");
        yield return S("logcumsumexp dim=1", W(2, 4), a => a.LogCumSumExp(1), "torch.logcumsumexp(a, 1)");
        yield return S("logcumsumexp transposed", W(3, 2), a => a.T.LogCumSumExp(0), "torch.logcumsumexp(a.t(), 0)");
        yield return MS("cummax dim=1", [A(2, 5)], x => Pair(x[0].CumMax(1)), "torch.cummax(a, 1)");
        yield return MS("cummax transposed", [A(3, 4)], x => Pair(x[0].T.CumMax(0)), "torch.cummax(a.t(), 0)");
        yield return MS("cummin dim=-1", [A(3, 4)], x => Pair(x[0].CumMin(-1)), "torch.cummin(a, -1)");
        yield return S("all", B(2, 3), a => a.All(), "torch.all(a)");
        yield return S("any dim=1", B(2, 3), a => a.Any(1), "torch.any(a, 1)");
        yield return S("count_nonzero", V([0, 1, 0, 2, 3, 0], [2, 3]), a => a.CountNonzero(), "torch.count_nonzero(a)");
        yield return S("count_nonzero dim=0", V([0, 1, 0, 2, 3, 0], [2, 3]), a => a.CountNonzero(0), "torch.count_nonzero(a, 0)");
        yield return MS("unique", [V([3, 1, 2, 3, 1, 5], [6], DType.Int64)], x => x[0].Unique(returnInverse: true, returnCounts: true) is var (o, i, c) ? [o, i!, c!] : [],
            "torch._unique2(a, True, True, True)");
    }

    private static Tensor[] Pair((Tensor, Tensor) pair) => [pair.Item1, pair.Item2];
}
