namespace Nabla.NN;

/// <summary>
/// A lookup table of <see cref="NumEmbeddings"/> vectors of size <see cref="EmbeddingDim"/>, indexed
/// by integer tensors, like <c>torch.nn.Embedding</c>. The table starts as N(0, 1), as PyTorch's does.
/// </summary>
/// <example><code>var embed = new Embedding(100, 16);   // tokens [B, T] (int64) → [B, T, 16]</code></example>
public sealed class Embedding : Module
{
    /// <summary>A table of <paramref name="numEmbeddings"/> rows of size <paramref name="embeddingDim"/>; <paramref name="generator"/> makes the initialisation reproducible.</summary>
    public Embedding(int numEmbeddings, int embeddingDim, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(embeddingDim);
        (NumEmbeddings, EmbeddingDim) = (numEmbeddings, embeddingDim);
        Weight = new Parameter(Tensor.Empty([numEmbeddings, embeddingDim]));
        Init.Normal(Weight, generator: generator);
    }

    /// <summary>The number of rows.</summary>
    public int NumEmbeddings { get; }

    /// <summary>The size of each row.</summary>
    public int EmbeddingDim { get; }

    /// <summary>
    /// The table [numEmbeddings, embeddingDim] (parameter <c>weight</c>). Assigning another parameter of that
    /// shape ties the two (a language model's input embedding and output projection share one table).
    /// </summary>
    /// <exception cref="ArgumentException">When the assigned parameter's shape is not [numEmbeddings, embeddingDim].</exception>
    public Parameter Weight
    {
        get;
        set => field = SetParameter("weight", value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return F.Embedding(input, Weight);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{NumEmbeddings}, {EmbeddingDim}";
}
