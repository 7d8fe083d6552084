namespace Nabla.NN;

/// <summary>The triplet margin loss, like <c>torch.nn.TripletMarginLoss</c>; see <see cref="F.TripletMarginLoss"/>.</summary>
public sealed class TripletMarginLoss(double margin = 1.0, double p = 2, double eps = 1e-6, bool swap = false, Reduction reduction = Reduction.Mean) : Module
{
    /// <summary>How much closer the positive must be than the negative to cost nothing.</summary>
    public double Margin { get; } = margin;

    /// <summary>The norm of the distance.</summary>
    public double P { get; } = p;

    /// <summary>What keeps the distance off 0.</summary>
    public double Eps { get; } = eps;

    /// <summary>Whether the distance swap is used.</summary>
    public bool Swap { get; } = swap;

    /// <summary>How the per-sample losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>The loss of the triplets (<paramref name="anchor"/>, <paramref name="positive"/>, <paramref name="negative"/>).</summary>
    public Tensor Forward(Tensor anchor, Tensor positive, Tensor negative) => F.TripletMarginLoss(anchor, positive, negative, Margin, P, Eps, Swap, Reduction);

    /// <inheritdoc/>
    protected override string? ForwardUsage => "TripletMarginLoss.Forward(anchor, positive, negative)";
}
