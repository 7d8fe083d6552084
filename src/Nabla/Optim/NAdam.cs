using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// NAdam, like <c>torch.optim.NAdam</c> (Dozat): Adam with Nesterov momentum, whose momentum
/// coefficient μₜ = β₁(1 - ½·0.96^(t·momentumDecay)) warms up over the first steps. Per element at
/// step t, with g the gradient and Πμ the running product μ₁⋯μₜ:
/// <code>
/// g ← g + weightDecay·p                      (decoupledWeightDecay: p ← p·(1 - lr·weightDecay) instead)
/// m ← lerp(m, g, 1 - β₁);  v ← β₂·v + (1 - β₂)·g²;  d = √(v / (1 - β₂ᵗ)) + eps
/// p ← p - lr(1 - μₜ)/(1 - Πμ) · g/d - lr·μₜ₊₁/(1 - Πμ·μₜ₊₁) · m/d
/// </code>
/// This is PyTorch 2.x's update (1.13 multiplied μₜ into the second term's product twice), with
/// 2.x's <c>decoupled_weight_decay</c> option (NAdamW).
/// </summary>
/// <example><c>var opt = new NAdam(model.Parameters(), lr: 2e-3, weightDecay: 0.01, decoupledWeightDecay: true);</c></example>
public sealed class NAdam : Optimizer
{
    /// <summary>NAdam over <paramref name="parameters"/>; <paramref name="beta1"/> and <paramref name="beta2"/> are PyTorch's <c>betas</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative lr, eps, weight decay or momentum decay, or a beta outside [0, 1).</exception>
    public NAdam(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, double momentumDecay = 4e-3, bool decoupledWeightDecay = false)
        : base(parameters,
        [
            .. AdamFamily.Options(lr, beta1, beta2, eps, weightDecay),
            new("momentum_decay", Check(momentumDecay, momentumDecay >= 0, "momentum_decay value")),
            new("decoupled_weight_decay", decoupledWeightDecay ? 1 : 0),
        ]) { }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group)
    {
        if (state.Count == 0)
        {
            state["step"] = Tensor.Zeros([], DType.Float32);
            state["mu_product"] = Tensor.Scalar(1f);
            state["exp_avg"] = FusedUpdate.ZerosLike(parameter);
            state["exp_avg_sq"] = FusedUpdate.ZerosLike(parameter);
        }
        double step = IncrementStep(state);
        double lr = group.Lr, beta1 = group["beta1"], beta2 = group["beta2"], momentumDecay = group["momentum_decay"];
        double mu = beta1 * (1.0 - 0.5 * Math.Pow(0.96, step * momentumDecay));
        double muNext = beta1 * (1.0 - 0.5 * Math.Pow(0.96, (step + 1) * momentumDecay));
        double muProduct = MultiplyMuProduct(state["mu_product"], mu);
        FusedUpdate.Apply(parameter, grad, new Kernel(state["exp_avg"], state["exp_avg_sq"], lr, beta1, beta2, group["eps"],
            group["weight_decay"], group["decoupled_weight_decay"] != 0, BiasCorrection2: 1 - Math.Pow(beta2, step),
            GradStep: -lr * (1.0 - mu) / (1.0 - muProduct), MomentumStep: -lr * muNext / (1.0 - muProduct * muNext)));
    }

    /// <summary>μ-product ← μ-product·μ in float32, as PyTorch keeps it (a float32 scalar times μ rounded to float32); returns the new value.</summary>
    private static double MultiplyMuProduct(Tensor muProduct, double mu)
    {
        float product = muProduct.Item<float>() * (float)mu;
        muProduct.FillInPlace(product);
        return product;
    }

    private readonly record struct Kernel(Tensor ExpAvg, Tensor ExpAvgSq, double Lr, double Beta1, double Beta2, double Eps,
        double WeightDecay, bool Decoupled, double BiasCorrection2, double GradStep, double MomentumStep) : IFusedUpdate
    {
        public void Run<T>(Span<T> p, ReadOnlySpan<T> grad) where T : unmanaged, IFloatingPointIeee754<T>
        {
            Span<T> m = FusedUpdate.Span<T>(ExpAvg), v = FusedUpdate.Span<T>(ExpAvgSq);
            var moments = new AdamMoments<T>(Lr, Beta1, Beta2, WeightDecay, Decoupled);
            T bc2 = FusedUpdate.Scalar<T>(BiasCorrection2), eps = FusedUpdate.Scalar<T>(Eps);
            T gradStep = FusedUpdate.Scalar<T>(GradStep), momentumStep = FusedUpdate.Scalar<T>(MomentumStep);
            for (int i = 0; i < p.Length; i++)
            {
                T g = moments.First(ref p[i], grad[i], ref m[i]);
                moments.Second(ref v[i], g);
                T denom = T.Sqrt(v[i] / bc2) + eps;                     // exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
                p[i] += gradStep * g / denom;                           // param.addcdiv_(grad, denom, value=-lr(1 - mu)/(1 - mu_product))
                p[i] += momentumStep * m[i] / denom;                    // param.addcdiv_(exp_avg, denom, value=-lr mu_next/(1 - mu_product_next))
            }
        }
    }
}
