namespace Nabla.NN;

/// <summary>x - log Σ e^x along <see cref="Dim"/>, like <c>torch.nn.LogSoftmax</c>; prints <c>LogSoftmax(dim=1)</c>.</summary>
public sealed class LogSoftmax(int dim) : Module
{
    /// <summary>The dim the values are normalised along.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.LogSoftmax(Dim);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}";
}
