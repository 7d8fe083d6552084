namespace Nabla.NN;

/// <summary>Flattens dims <see cref="StartDim"/>..<see cref="EndDim"/> into one (by default all but the batch dim), like <c>torch.nn.Flatten</c>.</summary>
/// <example><code>new Flatten().Forward(images);   // [N, C, H, W] → [N, C·H·W]</code></example>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    /// <summary>The first dim to flatten.</summary>
    public int StartDim { get; } = startDim;

    /// <summary>The last dim to flatten.</summary>
    public int EndDim { get; } = endDim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Flatten(StartDim, EndDim);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"start_dim={StartDim}, end_dim={EndDim}";
}
