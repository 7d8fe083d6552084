namespace Nabla.NN;

/// <summary>log(1 + e^(βx))/β elementwise, linear above the threshold, like <c>torch.nn.Softplus</c>; prints <c>Softplus(beta=1.0, threshold=20.0)</c>.</summary>
/// <param name="beta">β, the sharpness.</param>
/// <param name="threshold">Above βx = threshold the layer returns x.</param>
public sealed class Softplus(double beta = 1.0, double threshold = 20.0) : Module
{
    /// <summary>β, the sharpness.</summary>
    public double Beta { get; } = beta;

    /// <summary>The value of βx above which the layer returns x.</summary>
    public double Threshold { get; } = threshold;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Softplus(input, Beta, Threshold);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"beta={PythonRepr.Float(Beta)}, threshold={PythonRepr.Float(Threshold)}";
}
