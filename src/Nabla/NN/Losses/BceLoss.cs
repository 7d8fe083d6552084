namespace Nabla.NN;

/// <summary>Binary cross-entropy of probabilities, like <c>torch.nn.BCELoss</c>; see <see cref="F.BinaryCrossEntropy"/>.</summary>
public sealed class BceLoss : Loss
{
    /// <summary>A loss with an optional <paramref name="weight"/> (a buffer) that broadcasts to the input.</summary>
    public BceLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(reduction) => Weight = OptionalBuffer("weight", weight);

    /// <summary>The elementwise weight, or null.</summary>
    public Tensor? Weight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.BinaryCrossEntropy(input, target, Weight, Reduction);

    /// <inheritdoc/>
    protected override string TypeName => "BCELoss";
}
