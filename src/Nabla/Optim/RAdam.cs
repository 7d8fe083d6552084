using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// RAdam, like <c>torch.optim.RAdam</c> (Liu et al.): Adam whose adaptive step is switched on, and
/// scaled by a rectification term r, only once the variance of the adaptive learning rate is
/// tractable (ρₜ &gt; 5); before that it steps with momentum alone. Per element at step t:
/// <code>
/// g ← g + weightDecay·p                      (decoupledWeightDecay: p ← p·(1 - lr·weightDecay) instead)
/// m ← lerp(m, g, 1 - β₁);  v ← β₂·v + (1 - β₂)·g²;  m̂ = m / (1 - β₁ᵗ)
/// ρ∞ = 2/(1 - β₂) - 1;  ρₜ = ρ∞ - 2t·β₂ᵗ/(1 - β₂ᵗ)
/// ρₜ &gt; 5: p ← p - m̂·lr·√(1 - β₂ᵗ)/(√v + eps)·r,  r = √((ρₜ - 4)(ρₜ - 2)ρ∞ / ((ρ∞ - 4)(ρ∞ - 2)ρₜ))
/// else:   p ← p - m̂·lr
/// </code>
/// <c>decoupled_weight_decay</c> is PyTorch 2.x's option.
/// </summary>
/// <example><c>var opt = new RAdam(model.Parameters(), lr: 1e-3, weightDecay: 0.01, decoupledWeightDecay: true);</c></example>
public sealed class RAdam : Optimizer
{
    /// <summary>RAdam over <paramref name="parameters"/>; <paramref name="beta1"/> and <paramref name="beta2"/> are PyTorch's <c>betas</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative lr, eps or weight decay, or a beta outside [0, 1).</exception>
    public RAdam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool decoupledWeightDecay = false)
        : base(parameters,
        [
            .. AdamFamily.Options(lr, beta1, beta2, eps, weightDecay),
            new("decoupled_weight_decay", decoupledWeightDecay ? 1 : 0),
        ]) { }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group)
    {
        if (state.Count == 0)
        {
            state["step"] = Tensor.Zeros([], DType.Float32);
            state["exp_avg"] = FusedUpdate.ZerosLike(parameter);
            state["exp_avg_sq"] = FusedUpdate.ZerosLike(parameter);
        }
        double step = IncrementStep(state);
        double beta1 = group["beta1"], beta2 = group["beta2"];
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * step * Math.Pow(beta2, step) / biasCorrection2;
        double? rect = rhoT > 5.0 ? Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : null;
        FusedUpdate.Apply(parameter, grad, new Kernel(state["exp_avg"], state["exp_avg_sq"], group.Lr, beta1, beta2, group["eps"],
            group["weight_decay"], group["decoupled_weight_decay"] != 0, BiasCorrection1: 1 - Math.Pow(beta1, step),
            BiasCorrection2Sqrt: Math.Sqrt(biasCorrection2), Rect: rect));
    }

    private readonly record struct Kernel(Tensor ExpAvg, Tensor ExpAvgSq, double Lr, double Beta1, double Beta2, double Eps,
        double WeightDecay, bool Decoupled, double BiasCorrection1, double BiasCorrection2Sqrt, double? Rect) : IFusedUpdate
    {
        public void Run<T>(Span<T> p, ReadOnlySpan<T> grad) where T : unmanaged, IFloatingPointIeee754<T>
        {
            Span<T> m = FusedUpdate.Span<T>(ExpAvg), v = FusedUpdate.Span<T>(ExpAvgSq);
            var moments = new AdamMoments<T>(Lr, Beta1, Beta2, WeightDecay, Decoupled);
            T bc1 = FusedUpdate.Scalar<T>(BiasCorrection1), bc2Sqrt = FusedUpdate.Scalar<T>(BiasCorrection2Sqrt), eps = FusedUpdate.Scalar<T>(Eps);
            T lr = FusedUpdate.Scalar<T>(Lr), rect = FusedUpdate.Scalar<T>(Rect ?? 0);
            for (int i = 0; i < p.Length; i++)
            {
                T g = moments.First(ref p[i], grad[i], ref m[i]);
                moments.Second(ref v[i], g);
                T step = m[i] / bc1 * lr;                               // bias_corrected_exp_avg * lr
                if (Rect is not null)
                    step = step * (bc2Sqrt / (T.Sqrt(v[i]) + eps)) * rect;   // * adaptive_lr * rect, adaptive_lr = sqrt(bc2) / (sqrt(v) + eps)
                p[i] -= step;                                           // param.add_(..., alpha=-1.0)
            }
        }
    }
}
