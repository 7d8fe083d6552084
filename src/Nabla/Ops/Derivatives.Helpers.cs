using Nabla.NN;
using static Nabla.Slot;

namespace Nabla;

// The longer formulas of the derivative table, named (PyTorch's FunctionsManual.cpp). Each is tensor
// code, so that it can itself be differentiated.
internal static partial class Derivatives
{
    private const double InvSqrt2 = 0.7071067811865476;     // 1/√2
    private const double InvSqrt2Pi = 0.3989422804014327;   // 1/√(2π)

    private static Tensor Scale(Tensor g, double alpha) => alpha == 1 ? g : g * alpha;

    private static Tensor Zero(Tensor like) => Tensor.Wrap(0, like.DType);

    // The region of a contiguous copy of g that a view with this geometry reads (as_strided, differentiable).
    private static Tensor RegionOf(Tensor g, StridedGeometry view) => g.Contiguous().StridedView(view);

    // A region put at a view's place in zeros of the base's shape (as_strided_scatter into zeros, differentiable).
    private static Tensor Embedded(Tensor region, int[] shape, StridedGeometry view)
        => AsStridedScatter.Record(region.EmbeddedIn(shape, t => RegionOf(t, view)), [region], view);

    // y·x^(y-1), taken as 0 where y = 0 (PyTorch's pow_backward_self: not 0·0^-1 = NaN at x = 0).
    private static Tensor PowBaseGrad(Tensor x, Tensor y)
    {
        var raw = y * x.Pow(y - 1);
        return raw.Where(y.Ne(0.0), Zero(raw));
    }

    // x^y·ln x, taken as 0 where x = 0 and y >= 0 (PyTorch's pow_backward_exponent: the limit is 0 there; -inf for y < 0).
    private static Tensor PowExponentGrad(Tensor x, Tensor y, Tensor result)
    {
        var raw = result * x.Log();
        return raw.Where(x.Eq(0.0).LogicalAnd(y.Ge(0.0)).LogicalNot(), Zero(raw));
    }

    private static Tensor InRange(Tensor x, double? min, double? max)
    {
        var mask = min is { } lo ? x.Ge(lo) : null;
        if (max is { } hi) mask = mask is null ? x.Le(hi) : mask.LogicalAnd(x.Le(hi));
        return mask!;
    }

    // softmax: dx = y ⊙ (g - Σ g⊙y), by the fused row kernel when nothing records the backward.
    private static Tensor SoftmaxBackward(Tensor g, Tensor y, int dim)
        => Tensor.FusedSoftmaxBackward(g, y, dim, log: false) ?? y * (g - (g * y).Sum(dim, keepDim: true));

    // log-softmax: dx = g - e^y ⊙ Σ g.
    private static Tensor LogSoftmaxBackward(Tensor g, Tensor y, int dim)
        => Tensor.FusedSoftmaxBackward(g, y, dim, log: true) ?? g - y.Exp() * g.Sum(dim, keepDim: true);

    // Σ_{j ≥ k} g_j: a cumsum from the far end (PyTorch's cumsum_backward; trivial for one element per line).
    private static Tensor ReversedCumSum(Tensor g, int dim)
        => g.Count <= 1 || g.Size(dim) == 1 ? g : g.Flip(dim).CumSum(dim).Flip(dim);

    /// <summary>Puts the reduced dims back (size 1) into a gradient, the inverse of dropping them.</summary>
    private static Tensor Unsqueezed(Tensor g, bool[] mask, bool keepDim)
    {
        if (keepDim) return g;
        var shape = new int[mask.Length];
        for (int d = 0, k = 0; d < mask.Length; d++) shape[d] = mask[d] ? 1 : g.ShapeArray[k++];
        return g.Reshape(shape);
    }

    // The gradient of a full max/min: shared equally among the elements that attain it.
    private static Tensor EvenlyDistribute(Tensor g, Tensor x, Tensor value)
    {
        var mask = x.Eq(value);
        return g * mask / mask.Sum();
    }

    // The gradient of a per-dim max/min goes to the selected element only.
    private static Tensor SelectedBackward(Tensor g, Tensor indices, int[] shape, int dim, bool keepDim)
    {
        if (shape.Length == 0) return g;   // a 0-d input is its own extreme
        if (!keepDim)
        {
            g = g.Unsqueeze(dim);
            indices = indices.Unsqueeze(dim);
        }
        return Tensor.Zeros(shape, g.DType).ScatterAdd(dim, indices, g);
    }

