namespace Nabla.NN;

/// <summary>x·tanh(softplus x) elementwise, like <c>torch.nn.Mish</c>; prints <c>Mish()</c>.</summary>
public sealed class Mish : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Mish(input);
}
