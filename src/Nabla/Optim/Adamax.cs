using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// Adamax, like <c>torch.optim.Adamax</c> (Kingma and Ba): Adam with the second moment replaced by
/// an exponentially weighted infinity norm. Per element at step t, with g the gradient:
/// <code>
/// g ← g + weightDecay·p
/// m ← lerp(m, g, 1 - β₁);  u ← max(β₂·u, |g| + eps)
/// p ← p - lr/(1 - β₁ᵗ) · m / u
/// </code>
/// </summary>
/// <example><c>var opt = new Adamax(model.Parameters(), lr: 2e-3);</c></example>
public sealed class Adamax : Optimizer
{
    /// <summary>Adamax over <paramref name="parameters"/>; <paramref name="beta1"/> and <paramref name="beta2"/> are PyTorch's <c>betas</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative lr, eps or weight decay, or a beta outside [0, 1).</exception>
    public Adamax(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : base(parameters, AdamFamily.Options(lr, beta1, beta2, eps, weightDecay)) { }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group)
    {
        if (state.Count == 0)
        {
            state["step"] = Tensor.Zeros([], DType.Float32);
            state["exp_avg"] = FusedUpdate.ZerosLike(parameter);
            state["exp_inf"] = FusedUpdate.ZerosLike(parameter);
        }
        double step = IncrementStep(state);
        double beta1 = group["beta1"];
        FusedUpdate.Apply(parameter, grad, new Kernel(state["exp_avg"], state["exp_inf"], group.Lr, beta1, group["beta2"], group["eps"], group["weight_decay"],
            Clr: group.Lr / (1 - Math.Pow(beta1, step))));
    }

    private readonly record struct Kernel(Tensor ExpAvg, Tensor ExpInf, double Lr, double Beta1, double Beta2, double Eps, double WeightDecay, double Clr) : IFusedUpdate
    {
        public void Run<T>(Span<T> p, ReadOnlySpan<T> grad) where T : unmanaged, IFloatingPointIeee754<T>
        {
            Span<T> m = FusedUpdate.Span<T>(ExpAvg), u = FusedUpdate.Span<T>(ExpInf);
            var moments = new AdamMoments<T>(Lr, Beta1, Beta2, WeightDecay, decoupled: false);
            T b2 = FusedUpdate.Scalar<T>(Beta2), eps = FusedUpdate.Scalar<T>(Eps), minusClr = FusedUpdate.Scalar<T>(-Clr);
            for (int i = 0; i < p.Length; i++)
            {
                T g = moments.First(ref p[i], grad[i], ref m[i]);
                u[i] = T.Max(u[i] * b2, T.Abs(g) + eps);                // torch.maximum(exp_inf.mul_(beta2), grad.abs().add_(eps))
                p[i] += minusClr * m[i] / u[i];                         // param.addcdiv_(exp_avg, exp_inf, value=-clr)
            }
        }
    }
}
