using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// Adagrad, like <c>torch.optim.Adagrad</c> (Duchi et al.). Per element at step t, with g the gradient:
/// <code>
/// g ← g + weightDecay·p
/// clr = lr / (1 + (t - 1)·lrDecay)
/// s ← s + g²          (s starts at initialAccumulatorValue)
/// p ← p - clr·g / (√s + eps)
/// </code>
/// </summary>
/// <example><c>var opt = new Adagrad(model.Parameters(), lr: 0.1);</c></example>
public sealed class Adagrad : Optimizer
{
    /// <summary>Adagrad over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative lr, lr decay, weight decay, initial accumulator value or eps.</exception>
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10)
        : base(parameters,
        [
            new("lr", Check(lr, lr >= 0, "learning rate")),
            new("lr_decay", Check(lrDecay, lrDecay >= 0, "lr_decay value")),
            new("eps", Check(eps, eps >= 0, "epsilon value")),
            new("weight_decay", Check(weightDecay, weightDecay >= 0, "weight_decay value")),
            new("initial_accumulator_value", Check(initialAccumulatorValue, initialAccumulatorValue >= 0, "initial_accumulator_value value")),
        ]) { }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group)
    {
        if (state.Count == 0)
        {
            state["step"] = Tensor.Zeros([], DType.Float32);
            state["sum"] = Tensor.Full(parameter.Shape.AsSpan(), group["initial_accumulator_value"], parameter.DType);
        }
        double step = IncrementStep(state);
        double clr = group.Lr / (1 + (step - 1) * group["lr_decay"]);
        FusedUpdate.Apply(parameter, grad, new Kernel(state["sum"], clr, group["eps"], group["weight_decay"]));
    }

    private readonly record struct Kernel(Tensor Sum, double Clr, double Eps, double WeightDecay) : IFusedUpdate
    {
        public void Run<T>(Span<T> p, ReadOnlySpan<T> grad) where T : unmanaged, IFloatingPointIeee754<T>
        {
            Span<T> s = FusedUpdate.Span<T>(Sum);
            T wd = FusedUpdate.Scalar<T>(WeightDecay), eps = FusedUpdate.Scalar<T>(Eps), minusClr = FusedUpdate.Scalar<T>(-Clr);
            for (int i = 0; i < p.Length; i++)
            {
                T g = grad[i];
                if (WeightDecay != 0) g += wd * p[i];       // grad.add(param, alpha=weight_decay)
                s[i] += g * g;                              // state_sum.addcmul_(grad, grad, value=1)
                T std = T.Sqrt(s[i]) + eps;                 // state_sum.sqrt().add_(eps)
                p[i] += minusClr * g / std;                 // param.addcdiv_(grad, std, value=-clr)
            }
        }
    }
}
