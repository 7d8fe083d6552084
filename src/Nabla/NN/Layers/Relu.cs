namespace Nabla.NN;

/// <summary>max(x, 0) elementwise, like <c>torch.nn.ReLU</c>; prints <c>ReLU()</c>.</summary>
public sealed class Relu : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Relu();
    }

    /// <inheritdoc/>
    protected override string TypeName => "ReLU";
}
