namespace Nabla.NN;

/// <summary>
/// GELU x·Φ(x) elementwise, exact or with the tanh approximation, like <c>torch.nn.GELU</c>; prints
/// <c>GELU(approximate='none')</c>. See <see cref="F.Gelu(Tensor, string)"/>.
/// </summary>
/// <example><code>var act = new Gelu(approximate: "tanh");   // GPT-2's GELU</code></example>
public sealed class Gelu : Module
{
    /// <summary>GELU with <paramref name="approximate"/> "none" (exact) or "tanh".</summary>
    /// <exception cref="ArgumentException">When <paramref name="approximate"/> is neither.</exception>
    public Gelu(string approximate = "none")
    {
        ArgumentNullException.ThrowIfNull(approximate);
        if (approximate is not ("none" or "tanh"))
            throw new ArgumentException($"approximate argument must be either none or tanh, but got '{approximate}'", nameof(approximate));
        Approximate = approximate;
    }

    /// <summary>"none" for the exact GELU, "tanh" for the approximation.</summary>
    public string Approximate { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Gelu(input, Approximate);

    /// <inheritdoc/>
    protected override string TypeName => "GELU";

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"approximate='{Approximate}'";
}
