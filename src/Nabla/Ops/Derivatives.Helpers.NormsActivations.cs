using static Nabla.Slot;

namespace Nabla;

// The formulas of issue 11's normalisation, activation and embedding rows (PyTorch's FunctionsManual.cpp
// and the *_backward kernels, written as tensor code so that they differentiate again).
internal static partial class Derivatives
{
    // u = √(2/π)(x + 0.044715x³), y = x/2·(1 + tanh u): dy/dx = (1 + tanh u)/2 + x/2·(1 - tanh² u)·√(2/π)(1 + 3·0.044715x²).
    private static Tensor GeluTanhDerivative(Tensor x)
    {
        var t = NNOps.GeluTanhInner(x).Tanh();
        return (t + 1) * 0.5 + x * 0.5 * (1 - t * t) * ((x * x * (3 * NNOps.GeluCubic) + 1) * NNOps.Sqrt2OverPi);
    }

    // d/dx log(1 + e^(βx))/β = σ(βx); above the threshold the op is x itself.
    private static Tensor SoftplusDerivative(Tensor x, SoftplusArgs a)
    {
        var scaled = x * a.Beta;
        return scaled.Sigmoid().Where(scaled.Le(a.Threshold), 1.0);
    }

    // The exponential of min(x, 0), as in the forward: it never overflows on the branch the where drops,
    // so the double backward sees no ∞·0.
    private static Tensor EluDerivative(Tensor x, EluArgs a)
        => Tensor.Full([], a.Scale, x.DType).Where(x.Gt(0.0), (x.Clamp(max: 0) * a.InputScale).Exp() * (a.Scale * a.Alpha * a.InputScale));

    // d/dx x·tanh(sp x) = tanh(sp x) + x·σ(x)·(1 - tanh²(sp x)), as sp' = σ.
    private static Tensor MishDerivative(Tensor x)
    {
        var t = NNOps.StableSoftplus(x).Tanh();
        return t + x * x.Sigmoid() * (1 - t * t);
    }

    // hardswish_backward: 0 below -3, x/3 + 1/2 on [-3, 3), 1 from 3 on (at 3 itself PyTorch's vectorised CPU
    // path, which runs on any tensor of a few elements or more, gives 1 where its scalar path gives 3/2).
    private static Tensor HardswishDerivative(Tensor x)
        => (x / 3 + 0.5).Where(x.Lt(3.0), 1.0).Where(x.Ge(-3.0), 0.0);

    /// <summary>1 where min &lt; x &lt; max, else 0, in x's dtype (the kinks belong to the flat side, as in PyTorch).</summary>
    private static Tensor Inside(Tensor x, double min, double max) => x.Gt(min).LogicalAnd(x.Lt(max)).To(x.DType);

    // glu = a·σ(b): da = g·σ(b), db = g·a·σ(b)(1 - σ(b)), joined back along the halved dim.
    private static Tensor GluBackward(Tensor g, Tensor x, int dim)
    {
        int half = x.Size(dim) / 2;
        var a = x.Narrow(dim, 0, half);
        var s = x.Narrow(dim, half, half).Sigmoid();
        var gA = g * s;
        return Tensor.Cat([gA, gA * a * (1 - s)], dim);
    }

    /// <summary>
    /// The gradients of group norm, x̂ = (x - mean)·invstd over each group of channels of each sample,
    /// y = x̂·γ + β per channel. The statistics are recomputed from the saved input, so the formula
    /// stays differentiable (double backward).
    /// </summary>
    private static Tensor?[] GroupNormBackward(OpNode<GroupNormArgs> n, Tensor g)
    {
        var x = n[Input];
        var weight = n.Optional(Weight);
        int[] shape = n.InputShape(0), channelShape = NNOps.ChannelShape(shape.Length, shape[1]);
        int[] grouped = [shape[0], n.Args.Groups, shape[0] == 0 ? 0 : x.Count / (shape[0] * n.Args.Groups)];
        var xGrouped = x.Reshape(grouped);
        var (mean, invStd) = NNOps.Statistics(xGrouped, [2], n.Args.Eps);
        var xHat = (xGrouped - mean) * invStd;
        var grads = new Tensor?[n.InputCount];
        if (n.Needs(0))
        {
            var gHat = (weight is null ? g : g * weight.View(channelShape)).Reshape(grouped);   // the gradient of x̂
            grads[0] = (invStd * (gHat - gHat.Mean(2, keepDim: true) - xHat * (gHat * xHat).Mean(2, keepDim: true))).Reshape(shape);   // dx = invstd·(ĝ - mean ĝ - x̂·mean(ĝ·x̂))
        }
        int[] perChannel = NNOps.AllDimsExcept(shape.Length, 1);
        if (n.Needs(1)) grads[1] = (g * xHat.Reshape(shape)).Sum(perChannel);   // dγ = Σ g·x̂
        if (n.Needs(2)) grads[2] = g.Sum(perChannel);                           // dβ = Σ g
        return grads;
    }

    // Each row's gradient adds up the gradients of its lookups; the padding row gets none, and with
    // scale_grad_by_freq each lookup counts 1/(the number of lookups of its row in the batch).
    private static Tensor EmbeddingBackward(Tensor g, Tensor index, int[] weightShape, EmbeddingOptions options)
    {
        var rows = g.Reshape(-1, weightShape[1]);
        if (NNOps.LookupScale(index, weightShape[0], options.PaddingIdx, options.ScaleGradByFreq) is { } scale)
            rows = rows * scale.To(g.DType).Unsqueeze(1);
        return Tensor.Zeros(weightShape, g.DType).IndexAdd(0, index, rows);
    }

    // sum/mean: each kept lookup adds its bag's gradient, times its per-sample weight, 1/count (mean) and
    // 1/frequency (scale_grad_by_freq); max: each bag's gradient goes to the row each column picked.
    private static Tensor EmbeddingBagWeightGrad(Tensor g, Tensor? perSampleWeights, int[] weightShape, EmbeddingBagArgs a)
    {
        if (a.MaxIndices is { } picked) return Tensor.Zeros(weightShape, g.DType).ScatterAdd(0, picked, g * a.NonEmpty!.To(g.DType));
        var rows = g.IndexSelect(0, a.Bag);
        if (a.GradScale is { } scale) rows = rows * scale.To(g.DType).Unsqueeze(1);
        if (perSampleWeights is not null) rows = rows * perSampleWeights.IndexSelect(0, a.Kept).Unsqueeze(1);
        return Tensor.Zeros(weightShape, g.DType).IndexAdd(0, a.Index, rows);
    }

    // d/dw_k of Σ_k w_k·W[i_k] summed into bag b_k: ⟨g[b_k], W[i_k]⟩; 0 for the padding lookups.
    private static Tensor EmbeddingBagPerSampleWeightsGrad(Tensor g, Tensor weight, EmbeddingBagArgs a)
    {
        var dots = (g.IndexSelect(0, a.Bag) * weight.IndexSelect(0, a.Index)).Sum(1);
        return Tensor.Zeros([a.InputCount], g.DType).IndexAdd(0, a.Kept, dots);
    }
}
