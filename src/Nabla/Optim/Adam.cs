using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nabla.Optim;

/// <summary>
/// Adam, like <c>torch.optim.Adam</c> (Kingma and Ba), with optional L2 weight decay and AMSGrad.
/// Per element at step t, with g the gradient:
/// <code>
/// g ← g + weightDecay·p                      (AdamW instead: p ← p·(1 - lr·weightDecay))
/// m ← lerp(m, g, 1 - β₁);  v ← β₂·v + (1 - β₂)·g²;  v̂max ← max(v̂max, v) with amsgrad
/// p ← p - lr/(1 - β₁ᵗ) · m / (√v / √(1 - β₂ᵗ) + eps)
/// </code>
/// </summary>
/// <example><c>var opt = new Adam(model.Parameters(), lr: 1e-3, beta2: 0.98);</c></example>
public class Adam : Optimizer
{
    /// <summary>Adam over <paramref name="parameters"/>; <paramref name="beta1"/> and <paramref name="beta2"/> are PyTorch's <c>betas</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative lr, eps or weight decay, or a beta outside [0, 1).</exception>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : this(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay: false) { }

    /// <summary>For <see cref="AdamW"/>: weight decay shrinks the parameter instead of adding to the gradient.</summary>
    private protected Adam(IEnumerable<Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool decoupledWeightDecay)
        : base(parameters,
        [
            .. AdamFamily.Options(lr, beta1, beta2, eps, weightDecay),
            new("amsgrad", amsgrad ? 1 : 0),
            new("decoupled_weight_decay", decoupledWeightDecay ? 1 : 0),
        ]) { }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group)
    {
        bool amsgrad = group["amsgrad"] != 0;
        if (state.Count == 0)
        {
            state["step"] = Tensor.Zeros([], DType.Float32);
            state["exp_avg"] = FusedUpdate.ZerosLike(parameter);
            state["exp_avg_sq"] = FusedUpdate.ZerosLike(parameter);
            if (amsgrad) state["max_exp_avg_sq"] = FusedUpdate.ZerosLike(parameter);
        }
        double step = IncrementStep(state);
        double lr = group.Lr, beta1 = group["beta1"], beta2 = group["beta2"];
        FusedUpdate.Apply(parameter, grad, new Kernel(
            state["exp_avg"], state["exp_avg_sq"], amsgrad ? state["max_exp_avg_sq"] : null,
            lr, beta1, beta2, group["eps"], group["weight_decay"], group["decoupled_weight_decay"] != 0,
            StepSize: lr / (1 - Math.Pow(beta1, step)), BiasCorrection2Sqrt: Math.Sqrt(1 - Math.Pow(beta2, step))));
    }

    private readonly record struct Kernel(Tensor ExpAvg, Tensor ExpAvgSq, Tensor? MaxExpAvgSq, double Lr, double Beta1, double Beta2,
        double Eps, double WeightDecay, bool Decoupled, double StepSize, double BiasCorrection2Sqrt) : IFusedUpdate
    {
        public void Run<T>(Span<T> p, ReadOnlySpan<T> grad) where T : unmanaged, IFloatingPointIeee754<T>
        {
            Span<T> m = FusedUpdate.Span<T>(ExpAvg), v = FusedUpdate.Span<T>(ExpAvgSq);
            Span<T> vMax = MaxExpAvgSq is null ? default : FusedUpdate.Span<T>(MaxExpAvgSq);
            var moments = new AdamMoments<T>(Lr, Beta1, Beta2, WeightDecay, Decoupled);
            T bc2Sqrt = FusedUpdate.Scalar<T>(BiasCorrection2Sqrt), eps = FusedUpdate.Scalar<T>(Eps), minusStep = FusedUpdate.Scalar<T>(-StepSize);
            int i = 0;
            if (MaxExpAvgSq is null && Vector512.IsHardwareAccelerated)   // the same operations lane by lane: scalar, this loop was ~6% of a GPT training step
            {
                ref T pr = ref MemoryMarshal.GetReference(p), gr = ref MemoryMarshal.GetReference(grad);
                ref T mr = ref MemoryMarshal.GetReference(m), vr = ref MemoryMarshal.GetReference(v);
                for (int width = Vector512<T>.Count; i <= p.Length - width; i += width)
                {
                    nuint at = (nuint)i;
                    var (pi, mi, vi) = (Vector512.LoadUnsafe(ref pr, at), Vector512.LoadUnsafe(ref mr, at), Vector512.LoadUnsafe(ref vr, at));
                    var g = moments.First(ref pi, Vector512.LoadUnsafe(ref gr, at), ref mi);
                    moments.Second(ref vi, g);
                    var denom = Vector512.Sqrt(vi) / bc2Sqrt + Vector512.Create(eps);
                    (pi + Vector512.Create(minusStep) * mi / denom).StoreUnsafe(ref pr, at);
                    mi.StoreUnsafe(ref mr, at);
                    vi.StoreUnsafe(ref vr, at);
                }
            }
            for (; i < p.Length; i++)
            {
                T g = moments.First(ref p[i], grad[i], ref m[i]);
                moments.Second(ref v[i], g);
                T second = v[i];
                if (MaxExpAvgSq is not null) second = vMax[i] = T.Max(vMax[i], v[i]);   // torch.maximum(max_exp_avg_sq, exp_avg_sq, out=...)
                T denom = T.Sqrt(second) / bc2Sqrt + eps;             // (sqrt / bias_correction2_sqrt).add_(eps)
                p[i] += minusStep * m[i] / denom;                     // param.addcdiv_(exp_avg, denom, value=-step_size)
            }
        }
    }
}
