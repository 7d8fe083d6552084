namespace Nabla.NN;

// The regression and divergence losses of issue 11. Huber and smooth L1 are one node each in PyTorch
// (Ops/NN.RegressionLosses.cs); KL divergence, Gaussian and Poisson NLL are compositions there, and
// here the same ones, so that the graph shows PyTorch's nodes.
public static partial class F
{
    /// <summary>
    /// The Huber loss ½d² where |d| ≤ δ, δ·(|d| - ½δ) elsewhere, of the error d = input - target, reduced,
    /// like <c>F.huber_loss</c> (node <c>HuberLossBackward0</c>). Input and target broadcast (as
    /// <c>torch.broadcast_tensors</c>, so a broadcast operand shows <c>ExpandBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="delta"/> is not positive, or the reduction is <see cref="Reduction.BatchMean"/>.</exception>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double delta = 1.0)
    {
        NNOps.CheckReduction(reduction, "huber_loss");
        var (x, y) = Broadcast(input, target);
        return NNOps.HuberLoss(x, y, reduction, delta);
    }

    /// <summary>
    /// The smooth L1 loss ½d²/β where |d| &lt; β, |d| - ½β elsewhere, of d = input - target, reduced, like
    /// <c>F.smooth_l1_loss</c> (node <c>SmoothL1LossBackward0</c>); with <paramref name="beta"/> = 0 it is
    /// <see cref="L1Loss"/>, as PyTorch routes it. Input and target broadcast.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="beta"/> is negative, or the reduction is <see cref="Reduction.BatchMean"/>.</exception>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0)
    {
        NNOps.CheckReduction(reduction, "smooth_l1_loss");
        if (!(beta >= 0)) throw new ArgumentOutOfRangeException(nameof(beta), "smooth_l1_loss does not support negative values for beta.");
        var (x, y) = Broadcast(input, target);
        return beta == 0 ? L1Loss(x, y, reduction) : NNOps.SmoothL1Loss(x, y, reduction, beta);
    }

    /// <summary>
    /// The Kullback-Leibler divergence loss of log-probabilities <paramref name="input"/> from
    /// <paramref name="target"/>, like <c>F.kl_div</c>: y·(log y - x) pointwise, written
    /// <c>xlogy(y, y) - y·x</c> so that y = 0 counts 0 (or e^y·(y - x) for a <paramref name="logTarget"/>),
    /// then reduced. <see cref="Reduction.BatchMean"/> divides the sum by the batch size (the true KL
    /// divergence per sample); <see cref="Reduction.Mean"/> divides by every element, as PyTorch.
    /// </summary>
    /// <example><code>var kl = F.KlDiv(logits.LogSoftmax(1), teacher.Softmax(1), Reduction.BatchMean);</code></example>
    /// <exception cref="ArgumentException">When an input is not floating point, or the shapes do not broadcast.</exception>
    public static Tensor KlDiv(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool logTarget = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (!input.DType.IsFloatingPoint() || !target.DType.IsFloatingPoint()) throw new ArgumentException("kl_div: Integral inputs not supported.");
        if (reduction != Reduction.BatchMean) NNOps.CheckReduction(reduction, "kl_div");
        var pointwise = logTarget ? target.Exp() * (target - input) : target.XLogY(target) - target * input;
        if (reduction != Reduction.BatchMean) return Reduce(pointwise, reduction);
        var sum = pointwise.Sum();
        return input.Dim == 0 ? sum : sum / input.Size(0);
    }

    /// <summary>
    /// The Gaussian negative log-likelihood ½(log v + (x - y)²/v) (+ ½log 2π when <paramref name="full"/>) of
    /// targets under means <paramref name="input"/> and variances <paramref name="var"/>, like
    /// <c>F.gaussian_nll_loss</c>. The variance has the input's shape, or one dim fewer / a last dim of 1
    /// (one variance per row); it is clamped at <paramref name="eps"/> without affecting its gradient.
    /// </summary>
    /// <exception cref="ArgumentException">When the variance has another shape, or a negative entry.</exception>
    public static Tensor GaussianNllLoss(Tensor input, Tensor target, Tensor var, bool full = false, double eps = 1e-6, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(var);
        if (var.Shape != input.Shape)
        {
            var rows = input.ShapeArray.AsSpan(0, Math.Max(input.Dim - 1, 0));
            if (rows.SequenceEqual(var.ShapeArray)) var = var.Unsqueeze(-1);   // homoscedastic: one variance per row
            else if (!(var.Dim == input.Dim && var.Dim > 0 && var.Size(-1) == 1 && rows.SequenceEqual(var.ShapeArray.AsSpan(0, var.Dim - 1))))
                throw new ArgumentException("var is of incorrect size");
        }
        NNOps.CheckReduction(reduction, "gaussian_nll_loss");
        if (var.Lt(0.0).Any().Item<bool>()) throw new ArgumentException("var has negative entry/entries");
        var clamped = NNOps.CloneClampedWithoutGrad(var, eps);
        var loss = (clamped.Log() + (input - target).Pow(2.0) / clamped) * 0.5;
        if (full) loss = loss + 0.5 * Math.Log(2 * Math.PI);
        return Reduce(loss, reduction);
    }

    /// <summary>
    /// The Poisson negative log-likelihood of <paramref name="target"/> counts, like <c>F.poisson_nll_loss</c>:
    /// e^x - y·x for log rates (<paramref name="logInput"/>, the default), else x - y·log(x + eps); with
    /// <paramref name="full"/>, Stirling's approximation y·log y - y + ½log(2πy) of log y! is added where y &gt; 1.
    /// </summary>
    /// <exception cref="ArgumentException">When the shapes do not broadcast.</exception>
    public static Tensor PoissonNllLoss(Tensor input, Tensor target, bool logInput = true, bool full = false, double eps = 1e-8, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        NNOps.CheckReduction(reduction, "poisson_nll_loss");
        var loss = logInput ? input.Exp() - target * input : input - target * (input + eps).Log();
        if (full)
        {
            var stirling = target * target.Log() - target + 0.5 * (target * (2 * Math.PI)).Log();
            loss = loss + stirling.MaskedFill(target.Le(1.0), 0);
        }
        return Reduce(loss, reduction);
    }

    private static (Tensor Input, Tensor Target) Broadcast(Tensor input, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        var both = Tensor.BroadcastTensors(input, target);
        return (both[0], both[1]);
    }
}
