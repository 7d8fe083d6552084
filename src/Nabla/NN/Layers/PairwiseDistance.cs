namespace Nabla.NN;

/// <summary>The p-norm distance between rows, like <c>torch.nn.PairwiseDistance</c>; see <see cref="F.PairwiseDistance"/>.</summary>
public sealed class PairwiseDistance(double p = 2, double eps = 1e-6, bool keepDim = false) : Module
{
    /// <summary>The norm.</summary>
    public double P { get; } = p;

    /// <summary>What keeps the distance off 0.</summary>
    public double Eps { get; } = eps;

    /// <summary>Whether the reduced dim is kept (size 1).</summary>
    public bool KeepDim { get; } = keepDim;

    /// <summary>The distances between <paramref name="x1"/> and <paramref name="x2"/> along the last dim.</summary>
    public Tensor Forward(Tensor x1, Tensor x2) => F.PairwiseDistance(x1, x2, P, Eps, KeepDim);

    /// <inheritdoc/>
    protected override string? ForwardUsage => "PairwiseDistance.Forward(x1, x2)";
}
