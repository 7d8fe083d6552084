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
    /// <exception cref="ArgumentException">When the sizes do not multiply up to the size of the dim.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim == 0) throw new ArgumentException("unflatten needs a tensor with at least one dimension, got a 0-d tensor", nameof(input));
        var shape = input.Shape.ToArray();
        int dim = ShapeMath.NormalizeDim(Dim, shape.Length);
        return input.View([.. shape[..dim], .. SizesFor(shape[dim]), .. shape[(dim + 1)..]]);
    }

    // The sizes with -1 inferred, checked against the size of the dim with PyTorch's message.
    private int[] SizesFor(int size)
    {
        if (_sizes.Count(s => s == -1) > 1) throw new ArgumentException("unflatten: only one dimension can be inferred");
        if (_sizes.Any(s => s < -1)) throw new ArgumentException($"unflatten: invalid shape dimension {_sizes.First(s => s < -1)}");
        long known = _sizes.Where(s => s != -1).Aggregate(1L, (product, s) => product * s);
        bool infer = _sizes.Contains(-1);
        if (infer ? known == 0 || size % known != 0 : known != size)
            throw new ArgumentException(
                $"unflatten: Provided sizes [{string.Join(", ", _sizes)}] don't multiply up to the size of dim {Dim} ({size}) in the input tensor");
        return infer ? [.. _sizes.Select(s => s == -1 ? (int)(size / known) : s)] : _sizes;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"dim={Dim}, unflattened_size=({string.Join(", ", _sizes)}{(_sizes.Length == 1 ? "," : "")})";
}
