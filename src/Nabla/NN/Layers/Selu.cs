namespace Nabla.NN;

/// <summary>λ·elu(x, α) with the self-normalising constants, like <c>torch.nn.SELU</c>; prints <c>SELU()</c>.</summary>
public sealed class Selu : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Selu(input);

    /// <inheritdoc/>
    protected override string TypeName => "SELU";
}
