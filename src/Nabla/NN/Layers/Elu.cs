namespace Nabla.NN;

/// <summary>x for x &gt; 0, else α(eˣ - 1), like <c>torch.nn.ELU</c>; prints <c>ELU(alpha=1.0)</c>.</summary>
/// <param name="alpha">The value the negative side tends to is -α.</param>
public sealed class Elu(double alpha = 1.0) : Module
{
    /// <summary>α.</summary>
    public double Alpha { get; } = alpha;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Elu(input, Alpha);

    /// <inheritdoc/>
    protected override string TypeName => "ELU";

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"alpha={PythonRepr.Float(Alpha)}";
}