    // d‖x‖ₚ/dx = sgn x·|x|^(p-1) / ‖x‖ₚ^(p-1), with 0 where the norm is 0 (PyTorch's norm_backward, case by case).
    private static Tensor VectorNormBackward(Tensor g, Tensor x, Tensor norm, double p, bool[] mask, bool keepDim)
    {
        g = Unsqueezed(g, mask, keepDim);
        norm = Unsqueezed(norm, mask, keepDim);
        if (p == 0) return Tensor.ZerosLike(x);   // a count of nonzeros: flat
        if (p == 1) return g * x.Sign();
        if (double.IsInfinity(p))   // max (or min) of |x|: shared among the elements that attain it
        {
            var hit = x.Abs().Eq(norm);
            return g * x.Sign() * hit / hit.Sum(DimsOf(mask), keepDim: true);
        }
        // Below p = 2 the power is written as sgn x·|x|^(p-1), which is 0 (not 0·∞) at x = 0.
        if (p < 1) return g * x.Sign() * x.Abs().Pow(p - 1).Where(x.Ne(0.0), 0.0) * norm.Pow(1 - p);
        var scale = p == 2 ? x / norm : p < 2 ? x.Sign() * x.Abs().Pow(p - 1) / norm.Pow(p - 1) : x * x.Abs().Pow(p - 2) / norm.Pow(p - 1);
        return g * scale.Where(norm.Ne(0.0), 0.0);
    }

    private static int[] DimsOf(bool[] mask) => [.. Enumerable.Range(0, mask.Length).Where(d => mask[d])];

    // Each input of a cat gets its own slice of the gradient.
    private static Tensor?[] CatBackward(OpNode n, Tensor g, int dim, int[] sizes)
    {
        var grads = new Tensor?[sizes.Length];
        for (int i = 0, at = 0; i < sizes.Length; at += sizes[i], i++)
            if (n.Needs(i)) grads[i] = g.Narrow(dim, at, sizes[i]);
        return grads;
    }

    // Input i of a stack is slice i of the gradient.
    private static Tensor?[] StackBackward(OpNode n, Tensor g, int dim)
    {
        var grads = new Tensor?[n.InputCount];
        for (int i = 0; i < grads.Length; i++) if (n.Needs(i)) grads[i] = g.Select(dim, i);
        return grads;
    }

    // index_add's source: each slice went to its index (a 0-d source with a one-element index, as PyTorch allows).
    private static Tensor IndexAddSourceGrad(Tensor g, int dim, Tensor index, int[] sourceShape)
        => sourceShape.Length > 0 ? g.IndexSelect(dim, index).Expand(sourceShape) : g.IndexSelect(dim, index).Reshape([]);

    // The gradients of mat1·mat2, each in its operand's layout (as PyTorch's mm_mat1/mat2_backward):
    // when the operand is a transposed matrix (a linear layer's weight.T), the product is computed
    // transposed, which costs the same and leaves the gradient contiguous once it reaches the weight,
    // instead of needing a transposing copy there (measured: 3x the cost of a plain copy).

    /// <summary>d/dmat1 = G·mat2ᵀ, as (mat2·Gᵀ)ᵀ when mat1 is column-major.</summary>
    private static Tensor Mat1Grad(Tensor g, Tensor mat2, bool mat1ColumnMajor) => mat1ColumnMajor ? mat2.Mm(g.T).T : g.Mm(mat2.T);

    /// <summary>d/dmat2 = mat1ᵀ·G, as (Gᵀ·mat1)ᵀ when mat2 is column-major.</summary>
    private static Tensor Mat2Grad(Tensor g, Tensor mat1, bool mat2ColumnMajor) => mat2ColumnMajor ? g.T.Mm(mat1).T : mat1.T.Mm(g);

    // d/dx x·Φ(x) = Φ(x) + x·φ(x), with φ(x) = e^(-x²/2)/√(2π).
    private static Tensor GeluDerivative(Tensor x)
        => ((x * InvSqrt2).Erf() + 1) * 0.5 + x * (x * x * -0.5).Exp() * InvSqrt2Pi;

    // d²/dx² x·Φ(x) = 2φ(x) + x·φ'(x) = φ(x)·(2 - x²).
    private static Tensor GeluSecondDerivative(Tensor x)
        => (x * x * -0.5).Exp() * InvSqrt2Pi * (2 - x * x);

    // d/dx x·σ(x) = σ(x)·(1 + x·(1 - σ(x))).
    private static Tensor SiluDerivative(Tensor x)
    {
        var s = x.Sigmoid();
        return s * (x * (1 - s) + 1);
    }

    private static Tensor SlopeOf(Tensor x, double negativeSlope)
        => Tensor.Full([], 1.0, x.DType).Where(x.Gt(0.0), Tensor.Full([], negativeSlope, x.DType));

