using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// RMSprop, like <c>torch.optim.RMSprop</c> (Hinton), optionally centred and with momentum.
/// Per element, with g the gradient:
/// <code>
/// g ← g + weightDecay·p
/// s ← α·s + (1 - α)·g²;  centred: a ← lerp(a, g, 1 - α), s̃ = s - a², else s̃ = s
/// d = √s̃ + eps
/// momentum &gt; 0: b ← momentum·b + g/d,  p ← p - lr·b;   else p ← p - lr·g/d
/// </code>
/// </summary>
/// <example><c>var opt = new RmsProp(model.Parameters(), lr: 1e-3, momentum: 0.9, centered: true);</c></example>
public sealed class RmsProp : Optimizer
{
    /// <summary>RMSprop over <paramref name="parameters"/>; <paramref name="alpha"/> is the smoothing constant of the squared-gradient average.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative lr, alpha, eps, momentum or weight decay.</exception>
    public RmsProp(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(parameters,
        [
            new("lr", Check(lr, lr >= 0, "learning rate")),
            new("momentum", Check(momentum, momentum >= 0, "momentum value")),
            new("alpha", Check(alpha, alpha >= 0, "alpha value")),
            new("eps", Check(eps, eps >= 0, "epsilon value")),
            new("centered", centered ? 1 : 0),
            new("weight_decay", Check(weightDecay, weightDecay >= 0, "weight_decay value")),
        ]) { }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group)
    {
        double momentum = group["momentum"];
        bool centered = group["centered"] != 0;
        if (state.Count == 0)
        {
            state["step"] = Tensor.Zeros([], DType.Float32);
            state["square_avg"] = FusedUpdate.ZerosLike(parameter);
            if (momentum > 0) state["momentum_buffer"] = FusedUpdate.ZerosLike(parameter);
            if (centered) state["grad_avg"] = FusedUpdate.ZerosLike(parameter);
        }
        IncrementStep(state);   // counted as PyTorch does, though the update does not use it
        FusedUpdate.Apply(parameter, grad, new Kernel(state["square_avg"], centered ? state["grad_avg"] : null,
            momentum > 0 ? state["momentum_buffer"] : null, group.Lr, group["alpha"], group["eps"], group["weight_decay"], momentum));
    }

    private readonly record struct Kernel(Tensor SquareAvg, Tensor? GradAvg, Tensor? MomentumBuffer,
        double Lr, double Alpha, double Eps, double WeightDecay, double Momentum) : IFusedUpdate
    {
        public void Run<T>(Span<T> p, ReadOnlySpan<T> grad) where T : unmanaged, IFloatingPointIeee754<T>
        {
            Span<T> s = FusedUpdate.Span<T>(SquareAvg);
            Span<T> a = GradAvg is null ? default : FusedUpdate.Span<T>(GradAvg);
            Span<T> b = MomentumBuffer is null ? default : FusedUpdate.Span<T>(MomentumBuffer);
            T wd = FusedUpdate.Scalar<T>(WeightDecay), alpha = FusedUpdate.Scalar<T>(Alpha), w = FusedUpdate.Scalar<T>(1 - Alpha);
            T eps = FusedUpdate.Scalar<T>(Eps), mu = FusedUpdate.Scalar<T>(Momentum), minusLr = FusedUpdate.Scalar<T>(-Lr);
            for (int i = 0; i < p.Length; i++)
            {
                T g = grad[i];
                if (WeightDecay != 0) g += wd * p[i];                   // grad.add(param, alpha=weight_decay)
                s[i] = s[i] * alpha + w * g * g;                        // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
                T avg;
                if (GradAvg is not null)
                {
                    a[i] = FusedUpdate.Lerp(a[i], g, w);                // grad_avg.lerp_(grad, 1 - alpha)
                    avg = T.Sqrt(s[i] - a[i] * a[i]);                      // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
                }
                else avg = T.Sqrt(s[i]);
                avg += eps;
                if (MomentumBuffer is not null)
                {
                    b[i] = b[i] * mu + g / avg;                         // buf.mul_(momentum).addcdiv_(grad, avg)
                    p[i] += minusLr * b[i];                             // param.add_(buf, alpha=-lr)
                }
                else p[i] += minusLr * g / avg;                         // param.addcdiv_(grad, avg, value=-lr)
            }
        }
    }
}
