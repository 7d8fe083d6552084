namespace Nabla.Tests;

public static partial class OpCases
{
    // Where prod and cumprod meet exact zeros (two in the first line, one in the second).
    private static readonly Tensor ZerosInLines = Tensor.FromArray(new[] { false, true, false, false, true, false, false, false, false, false, true, false }, [2, 6]);
    private static readonly Tensor NaNsInLines = Tensor.FromArray(new[] { false, true, false, true, true, false }, [2, 3]);

    private static Tensor WithZeros(Tensor x) => x.Where(ZerosInLines.LogicalNot(), 0.0);

    private static Tensor WithNaNs(Tensor x) => x.Where(NaNsInLines.LogicalNot(), double.NaN);

    // Both outputs of var_mean/std_mean in one result, so that one backward pass brings both gradients to their node.
    private static Tensor Product((Tensor, Tensor) outputs) => outputs.Item1 * outputs.Item2;

    // prod, var/std (and var_mean/std_mean), logsumexp, amax/amin, nansum/nanmean, median, the picking ops
    // (kthvalue, topk, sort), and the scans cumprod, logcumsumexp, cummax/cummin. Random normal inputs have no
    // ties, so every picking op is differentiable at them.
    private static IEnumerable<OpCase> ReductionsScansSorting()
    {
        yield return Case("prod all", "ProdBackward0", x => x[0].Prod(), A(2, 3));
        yield return Case("prod dim 1", "ProdBackward1", x => x[0].Prod(1), A(2, 3));
        yield return Case("prod dim 0 keepDim", "ProdBackward1", x => x[0].Prod(0, keepDim: true), A(2, 3));
        yield return Case("prod 0-d", "ProdBackward1", x => x[0].Prod(0), A());
        yield return Case("prod transposed", "ProdBackward1", x => x[0].T.Prod(-1), A(3, 2));
        yield return Case("prod with zeros", "ProdBackward1", x => WithZeros(x[0]).Prod(1), A(2, 6));
        yield return Case("prod all with a zero", "ProdBackward0", x => WithZeros(x[0])[1].Prod(), A(2, 6));
        yield return Case("var all", "VarBackward0", x => x[0].Var(), A(2, 3));
        yield return Case("var dim 1", "VarBackward0", x => x[0].Var(1), A(2, 3));
        yield return Case("var dims [0,2] keepDim correction 0", "VarBackward0", x => x[0].Var([0, 2], correction: 0, keepDim: true), A(2, 3, 2));
        yield return Case("var transposed", "VarBackward0", x => x[0].T.Var(0), A(3, 2));
        yield return Case("std all", "StdBackward0", x => x[0].Std(), A(2, 3));
        yield return Case("std dim 0 correction 0.5", "StdBackward0", x => x[0].Std(0, correction: 0.5), A(3, 2));
        yield return Case("std dims [1,2] keepDim", "StdBackward0", x => x[0].Std([1, 2], keepDim: true), A(2, 2, 3));
        yield return Case("var_mean var", "VarMeanBackward0", x => Tensor.VarMean(x[0], 1).Var, A(2, 3));
        yield return Case("var_mean mean", "VarMeanBackward0", x => Tensor.VarMean(x[0], 1).Mean, A(2, 3));
        yield return Case("var_mean both", "MulBackward0", x => Product(Tensor.VarMean(x[0], 0, keepDim: true)), A(3, 2));
        yield return Case("var_mean all correction 0", "VarMeanBackward0", x => Tensor.VarMean(x[0], correction: 0).Var, A(2, 3));
        yield return Case("std_mean std", "StdMeanBackward0", x => Tensor.StdMean(x[0], 1).Std, A(2, 3));
        yield return Case("std_mean both", "MulBackward0", x => Product(Tensor.StdMean(x[0], [0, 1])), A(2, 3));
        yield return Case("logsumexp dim 1", "LogsumexpBackward0", x => x[0].LogSumExp(1), W(2, 3));
        yield return Case("logsumexp dim -1 keepDim", "LogsumexpBackward0", x => x[0].LogSumExp(-1, keepDim: true), W(2, 3));
        yield return Case("logsumexp dims [0,2]", "LogsumexpBackward0", x => x[0].LogSumExp([0, 2]), W(2, 3, 2));
        yield return Case("logsumexp 0-d", "LogsumexpBackward0", x => x[0].LogSumExp(0), W());
        yield return Case("logsumexp transposed", "LogsumexpBackward0", x => x[0].T.LogSumExp(0), W(3, 2));
        yield return Case("amax all", "AmaxBackward0", x => x[0].Amax(), A(2, 3));
        yield return Case("amax dim 1", "AmaxBackward0", x => x[0].Amax(1), A(2, 3));
        yield return Case("amax dims [0,2] keepDim", "AmaxBackward0", x => x[0].Amax([0, 2], keepDim: true), A(2, 3, 2));
        yield return Case("amin dim 0", "AminBackward0", x => x[0].Amin(0), A(2, 3));
        yield return Case("amin all transposed", "AminBackward0", x => x[0].T.Amin(), A(3, 2));
        yield return Case("nansum all", "NansumBackward0", x => x[0].NanSum(), A(2, 3));
        yield return Case("nansum dim 1 with NaN", "NansumBackward0", x => WithNaNs(x[0]).NanSum(1), A(2, 3));
        yield return Case("nansum dims keepDim", "NansumBackward0", x => x[0].NanSum([0, 1], keepDim: true), A(2, 3));
        yield return Case("nanmean dim 1 with NaN", "DivBackward0", x => WithNaNs(x[0]).NanMean(1), A(2, 3));
        yield return Case("nanmean all", "DivBackward0", x => x[0].NanMean(), A(2, 3));
        yield return Case("median all", "MedianBackward0", x => x[0].Median(), A(2, 3));
        yield return Case("median dim 1", "MedianBackward1", x => x[0].Median(1).Values, A(2, 3));
        yield return Case("median dim 0 keepDim", "MedianBackward1", x => x[0].Median(0, keepDim: true).Values, A(4, 2));
        yield return Case("nanmedian all with NaN", "NanmedianBackward0", x => WithNaNs(x[0]).NanMedian(), A(2, 3));
        yield return Case("nanmedian dim 1 with NaN", "NanmedianBackward1", x => WithNaNs(x[0]).NanMedian(1).Values, A(2, 3));
        yield return Case("kthvalue 2 dim -1", "KthvalueBackward0", x => x[0].Kthvalue(2).Values, A(2, 4));
        yield return Case("kthvalue 1 dim 0 keepDim", "KthvalueBackward0", x => x[0].Kthvalue(1, 0, keepDim: true).Values, A(3, 2));
        yield return Case("kthvalue 0-d", "KthvalueBackward0", x => x[0].Kthvalue(1).Values, A());
        yield return Case("topk 2", "TopkBackward0", x => x[0].TopK(2).Values, A(2, 5));
        yield return Case("topk smallest dim 0", "TopkBackward0", x => x[0].TopK(2, dim: 0, largest: false).Values, A(4, 3));
        yield return Case("topk unsorted transposed", "TopkBackward0", x => x[0].T.TopK(3, sorted: false).Values, A(5, 2));
        yield return Case("sort", "SortBackward0", x => x[0].Sort().Values, A(2, 4));
        yield return Case("sort descending dim 0", "SortBackward0", x => x[0].Sort(dim: 0, descending: true).Values, A(4, 3));
        yield return Case("sort stable", "SortBackward1", x => x[0].Sort(stable: true).Values, A(3, 4));
        yield return Case("sort 0-d", "SortBackward0", x => x[0].Sort().Values, A());
        yield return Case("cumprod dim 1", "CumprodBackward0", x => x[0].CumProd(1), A(2, 4));
        yield return Case("cumprod dim 0 transposed", "CumprodBackward0", x => x[0].T.CumProd(0), A(3, 2));
        yield return Case("cumprod 0-d", "CumprodBackward0", x => x[0].CumProd(0), A());
        yield return Case("cumprod with zeros", "CumprodBackward0", x => WithZeros(x[0]).CumProd(1), A(2, 6));
        yield return Case("logcumsumexp dim 1", "LogcumsumexpBackward0", x => x[0].LogCumSumExp(1), W(2, 4));
        yield return Case("logcumsumexp dim 0 transposed", "LogcumsumexpBackward0", x => x[0].T.LogCumSumExp(0), W(3, 2));
        yield return Case("cummax dim 1", "CummaxBackward0", x => x[0].CumMax(1).Values, A(2, 5));
        yield return Case("cummax dim 0 transposed", "CummaxBackward0", x => x[0].T.CumMax(0).Values, A(3, 4));
        yield return Case("cummin dim -1", "CumminBackward0", x => x[0].CumMin(-1).Values, A(3, 4));
        yield return Case("cummin 0-d", "CumminBackward0", x => x[0].CumMin(0).Values, A());
    }
}