    // The gradient goes to the element each window picked: a scatter-add into each plane, whose own
    // backward (a gather) makes the formula differentiable. A pass that records no graph (no
    // create_graph) takes the fused kernel instead.
    private static Tensor MaxPoolBackward(Tensor grad, Tensor indices, int[] inputShape)
    {
        if (!GradMode.IsEnabled) return Kernels.Pool2dKernels.MaxBackward(grad.Contiguous(), indices.Contiguous(), inputShape);
        int rank = inputShape.Length;
        int[] planes = [.. inputShape[..^2], -1];
        int[] flat = [.. inputShape[..^2], inputShape[rank - 2] * inputShape[rank - 1]];
        return Tensor.Zeros(flat, grad.DType).ScatterAdd(rank - 2, indices.Reshape(planes), grad.Reshape(planes)).View(inputShape);
    }

    /// <summary>
    /// The gradients of (x - mean)·invstd·γ + β. With batch statistics the statistics are the input's
    /// own, recomputed here from the saved input so that the formula stays differentiable; otherwise
    /// (batch norm in evaluation mode) they are the saved constants.
    /// </summary>
    private static Tensor?[] NormalizationBackward(OpNode<NormArgs> n, Tensor g)
    {
        var a = n.Args;
        var x = n[Input];
        var weight = n.Optional(Weight);
        var (mean, invStd) = a.BatchStatistics ? NNOps.Statistics(x, a.Dims, a.Eps) : (n[Result1], n[Result2]);
        var xHat = (x - mean) * invStd;
        var gHat = weight is null ? g : g * weight.View(a.ParamShape);   // the gradient of x̂
        var grads = new Tensor?[n.InputCount];
        if (n.Needs(0))
            grads[0] = a.BatchStatistics
                ? invStd * (gHat - gHat.Mean(a.Dims, keepDim: true) - xHat * (gHat * xHat).Mean(a.Dims, keepDim: true))   // dx = invstd·(ĝ - mean ĝ - x̂·mean(ĝ·x̂))
                : gHat * invStd;                                                                                             // constant statistics: dx = ĝ·invstd
        if (n.Needs(1)) grads[1] = (g * xHat).SumTo(a.ParamShape).View(n.InputShape(1));   // dγ = Σ g·x̂
        if (n.Needs(2)) grads[2] = g.SumTo(a.ParamShape).View(n.InputShape(2));            // dβ = Σ g
        return grads;
    }

    // d mean / d element = 1/count.
    private static Tensor LossScale(OpNode<LossArgs> n, Tensor g) => n.Args.Reduction == Reduction.Mean ? g / n.Args.Count : g;

    private static Tensor Weighted(Tensor loss, Tensor? weight) => weight is null ? loss : loss * weight;

    // d/dx -(y·log x + (1 - y)·log(1 - x)) = (x - y) / (x(1 - x)), the denominator kept off 0.
    private static Tensor BceInputGrad(OpNode<LossArgs> n)
    {
        var (x, y) = (n[Input], n[Target]);
        return Weighted((x - y) / ((1 - x) * x).Clamp(min: 1e-12), n.Optional(Weight));
    }

    // d/dy = log(1 - x) - log x.
    private static Tensor BceTargetGrad(OpNode<LossArgs> n)
    {
        var x = n[Input];
        return Weighted((1 - x).Log() - x.Log(), n.Optional(Weight));
    }

    // d/dx = (1 - y) - lw·(1 - σ(x)), with the log-weight lw = 1 + (p - 1)·y.
    private static Tensor BceLogitsInputGrad(OpNode<LossArgs> n)
    {
        var (x, y) = (n[Input], n[Target]);
        return Weighted((1 - y) - NNOps.LogWeight(y, n.Optional(PosWeight)) * (1 - x.Sigmoid()), n.Optional(Weight));
    }

    // d/dy = -x - (p - 1)·log σ(x).
    private static Tensor BceLogitsTargetGrad(OpNode<LossArgs> n)
    {
        var x = n[Input];
        var posWeight = n.Optional(PosWeight);
        return Weighted(posWeight is null ? -x : -x - (posWeight - 1) * NNOps.LogSigmoid(x), n.Optional(Weight));
    }

    // d/dx[i, y_i] = -w[y_i] (over Σ w for the mean); every other class gets 0.
    private static Tensor NllBackward(Tensor g, int[] inputShape, NllArgs a)
    {
        var perSample = a.Reduction == Reduction.Mean ? g * a.Picks.Weight / -a.Picks.TotalWeight : g * -a.Picks.Weight;
        return Tensor.Zeros(inputShape, g.DType).ScatterAdd(a.ClassDim, a.Picks.Index, perSample.Unsqueeze(a.ClassDim));
    }
}
