namespace Nabla.NN;

/// <summary>The gated linear unit a·σ(b) over the halves of <see cref="Dim"/>, like <c>torch.nn.GLU</c>; prints <c>GLU(dim=-1)</c>.</summary>
/// <param name="dim">The dim split in half.</param>
public sealed class Glu(int dim = -1) : Module
{
    /// <summary>The dim split in half.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Glu(input, Dim);

    /// <inheritdoc/>
    protected override string TypeName => "GLU";

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}";
}
