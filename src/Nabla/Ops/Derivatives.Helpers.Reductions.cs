using static Nabla.Slot;

namespace Nabla;

// The longer formulas of the reductions, scans and sorting rows (PyTorch's FunctionsManual.cpp), in
// tensor code so that they can themselves be differentiated.
internal static partial class Derivatives
{
    /// <summary>A row for an op that picks one element per output (sort, topk, kthvalue, median along a dim).</summary>
    private static Derivative<(int Dim, bool KeepDim)> Picking(string name) => Op<(int Dim, bool KeepDim)>(name)
        .Grad(Self, reads: Indices, (n, g) => SelectedBackward(g, n[Indices], n.InputShape(0), n.Args.Dim, n.Args.KeepDim));

    private static bool HasZero(Tensor x) => x.Eq(0.0).Any().Item<bool>();

    // d/dxᵢ Πx = Π_{j≠i} xⱼ: result/x when no element is 0, else the products of the elements before and
    // after each one, which stay exact with zeros (PyTorch's prod_backward).
    private static Tensor ProdBackward(Tensor g, Tensor x, Tensor result)
    {
        if (x.Dim == 0) return g;
        if (x.Count == 0) return g.Expand(x.ShapeArray);
        return HasZero(x) ? g * ProductOfOthers(x.Reshape(-1), 0).View(x.ShapeArray) : g * (result / x);
    }

    private static Tensor ProdBackward(Tensor g, Tensor x, Tensor result, int dim, bool keepDim)
    {
        if (x.Dim == 0) return g;
        if (!keepDim)
        {
            g = g.Unsqueeze(dim);
            result = result.Unsqueeze(dim);
        }
        if (x.Count == 0) return g.Expand(x.ShapeArray);
        return HasZero(x) ? g * ProductOfOthers(x, dim) : g * (result / x);
    }

    // Π_{j≠i} xⱼ along dim as (Π_{j<i} xⱼ)·(Π_{j>i} xⱼ): exclusive cumprods from each end.
    private static Tensor ProductOfOthers(Tensor x, int dim)
    {
        int n = x.Size(dim);
        if (n == 1) return Tensor.OnesLike(x);
        var shape = x.ShapeArray.ToArray();
        shape[dim] = 1;
        var ones = Tensor.Ones(shape, x.DType);
        var before = Tensor.Cat([ones, x.Narrow(dim, 0, n - 1)], dim).CumProd(dim);
        var after = Tensor.Cat([ones, x.Narrow(dim, 1, n - 1).Flip(dim)], dim).CumProd(dim).Flip(dim);
        return before * after;
    }

    private static int ReducedCount(int[] shape, bool[] mask)
    {
        int count = 1;
        for (int d = 0; d < shape.Length; d++) if (mask[d]) count *= shape[d];
        return count;
    }

    // d var / dx = 2(x - mean)/(N - c). With no degrees of freedom left (N ≤ c) over all elements, PyTorch
    // gives ∞·(x - mean) as its limit: NaN where x is the mean, ∞ elsewhere.
    private static Tensor VarBackward(Tensor g, Tensor x, MomentArgs a)
    {
        g = Unsqueezed(g, a.Mask, a.KeepDim);
        double dof = ReducedCount(x.ShapeArray, a.Mask) - a.Correction;
        if (a.AllDims && dof <= 0)
            return g * Tensor.Full([], double.PositiveInfinity, x.DType).Where(x.Ne(x.Mean()), double.NaN);
        return g * (x - x.Mean(DimsOf(a.Mask), keepDim: true)) * (2 / dof);
    }

    // std = √var: the gradient of var is g/(2·std), 0 where std is 0 (PyTorch's std_backward).
    private static Tensor StdToVarGrad(Tensor g, Tensor std) => (g / (std * 2)).Where(std.Ne(0.0), 0.0);

    // var_mean and std_mean: the first output's gradient (std's when std is given) plus the mean's; either may be absent.
    private static Tensor? MomentsBackward(Tensor? gFirst, Tensor? std, Tensor? gMean, Tensor x, MomentArgs a)
    {
        var grad = gFirst is null ? null : VarBackward(std is null ? gFirst : StdToVarGrad(gFirst, std), x, a);
        if (gMean is null) return grad;
        var meanGrad = Unsqueezed(gMean, a.Mask, a.KeepDim).Expand(x.ShapeArray) / ReducedCount(x.ShapeArray, a.Mask);
        return grad is null ? meanGrad : grad + meanGrad;
    }

    // d logsumexp / dx = e^(x - logsumexp): the softmax over the reduced dims.
    private static Tensor LogSumExpBackward(Tensor g, Tensor x, Tensor result, bool[] mask, bool keepDim)
        => Unsqueezed(g, mask, keepDim) * (x - Unsqueezed(result, mask, keepDim)).Exp();

    // amax/amin: the gradient split evenly among the elements equal to the extreme of their slice.
    private static Tensor ShareAmongTies(Tensor g, Tensor x, Tensor result, bool[] mask, bool keepDim)
    {
        var hit = Unsqueezed(result, mask, keepDim).Eq(x);
        return Unsqueezed(g, mask, keepDim) / hit.Sum(DimsOf(mask), keepDim: true) * hit;
    }

    // cummax/cummin: output k came from position indices[k]; several outputs may share a position.
    private static Tensor ScatteredBack(Tensor g, Tensor indices, int[] shape, int dim)
        => shape.Length == 0 ? g : Tensor.Zeros(shape, g.DType).ScatterAdd(dim, indices, g);

