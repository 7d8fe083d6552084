namespace Nabla.NN;

/// <summary>The exact GELU x·Φ(x) elementwise, like <c>torch.nn.GELU</c>; prints <c>GELU(approximate='none')</c>.</summary>
public sealed class Gelu : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Gelu(input);

    /// <inheritdoc/>
    protected override string TypeName => "GELU";

    /// <inheritdoc/>
    protected override string ExtraRepr() => "approximate='none'";
}
