namespace Nabla.NN;

/// <summary>x where x &gt; 0, else <see cref="NegativeSlope"/>·x, like <c>torch.nn.LeakyReLU</c>; prints <c>LeakyReLU(negative_slope=0.01)</c>.</summary>
public sealed class LeakyRelu(double negativeSlope = 0.01) : Module
{
    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.LeakyRelu(input, NegativeSlope);

    /// <inheritdoc/>
    protected override string TypeName => "LeakyReLU";

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"negative_slope={PythonRepr.Float(NegativeSlope)}";
}
