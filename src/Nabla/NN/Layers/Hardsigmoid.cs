namespace Nabla.NN;

/// <summary>relu6(x + 3)/6 elementwise, like <c>torch.nn.Hardsigmoid</c>; prints <c>Hardsigmoid()</c>.</summary>
public sealed class Hardsigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Hardsigmoid(input);
}
