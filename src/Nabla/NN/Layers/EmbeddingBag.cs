namespace Nabla.NN;

/// <summary>
/// A lookup table whose forward reduces bags of lookups to one vector each (sum, mean or max) without
/// materialising the looked-up rows, like <c>torch.nn.EmbeddingBag</c>; the table starts as N(0, 1) with the
/// row <see cref="PaddingIdx"/> (if any) zero. See <see cref="F.EmbeddingBag"/>.
/// </summary>
/// <example><code>
/// var bag = new EmbeddingBag(1000, 32, mode: "sum");
/// Tensor pooled = bag.Forward(tokens, offsets);   // tokens [n] (int64), offsets [B] → [B, 32]
/// </code></example>
public sealed class EmbeddingBag : Module
{
    /// <summary>
    /// A table of <paramref name="numEmbeddings"/> rows of size <paramref name="embeddingDim"/>, reduced with
    /// <paramref name="mode"/> "sum", "mean" or "max"; the other arguments as in <see cref="F.EmbeddingBag"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="mode"/> is unknown.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="paddingIdx"/> is outside [-numEmbeddings, numEmbeddings).</exception>
    public EmbeddingBag(int numEmbeddings, int embeddingDim, double? maxNorm = null, double normType = 2.0, bool scaleGradByFreq = false,
        string mode = "mean", bool includeLastOffset = false, int? paddingIdx = null, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(embeddingDim);
        ArgumentNullException.ThrowIfNull(mode);
        if (mode is not ("sum" or "mean" or "max")) throw new ArgumentException("mode has to be one of sum, mean or max", nameof(mode));
        (NumEmbeddings, EmbeddingDim, MaxNorm, NormType, ScaleGradByFreq, Mode, IncludeLastOffset) =
            (numEmbeddings, embeddingDim, maxNorm, normType, scaleGradByFreq, mode, includeLastOffset);
        PaddingIdx = (int?)NNOps.PaddingIndex(paddingIdx, numEmbeddings);
        Weight = RegisterParameter("weight", new Parameter(Tensor.Empty([numEmbeddings, embeddingDim])));
        Init.Normal(Weight, generator: generator);
        Embedding.ZeroPaddingRow(Weight, PaddingIdx);
    }

    /// <summary>The number of rows.</summary>
    public int NumEmbeddings { get; }

    /// <summary>The size of each row.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The largest norm a looked-up row may have (larger ones are rescaled in place), or null.</summary>
    public double? MaxNorm { get; }

    /// <summary>The p of the norm <see cref="MaxNorm"/> bounds.</summary>
    public double NormType { get; }

    /// <summary>Whether each lookup's gradient is divided by the number of lookups of its row in the batch.</summary>
    public bool ScaleGradByFreq { get; }

    /// <summary>"sum", "mean" or "max".</summary>
    public string Mode { get; }

    /// <summary>Whether the last offset ends the last bag (CSR style) instead of starting one.</summary>
    public bool IncludeLastOffset { get; }

    /// <summary>The row left out of every bag, zero to start (made non-negative), or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>The table [numEmbeddings, embeddingDim] (parameter <c>weight</c>).</summary>
    public Parameter Weight { get; }

    /// <summary>The bags of a 2-d input [B, N]: B bags of N lookups.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>
    /// The bags of a 1-d <paramref name="input"/> starting at <paramref name="offsets"/> (or of a 2-d input without
    /// offsets), each lookup weighted by <paramref name="perSampleWeights"/> (mode "sum"), like <c>forward(input, offsets, per_sample_weights)</c>.
    /// </summary>
    public Tensor Forward(Tensor input, Tensor? offsets, Tensor? perSampleWeights = null)
        => F.EmbeddingBag(input, Weight, offsets, MaxNorm, NormType, ScaleGradByFreq, Mode, perSampleWeights, IncludeLastOffset, PaddingIdx);

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"{NumEmbeddings}, {EmbeddingDim}{Embedding.OptionsRepr(null, MaxNorm, NormType, ScaleGradByFreq)}, mode={Mode}" + (PaddingIdx is { } p ? $", padding_idx={p}" : "");
}
