namespace Nabla.NN;

/// <summary>e^x / Σ e^x along <see cref="Dim"/>, like <c>torch.nn.Softmax</c>; prints <c>Softmax(dim=1)</c>.</summary>
public sealed class Softmax(int dim) : Module
{
    /// <summary>The dim the values are normalised along.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Softmax(Dim);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}";
}
