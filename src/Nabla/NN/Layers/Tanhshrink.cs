namespace Nabla.NN;

/// <summary>x - tanh x elementwise, like <c>torch.nn.Tanhshrink</c>; prints <c>Tanhshrink()</c>.</summary>
public sealed class Tanhshrink : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Tanhshrink(input);
}
