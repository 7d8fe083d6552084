namespace Nabla.NN;

/// <summary>The negative log-likelihood of log-probabilities at class indices, like <c>torch.nn.NLLLoss</c>; see <see cref="F.NllLoss"/>.</summary>
public sealed class NllLoss : Loss
{
    /// <summary>A loss with optional per-class <paramref name="weight"/> [C] (a buffer) and an <paramref name="ignoreIndex"/> that counts for nothing.</summary>
    public NllLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        Weight = OptionalBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
    }

    /// <summary>The per-class weight [C], or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>The target value that is ignored.</summary>
    public long IgnoreIndex { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.NllLoss(input, target, Weight, IgnoreIndex, Reduction);

    /// <inheritdoc/>
    protected override string TypeName => "NLLLoss";
}
