namespace Nabla.NN;

/// <summary>x/(1 + |x|) elementwise, like <c>torch.nn.Softsign</c>; prints <c>Softsign()</c>.</summary>
public sealed class Softsign : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Softsign(input);
}
