namespace Nabla.NN;

/// <summary>Binary cross-entropy of logits, numerically stable, like <c>torch.nn.BCEWithLogitsLoss</c>; see <see cref="F.BinaryCrossEntropyWithLogits"/>.</summary>
public sealed class BceWithLogitsLoss : Loss
{
    /// <summary>A loss with an optional <paramref name="weight"/> and per-class <paramref name="posWeight"/> (both buffers).</summary>
    public BceWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? posWeight = null) : base(reduction)
    {
        Weight = OptionalBuffer("weight", weight);
        PosWeight = OptionalBuffer("pos_weight", posWeight);
    }

    /// <summary>The elementwise weight, or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>The weight of positive examples per class, or null.</summary>
    public Tensor? PosWeight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.BinaryCrossEntropyWithLogits(input, target, Weight, PosWeight, Reduction);

    /// <inheritdoc/>
    protected override string TypeName => "BCEWithLogitsLoss";
}
