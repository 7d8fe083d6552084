namespace Nabla.NN;

/// <summary>min(max(x, 0), 6) elementwise, like <c>torch.nn.ReLU6</c>; prints <c>ReLU6()</c>.</summary>
public sealed class Relu6 : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Relu6(input);

    /// <inheritdoc/>
    protected override string TypeName => "ReLU6";
}
