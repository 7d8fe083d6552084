namespace Nabla.NN;

/// <summary>
/// Splits dim <see cref="Dim"/> into the sizes <see cref="UnflattenedSize"/>, like <c>torch.nn.Unflatten</c>
/// (the inverse of <see cref="Flatten"/>). One size may be -1, inferred from the others. The result is a view.
/// </summary>
/// <example><code>new Unflatten(1, [2, 5]).Forward(x);   // [N, 10] → [N, 2, 5]</code></example>
public sealed class Unflatten : Module
{
    private readonly int[] _sizes;

    /// <summary>A layer that splits dim <paramref name="dim"/> (negative counts from the end) into <paramref name="unflattenedSize"/>.</summary>
    /// <exception cref="ArgumentException">When <paramref name="unflattenedSize"/> is empty.</exception>
    public Unflatten(int dim, int[] unflattenedSize)
    {
        ArgumentNullException.ThrowIfNull(unflattenedSize);
        if (unflattenedSize.Length == 0) throw new ArgumentException("unflatten: sizes must be non-empty", nameof(unflattenedSize));
        Dim = dim;
        _sizes = (int[])unflattenedSize.Clone();
    }

    /// <summary>The dim that is split.</summary>
    public int Dim { get; }

    /// <summary>The sizes it is split into.</summary>
    public IReadOnlyList<int> UnflattenedSize => _sizes;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">For a 0-d input, or sizes that do not multiply up to the size of the dim.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Unflatten(Dim, _sizes);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"dim={Dim}, unflattened_size=({string.Join(", ", _sizes)}{(_sizes.Length == 1 ? "," : "")})";
}
