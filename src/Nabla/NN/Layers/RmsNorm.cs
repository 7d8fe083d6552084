namespace Nabla.NN;

/// <summary>
/// Root-mean-square normalisation over the trailing dims <see cref="NormalizedShape"/>, with an elementwise
/// γ = 1 to start, like <c>torch.nn.RMSNorm</c> (PyTorch 2.4+); see <see cref="F.RmsNorm"/>.
/// </summary>
/// <example><code>var norm = new RmsNorm(64);   // prints RMSNorm((64,), eps=None, elementwise_affine=True)</code></example>
public sealed class RmsNorm : Module
{
    /// <summary>Normalises over the last dim, of size <paramref name="normalizedShape"/>; a null <paramref name="eps"/> is the input dtype's machine epsilon.</summary>
    public RmsNorm(int normalizedShape, double? eps = null, bool elementwiseAffine = true)
        : this([normalizedShape], eps, elementwiseAffine) { }

    /// <summary>Normalises over the trailing dims of shape <paramref name="normalizedShape"/>.</summary>
    public RmsNorm(int[] normalizedShape, double? eps = null, bool elementwiseAffine = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        (NormalizedShape, Eps) = ((int[])normalizedShape.Clone(), eps);
        if (elementwiseAffine) Weight = RegisterParameter("weight", new Parameter(Tensor.Ones(normalizedShape)));
    }

    /// <summary>The shape of the normalised trailing dims.</summary>
    public IReadOnlyList<int> NormalizedShape { get; }

    /// <summary>Added to the mean square before the square root; null: the machine epsilon of the input's dtype.</summary>
    public double? Eps { get; }

    /// <summary>γ of <see cref="NormalizedShape"/>, or null without elementwise affine parameters.</summary>
    public Parameter? Weight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.RmsNorm(input, [.. NormalizedShape], Weight, Eps);

    /// <inheritdoc/>
    protected override string TypeName => "RMSNorm";

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"{PythonRepr.Tuple([.. NormalizedShape])}, eps={(Eps is { } e ? PythonRepr.Float(e) : "None")}, elementwise_affine={PythonRepr.Bool(Weight is not null)}";
}
