namespace Nabla.Optim;

/// <summary>
/// Gradient clipping, PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> (<see cref="Norm"/>) and
/// <c>clip_grad_value_</c> (<see cref="Value"/>). Both change the gradients in place and skip
/// parameters whose gradient is null.
/// </summary>
/// <example>
/// <code>
/// loss.Backward();
/// ClipGrad.Norm(model.Parameters(), maxNorm: 1.0);
/// opt.Step();
/// </code>
/// </example>
public static class ClipGrad
{
    /// <summary>
    /// Scales all gradients together so that their total norm (the norm of the per-gradient norms)
    /// is at most <paramref name="maxNorm"/>: each is multiplied by min(1, maxNorm / (total + 1e-6)).
    /// Returns the total norm before clipping (a scalar tensor), like <c>clip_grad_norm_</c>.
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clipped.</param>
    /// <param name="maxNorm">The largest allowed total norm.</param>
    /// <param name="normType">The p of the p-norm; <c>double.PositiveInfinity</c> for the largest absolute value.</param>
    /// <param name="errorIfNonfinite">Throw when the total norm is NaN or infinite instead of scaling by it.</param>
    /// <exception cref="InvalidOperationException">When <paramref name="errorIfNonfinite"/> is set and the total norm is not finite.</exception>
    public static Tensor Norm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        var grads = Grads(parameters);
        if (grads.Length == 0) return Tensor.Scalar(0f);
        using var noGrad = Autograd.NoGrad();
        var norms = Tensor.Stack(grads.Select(g => g.Norm(normType)).ToArray());
        var total = double.IsPositiveInfinity(normType) ? norms.Max() : norms.Norm(normType);
        double value = total.Item<double>();
        if (errorIfNonfinite && !double.IsFinite(value))
            throw new InvalidOperationException(
                $"The total norm of order {normType} for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set errorIfNonfinite: false");
        // As PyTorch, the factor is clamped rather than tested, so that the gradients are always scaled (even by 1).
        var coefficient = (maxNorm / (total + 1e-6)).Clamp(max: 1.0);
        foreach (var g in grads) g.MulInPlace(coefficient);
        return total;
    }

    /// <summary>Clamps every gradient element into [-<paramref name="clipValue"/>, <paramref name="clipValue"/>], like <c>clip_grad_value_</c>.</summary>
    public static void Value(IEnumerable<Tensor> parameters, double clipValue)
    {
        using var noGrad = Autograd.NoGrad();
        foreach (var g in Grads(parameters)) g.CopyFromInPlace(g.Clamp(-clipValue, clipValue));
    }

    private static Tensor[] Grads(IEnumerable<Tensor> parameters)
    {
        return Guard.NoNullElements(parameters).Select(p => p.Grad).OfType<Tensor>().ToArray();
    }
}
