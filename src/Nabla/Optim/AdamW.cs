namespace Nabla.Optim;

/// <summary>
/// Adam with decoupled weight decay, like <c>torch.optim.AdamW</c> (Loshchilov and Hutter): each
/// step first shrinks the parameter, p ← p·(1 - lr·weightDecay), and the gradient is left alone;
/// the rest is <see cref="Adam"/>. The default weight decay is 1e-2.
/// </summary>
/// <example><c>var opt = new AdamW(model.Parameters(), lr: 1e-3, weightDecay: 0.05);</c></example>
public sealed class AdamW : Adam
{
    /// <summary>AdamW over <paramref name="parameters"/>; <paramref name="beta1"/> and <paramref name="beta2"/> are PyTorch's <c>betas</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For a negative lr, eps or weight decay, or a beta outside [0, 1).</exception>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay: true) { }
}
