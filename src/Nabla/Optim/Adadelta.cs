using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// Adadelta, like <c>torch.optim.Adadelta</c> (Zeiler): a step size from the ratio of two running
/// root-mean-squares, so the default lr of 1 needs no tuning. Per element, with g the gradient:
/// <code>
/// g ← g + weightDecay·p
/// s ← ρ·s + (1 - ρ)·g²
/// δ ← √(a + eps) / √(s + eps) · g
/// a ← ρ·a + (1 - ρ)·δ²
/// p ← p - lr·δ
/// </code>
/// </summary>
/// <example><c>var opt = new Adadelta(model.Parameters(), rho: 0.95);</c></example>
public sealed class Adadelta : Optimizer
{
    /// <summary>Adadelta over <paramref name="parameters"/>; <paramref name="rho"/> is the decay of both running averages.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative lr, eps or weight decay, or a rho outside [0, 1].</exception>
    public Adadelta(IEnumerable<Tensor> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weightDecay = 0)
        : base(parameters,
        [
            new("lr", Check(lr, lr >= 0, "learning rate")),
            new("rho", Check(rho, rho is >= 0 and <= 1, "rho value")),
            new("eps", Check(eps, eps >= 0, "epsilon value")),
            new("weight_decay", Check(weightDecay, weightDecay >= 0, "weight_decay value")),
        ]) { }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group)
    {
        if (state.Count == 0)
        {
            state["step"] = Tensor.Zeros([], DType.Float32);
            state["square_avg"] = FusedUpdate.ZerosLike(parameter);
            state["acc_delta"] = FusedUpdate.ZerosLike(parameter);
        }
        IncrementStep(state);   // counted as PyTorch does, though the update does not use it
        FusedUpdate.Apply(parameter, grad, new Kernel(state["square_avg"], state["acc_delta"], group.Lr, group["rho"], group["eps"], group["weight_decay"]));
    }

    private readonly record struct Kernel(Tensor SquareAvg, Tensor AccDelta, double Lr, double Rho, double Eps, double WeightDecay) : IFusedUpdate
    {
        public void Run<T>(Span<T> p, ReadOnlySpan<T> grad) where T : unmanaged, IFloatingPointIeee754<T>
        {
            Span<T> s = FusedUpdate.Span<T>(SquareAvg), a = FusedUpdate.Span<T>(AccDelta);
            T wd = FusedUpdate.Scalar<T>(WeightDecay), rho = FusedUpdate.Scalar<T>(Rho), w = FusedUpdate.Scalar<T>(1 - Rho);
            T eps = FusedUpdate.Scalar<T>(Eps), minusLr = FusedUpdate.Scalar<T>(-Lr);
            for (int i = 0; i < p.Length; i++)
            {
                T g = grad[i];
                if (WeightDecay != 0) g += wd * p[i];                  // grad.add(param, alpha=weight_decay)
                s[i] = s[i] * rho + w * g * g;                          // square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
                T std = T.Sqrt(s[i] + eps);                             // square_avg.add(eps).sqrt_()
                T delta = T.Sqrt(a[i] + eps) / std * g;                 // acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
                a[i] = a[i] * rho + w * delta * delta;                  // acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
                p[i] += minusLr * delta;                                // param.add_(delta, alpha=-lr)
            }
        }
    }
}
