namespace Nabla.NN;

/// <summary>log σ(x) elementwise, like <c>torch.nn.LogSigmoid</c>; prints <c>LogSigmoid()</c>.</summary>
public sealed class LogSigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.LogSigmoid(input);
}
