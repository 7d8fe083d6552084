namespace Nabla.NN;

/// <summary>max(0, x) + min(0, α(e^(x/α) - 1)), like <c>torch.nn.CELU</c>; prints <c>CELU(alpha=1.0)</c>.</summary>
public sealed class Celu : Module
{
    /// <summary>CELU with <paramref name="alpha"/>.</summary>
    /// <exception cref="ArgumentException">When <paramref name="alpha"/> is 0.</exception>
    public Celu(double alpha = 1.0)
    {
        if (alpha == 0) throw new ArgumentException("ZeroDivisionError: alpha cannot be 0 for CELU", nameof(alpha));
        Alpha = alpha;
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Celu(input, Alpha);

    /// <inheritdoc/>
    protected override string TypeName => "CELU";

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"alpha={PythonRepr.Float(Alpha)}";
}
