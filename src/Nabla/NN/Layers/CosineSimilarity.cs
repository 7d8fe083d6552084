namespace Nabla.NN;

/// <summary>The cosine similarity along a dim, like <c>torch.nn.CosineSimilarity</c>; see <see cref="F.CosineSimilarity"/>.</summary>
public sealed class CosineSimilarity(int dim = 1, double eps = 1e-8) : Module
{
    /// <summary>The dim along which the vectors lie.</summary>
    public int Dim { get; } = dim;

    /// <summary>The smallest norm divided by.</summary>
    public double Eps { get; } = eps;

    /// <summary>The similarities of <paramref name="x1"/> and <paramref name="x2"/>.</summary>
    public Tensor Forward(Tensor x1, Tensor x2) => F.CosineSimilarity(x1, x2, Dim, Eps);

    /// <inheritdoc/>
    protected override string? ForwardUsage => "CosineSimilarity.Forward(x1, x2)";
}
