namespace Nabla.NN;

/// <summary>
/// Dropout in training mode (each element zeroed with probability <see cref="P"/>, the rest scaled
/// by 1/(1 - p)), the identity after <see cref="Module.Eval"/>, like <c>torch.nn.Dropout</c>.
/// </summary>
/// <example><code>var dropout = new Dropout(0.25, new Generator(seed: 0));   // reproducible masks</code></example>
public sealed class Dropout : Module
{
    private readonly Generator? _generator;

    /// <summary>Dropout with probability <paramref name="p"/>; the masks come from <paramref name="generator"/> (default <see cref="Generator.Default"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="p"/> is outside [0, 1].</exception>
    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability has to be between 0 and 1, but got {p}");
        P = p;
        _generator = generator;
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Dropout(input, P, Training, _generator);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"p={PythonRepr.Float(P)}, inplace=False";
}
