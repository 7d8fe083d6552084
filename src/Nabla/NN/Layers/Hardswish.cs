namespace Nabla.NN;

/// <summary>x·relu6(x + 3)/6 elementwise, like <c>torch.nn.Hardswish</c>; prints <c>Hardswish()</c>.</summary>
public sealed class Hardswish : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Hardswish(input);
}
