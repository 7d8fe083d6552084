using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Optim;

/// <summary>
/// The options the Adam family (<see cref="Adam"/>, <see cref="AdamW"/>, <see cref="Adamax"/>,
/// <see cref="NAdam"/>, <see cref="RAdam"/>) shares: lr, PyTorch's betas as beta1 and beta2 (the
/// name <see cref="OneCycleLR"/> cycles), eps and weight_decay, with PyTorch's checks.
/// </summary>
internal static class AdamFamily
{
    public static KeyValuePair<string, double>[] Options(double lr, double beta1, double beta2, double eps, double weightDecay) =>
    [
        new("lr", Optimizer.Check(lr, lr >= 0, "learning rate")),
        new("beta1", Optimizer.Check(beta1, beta1 is >= 0 and < 1, "beta parameter at index 0")),
        new("beta2", Optimizer.Check(beta2, beta2 is >= 0 and < 1, "beta parameter at index 1")),
        new("eps", Optimizer.Check(eps, eps >= 0, "epsilon value")),
        new("weight_decay", Optimizer.Check(weightDecay, weightDecay >= 0, "weight_decay value")),
    ];
}

/// <summary>
/// The start of every Adam-family element update, in PyTorch's order: weight decay (added to the
/// gradient, or decoupled: the parameter shrunk by 1 - lr·weightDecay), then the moments
/// m ← lerp(m, g, 1 - β₁) and v ← β₂·v + (1 - β₂)·g². Its scalars are rounded to the element type once.
/// </summary>
internal readonly struct AdamMoments<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _weightDecay, _shrink, _w1, _beta2, _w2;
    private readonly bool _decay, _decoupled;

    public AdamMoments(double lr, double beta1, double beta2, double weightDecay, bool decoupled)
    {
        (_weightDecay, _shrink) = (FusedUpdate.Scalar<T>(weightDecay), FusedUpdate.Scalar<T>(1 - lr * weightDecay));
        (_w1, _beta2, _w2) = (FusedUpdate.Scalar<T>(1 - beta1), FusedUpdate.Scalar<T>(beta2), FusedUpdate.Scalar<T>(1 - beta2));
        (_decay, _decoupled) = (weightDecay != 0, decoupled);
    }

    /// <summary>Applies the weight decay and updates m; returns the gradient the moments see.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T First(ref T p, T g, ref T m)
    {
        if (_decay && _decoupled) p *= _shrink;       // param.mul_(1 - lr * weight_decay)
        else if (_decay) g += _weightDecay * p;       // grad.add(param, alpha=weight_decay)
        m = FusedUpdate.Lerp(m, g, _w1);              // exp_avg.lerp_(grad, 1 - beta1)
        return g;
    }

    /// <summary>Updates v from the gradient <see cref="First(ref T, T, ref T)"/> returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Second(ref T v, T g) => v = v * _beta2 + _w2 * g * g;   // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)

    /// <summary><see cref="First(ref T, T, ref T)"/> on a vector of elements: the same operations in the same order, so the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> First(ref Vector512<T> p, Vector512<T> g, ref Vector512<T> m)
    {
        if (_decay && _decoupled) p *= _shrink;
        else if (_decay) g += Vector512.Create(_weightDecay) * p;
        m = FusedUpdate.Lerp(m, g, _w1);
        return g;
    }

    /// <summary><see cref="Second(ref T, T)"/> on a vector of elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Second(ref Vector512<T> v, Vector512<T> g) => v = v * _beta2 + Vector512.Create(_w2) * g * g;
}
