namespace Nabla.NN;

/// <summary>
/// Layer normalisation over the trailing dims <see cref="NormalizedShape"/>, with elementwise γ = 1
/// and β = 0 to start, like <c>torch.nn.LayerNorm</c>; see <see cref="F.LayerNorm"/>.
/// </summary>
/// <example><code>var norm = new LayerNorm(64);   // prints LayerNorm((64,), eps=1e-05, elementwise_affine=True)</code></example>
public sealed class LayerNorm : Module
{
    /// <summary>Normalises over the last dim, of size <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true)
        : this([normalizedShape], eps, elementwiseAffine, bias) { }

    /// <summary>Normalises over the trailing dims of shape <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        (NormalizedShape, Eps) = ((int[])normalizedShape.Clone(), eps);
        if (!elementwiseAffine) return;
        Weight = RegisterParameter("weight", new Parameter(Tensor.Ones(normalizedShape)));
        if (bias) Bias = RegisterParameter("bias", new Parameter(Tensor.Zeros(normalizedShape)));
    }

    /// <summary>The shape of the normalised trailing dims.</summary>
    public IReadOnlyList<int> NormalizedShape { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>γ of <see cref="NormalizedShape"/>, or null without elementwise affine parameters.</summary>
    public Parameter? Weight { get; }

    /// <summary>β of <see cref="NormalizedShape"/>, or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.LayerNorm(input, [.. NormalizedShape], Weight, Bias, Eps);

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"{PythonRepr.Tuple([.. NormalizedShape])}, eps={PythonRepr.Float(Eps)}, elementwise_affine={PythonRepr.Bool(Weight is not null)}";
}