    /// <summary>
    /// The gradient of y = cumprod x: xₖ reaches every yⱼ with j ≥ k, as Π_{i≤j, i≠k} xᵢ. Without zeros that
    /// is yⱼ/xₖ; with zeros (PyTorch's cumprod_backward) an O(n) form for a plain backward pass, and an
    /// O(n²) one, exact in every input, when the pass is itself differentiated.
    /// </summary>
    private static Tensor CumProdBackward(Tensor g, Tensor x, Tensor y, int dim)
    {
        if (x.Count <= 1 || x.Size(dim) == 1) return g;
        if (!HasZero(x)) return ReversedCumSum(y * g, dim) / x;
        return GradMode.IsEnabled ? CumProdBackwardPairwise(g, x, dim) : CumProdBackwardWithZeros(g, x, y, dim);
    }

    // With z the first zero of a line: for k < z, Σ_{j≥k} gⱼyⱼ/xₖ (yⱼ = 0 from z on, and xₖ ≠ 0); for k = z,
    // Π_{i<z} xᵢ · Σ_{j≥z} gⱼ·Π_{z<i≤j} xᵢ; after z every product holds the zero, so 0.
    private static Tensor CumProdBackwardWithZeros(Tensor g, Tensor x, Tensor y, int dim)
    {
        var isZero = x.Eq(0.0);
        var zerosSoFar = isZero.CumSum(dim);
        var beforeFirst = zerosSoFar.Eq(0.0);
        var firstZero = isZero.LogicalAnd(zerosSoFar.Eq(1.0));
        var fromFirst = zerosSoFar.Ge(1.0);
        var safe = x.Where(beforeFirst, 1.0);
        var before = ReversedCumSum(y * g, dim) / safe;
        var tail = (x.Where(fromFirst.LogicalAnd(firstZero.LogicalNot()), 1.0).CumProd(dim) * g).Where(fromFirst, 0.0).Sum(dim, keepDim: true);
        var atFirst = (safe.Prod(dim, keepDim: true) * tail).Where(firstZero, 0.0);
        return before.Where(beforeFirst, atFirst);
    }

    // P[k, j] = Π_{i≤j, i≠k} xᵢ as a cumprod over a copy of the line per k with xₖ set to 1; then
    // grad_k = Σ_{j≥k} gⱼ·P[k, j]. Quadratic, and a polynomial in x, so its own derivative is exact.
    private static Tensor CumProdBackwardPairwise(Tensor g, Tensor x, int dim)
    {
        int n = x.Size(dim);
        var lines = x.Transpose(dim, -1);
        int[] square = [.. lines.ShapeArray, n];   // [..., k, i]
        var positions = Tensor.Arange(n);
        var diagonal = positions.Unsqueeze(1).Eq(positions.Unsqueeze(0));   // [k, i]: i = k
        var upper = positions.Unsqueeze(1).Le(positions.Unsqueeze(0));      // [k, j]: j ≥ k
        var products = lines.Unsqueeze(-2).Expand(square).Where(diagonal.LogicalNot(), 1.0).CumProd(-1);
        var grad = (products * g.Transpose(dim, -1).Unsqueeze(-2)).Where(upper, 0.0).Sum(-1);
        return grad.Transpose(dim, -1);
    }

    /// <summary>
    /// The gradient of y = logcumsumexp x: Σ_{j≥k} gⱼ·e^(xₖ - yⱼ). A plain backward pass sums over positive
    /// and negative gⱼ separately in log space, so that nothing overflows (PyTorch's logcumsumexp_backward);
    /// that form is not differentiable in g where g is 0 (log |g|), so a differentiated pass (double backward,
    /// and forward mode, which differentiates the rule in g at g = 0) uses the quadratic form instead.
    /// </summary>
    private static Tensor LogCumSumExpBackward(Tensor g, Tensor x, Tensor y, int dim)
    {
        if (g.Dim == 0 || g.Count == 0) return g;
        if (GradMode.IsEnabled) return LogCumSumExpBackwardPairwise(g, x, y, dim);
        double lowest = g.DType == DType.Float32 ? float.MinValue : double.MinValue;
        var logAbs = g.Abs().Log();
        var logPositive = logAbs.Where(g.Gt(0.0), lowest);
        var logNegative = logAbs.Where(g.Lt(0.0), lowest);
        Tensor FromTheEnd(Tensor t) => t.Flip(dim).LogCumSumExp(dim).Flip(dim);
        return (FromTheEnd(logPositive - y) + x).Exp() - (FromTheEnd(logNegative - y) + x).Exp();
    }

    // W[k, j] = e^(xₖ - yⱼ) for j ≥ k (never above 1, as yⱼ ≥ xₖ there), 0 below the diagonal; grad = W·g.
    private static Tensor LogCumSumExpBackwardPairwise(Tensor g, Tensor x, Tensor y, int dim)
    {
        var positions = Tensor.Arange(x.Size(dim));
        var upper = positions.Unsqueeze(1).Le(positions.Unsqueeze(0));   // [k, j]: j ≥ k
        var exponents = x.Transpose(dim, -1).Unsqueeze(-1) - y.Transpose(dim, -1).Unsqueeze(-2);
        var weights = exponents.Where(upper, double.NegativeInfinity).Exp();   // masked before exp: no ∞·0 in its derivative
        return (weights * g.Transpose(dim, -1).Unsqueeze(-2)).Sum(-1).Transpose(dim, -1);
    }
}
