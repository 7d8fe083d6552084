using Nabla.NN;

namespace Nabla;

// The losses of issue 11 that PyTorch records as one node (huber_loss, smooth_l1_loss), and the few
// recording tricks its composed losses need (a clone clamped without grad, norm's own node).
internal static partial class NNOps
{
    /// <summary>huber_loss: ½d² where |d| ≤ δ, δ(|d| - ½δ) elsewhere, d = x - y (node <c>HuberLossBackward0</c>).</summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction, double delta)
    {
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), "huber_loss does not support non-positive values for delta.");
        return ThresholdLoss(Derivatives.HuberLoss, "huber_loss", input, target, reduction, delta, static (d, a, delta) =>
            (d * d * 0.5).Where(a.Le(delta), (a - 0.5 * delta) * delta));
    }

    /// <summary>smooth_l1_loss with β &gt; 0: ½d²/β where |d| &lt; β, |d| - ½β elsewhere (node <c>SmoothL1LossBackward0</c>).</summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta)
        => ThresholdLoss(Derivatives.SmoothL1Loss, "smooth_l1_loss", input, target, reduction, beta, static (d, a, beta) =>
            (d * d * (0.5 / beta)).Where(a.Lt(beta), a - 0.5 * beta));

    // An elementwise loss of the error d = x - y (and |d|), reduced, recorded as one node whose formulas read x and y.
    private static Tensor ThresholdLoss(Derivative<ThresholdLossArgs> row, string op, Tensor input, Tensor target, Reduction reduction, double threshold,
        Func<Tensor, Tensor, double, Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        CheckFloating(input, op);
        var result = Untracked(() =>
        {
            var d = input - target;
            return Reduce(loss(d, d.Abs(), threshold), reduction);
        });
        int count = ShapeMath.Numel(ShapeMath.Broadcast(input.ShapeArray, target.ShapeArray));
        return row.Record(result, [input, target], new ThresholdLossArgs(reduction, count, threshold));
    }

    /// <summary>
    /// <c>x.clone()</c> followed by <c>clamp_min_(min)</c> under no_grad, as PyTorch's gaussian_nll_loss and
    /// cosine_similarity write it: the value is clamped, the gradient passes through the clone unchanged.
    /// </summary>
    public static Tensor CloneClampedWithoutGrad(Tensor x, double min)
        => Derivatives.Clone.Record(Untracked(() => x.Clamp(min: min)), x);

    /// <summary>Throws for a reduction a loss does not take (batchmean is kl_div's only).</summary>
    public static void CheckReduction(Reduction reduction, string op)
    {
        if (reduction is not (Reduction.Mean or Reduction.Sum or Reduction.None))
            throw new ArgumentOutOfRangeException(nameof(reduction), $"{op}: {reduction} is not a valid value for reduction (BatchMean is kl_div's only)");
    }

    /// <summary>at::norm(x, p, dim): the p-norm along a dim, recorded as <c>NormBackward1</c> (what ATen's composites show).</summary>
    public static Tensor NormAlong(Tensor x, double p, int dim, bool keepDim)
        => x.NormCore(p, ShapeMath.DimMask([dim], x.Dim), keepDim, Derivatives.NormDim);
}

/// <summary>A loss's reduction, the number of elements its mean divides by, and its threshold (huber's delta, smooth L1's beta).</summary>
internal sealed record ThresholdLossArgs(Reduction Reduction, int Count, double Threshold);
