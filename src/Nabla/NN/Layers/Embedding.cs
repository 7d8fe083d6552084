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
        Weight = RegisterParameter("weight", new Parameter(Tensor.Empty([numEmbeddings, embeddingDim])));
        Init.Normal(Weight, generator: generator);
    }

    /// <summary>The number of rows.</summary>
    public int NumEmbeddings { get; }

    /// <summary>The size of each row.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The table [numEmbeddings, embeddingDim].</summary>
    public Parameter Weight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Embedding(input, Weight);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{NumEmbeddings}, {EmbeddingDim}";
}
