namespace Nabla.NN;

/// <summary>
/// Returns its input unchanged, like <c>torch.nn.Identity</c>: a placeholder where a layer is optional
/// (a head removed for feature extraction, a normalisation switched off).
/// </summary>
/// <example><code>Module norm = useNorm ? new LayerNorm(64) : new Identity();</code></example>
public sealed class Identity : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input;
    }
}
