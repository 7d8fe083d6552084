namespace Nabla.NN;

/// <summary>Cross-entropy of raw scores against class indices or probabilities, like <c>torch.nn.CrossEntropyLoss</c>; see <see cref="F.CrossEntropy"/>.</summary>
/// <example><code>var loss = new CrossEntropyLoss().Forward(model.Forward(batch), labels);   // labels: int64</code></example>
public sealed class CrossEntropyLoss : Loss
{
    /// <summary>A loss with optional per-class <paramref name="weight"/> [C] (a buffer), an <paramref name="ignoreIndex"/> and <paramref name="labelSmoothing"/> in [0, 1].</summary>
    public CrossEntropyLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean, double labelSmoothing = 0.0) : base(reduction)
    {
        Weight = OptionalBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>The per-class weight [C], or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>The target value that is ignored.</summary>
    public long IgnoreIndex { get; }

    /// <summary>The share ε of the target spread uniformly over the classes.</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);
}
