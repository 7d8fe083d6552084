using TorchSharp;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // Reductions, scans, softmax and sorting.
    private static IEnumerable<OpRow> Reductions()
    {
        yield return R("sum", A(2, 3), a => a.Sum(), a => a.sum());
        yield return R("sum dim=1", A(2, 3), a => a.Sum(1), a => a.sum(1));
        yield return R("sum dims=[0,2] keepdim", A(2, 3, 4), a => a.Sum([0, 2], keepDim: true), a => a.sum([0L, 2L], keepdim: true));
        yield return R("sum non-contiguous", A(3, 2), a => a.T.Sum(0), a => a.t().sum(0L));
        yield return R("mean", A(2, 3), a => a.Mean(), a => a.mean());
        yield return R("mean dim=-1 keepdim", A(2, 3), a => a.Mean(-1, keepDim: true), a => a.mean([-1L], keepdim: true));
        yield return R("mean dims=[0,1]", A(2, 3, 4), a => a.Mean([0, 1]), a => a.mean([0L, 1L]));
        yield return R("max", A(2, 3), a => a.Max(), a => a.max());
        yield return M("max dim=1", A(2, 3), a => { var (v, i) = a.Max(1); return [v, i]; }, a => { var (v, i) = a.max(1); return [v, i]; });
        yield return M("max dim=0 keepdim", A(3, 2), a => { var (v, i) = a.Max(0, keepDim: true); return [v, i]; }, a => { var (v, i) = a.max(0, keepdim: true); return [v, i]; });
        yield return R("min", A(2, 3), a => a.Min(), a => a.min());
        yield return M("min dim=-1", A(2, 3), a => { var (v, i) = a.Min(-1); return [v, i]; }, a => { var (v, i) = a.min(-1); return [v, i]; });
        yield return R("argmax", A(2, 3), a => a.Argmax(), a => a.argmax());
        yield return R("argmax dim=1", A(2, 3), a => a.Argmax(1), a => a.argmax(1));
        yield return R("argmin", A(2, 3), a => a.Argmin(), a => a.argmin());
        yield return R("argmin dim=0 keepdim", A(2, 3), a => a.Argmin(0, keepDim: true), a => a.argmin(0, keepdim: true));
        // Python's Tensor.norm calls torch.linalg.vector_norm for a number p (torch/functional.py)
        yield return R("norm", A(2, 3), a => a.Norm(), a => torch.linalg.vector_norm(a));
        yield return R("norm p=1", A(2, 3), a => a.Norm(1), a => torch.linalg.vector_norm(a, 1));
        yield return R("norm p=3 dim=1 keepdim", A(2, 3), a => a.Norm(3, 1, keepDim: true), a => torch.linalg.vector_norm(a, 3, [1L], keepdim: true));
        yield return R("cumsum dim=1", A(2, 3), a => a.CumSum(1), a => a.cumsum(1));
        yield return R("cumsum dim=0", A(4), a => a.CumSum(0), a => a.cumsum(0));
        yield return R("softmax dim=1", W(2, 3), a => a.Softmax(1), a => a.softmax(1));
        yield return R("softmax dim=0", W(3, 2), a => a.Softmax(0), a => a.softmax(0));
        yield return R("log_softmax dim=-1", W(2, 3), a => a.LogSoftmax(-1), a => a.log_softmax(-1));
    }
}
