using System.Numerics.Tensors;
using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
/// decay, like <c>torch.optim.SGD</c>. Per element, with g the gradient and b the momentum buffer:
/// <code>
/// g ← g + weightDecay·p
/// b ← g (first step), else momentum·b + (1 - dampening)·g
/// g ← nesterov ? g + momentum·b : b          (when momentum ≠ 0)
/// p ← p - lr·g
/// </code>
/// </summary>
/// <example><c>var opt = new Sgd(model.Parameters(), lr: 0.1, momentum: 0.9);</c></example>
public sealed class Sgd : Optimizer
{
    /// <summary>SGD over <paramref name="parameters"/>; the options are the defaults of every group.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative learning rate, momentum or weight decay.</exception>
    /// <exception cref="ArgumentException">For Nesterov momentum without momentum or with dampening.</exception>
    public Sgd(IEnumerable<Tensor> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, MakeDefaults(lr, momentum, dampening, weightDecay, nesterov)) { }

    private static KeyValuePair<string, double>[] MakeDefaults(double lr, double momentum, double dampening, double weightDecay, bool nesterov)
    {
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        return
        [
            new("lr", Check(lr, lr >= 0, "learning rate")),
            new("momentum", Check(momentum, momentum >= 0, "momentum value")),
            new("dampening", dampening),
            new("weight_decay", Check(weightDecay, weightDecay >= 0, "weight_decay value")),
            new("nesterov", nesterov ? 1 : 0),
        ];
    }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group)
    {
        double momentum = group["momentum"];
        bool first = false;
        Tensor? buffer = null;
        if (momentum != 0 && !state.TryGetValue("momentum_buffer", out buffer))
        {
            // PyTorch creates the buffer on the first step as a copy of the (decayed) gradient.
            state["momentum_buffer"] = buffer = FusedUpdate.ZerosLike(parameter);
            first = true;
        }
        FusedUpdate.Apply(parameter, grad, new Kernel(buffer, first, group.Lr, momentum, group["dampening"], group["weight_decay"], group["nesterov"] != 0));
    }

    private readonly struct Kernel(Tensor? buffer, bool first, double lr, double momentum, double dampening, double weightDecay, bool nesterov) : IFusedUpdate
    {
        public void Run<T>(Span<T> p, ReadOnlySpan<T> grad) where T : unmanaged, IFloatingPointIeee754<T>
        {
            T wd = FusedUpdate.Scalar<T>(weightDecay), mu = FusedUpdate.Scalar<T>(momentum);
            T keep = FusedUpdate.Scalar<T>(1 - dampening), minusLr = FusedUpdate.Scalar<T>(-lr);
            Span<T> b = buffer is null ? default : FusedUpdate.Span<T>(buffer);
            if (weightDecay == 0 && !nesterov && (buffer is null || !first))
            {
                // The common cases as whole-span SIMD passes, in PyTorch's order of operations.
                if (buffer is not null)
                {
                    TensorPrimitives.Multiply(b, mu, b);                            // buf.mul_(momentum)
                    if (dampening == 0) TensorPrimitives.Add(b, grad, b);           // .add_(grad)
                    else TensorPrimitives.MultiplyAdd(grad, keep, b, b);            // .add_(grad, alpha=1-dampening)
                    TensorPrimitives.FusedMultiplyAdd(b, minusLr, p, p);            // param.add_(buf, alpha=-lr)
                }
                else TensorPrimitives.FusedMultiplyAdd(grad, minusLr, p, p);         // param.add_(grad, alpha=-lr)
                return;
            }
            for (int i = 0; i < p.Length; i++)
            {
                T g = grad[i];
                if (weightDecay != 0) g += wd * p[i];                   // grad.add(param, alpha=weight_decay)
                if (buffer is not null)
                {
                    b[i] = first ? g : b[i] * mu + keep * g;            // buf.mul_(momentum).add_(grad, alpha=1-dampening)
                    g = nesterov ? g + mu * b[i] : b[i];
                }
                p[i] += minusLr * g;                                    // param.add_(grad, alpha=-lr)
            }
        }
    }
}
