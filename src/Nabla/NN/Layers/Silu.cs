namespace Nabla.NN;

/// <summary>SiLU (swish) x·σ(x) elementwise, like <c>torch.nn.SiLU</c>; prints <c>SiLU()</c>.</summary>
public sealed class Silu : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return F.Silu(input);
    }

    /// <inheritdoc/>
    protected override string TypeName => "SiLU";
}
