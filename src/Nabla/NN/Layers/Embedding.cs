namespace Nabla.NN;

/// <summary>
/// A lookup table of <see cref="NumEmbeddings"/> vectors of size <see cref="EmbeddingDim"/>, indexed
/// by integer tensors, like <c>torch.nn.Embedding</c>. The table starts as N(0, 1), as PyTorch's does,
/// with the row <see cref="PaddingIdx"/> (if any) zero; that row gets no gradient. See <see cref="F.Embedding"/>.
/// </summary>
/// <example><code>var embed = new Embedding(100, 16, paddingIdx: 0);   // tokens [B, T] (int64) → [B, T, 16]</code></example>
public sealed class Embedding : Module
{
    /// <summary>
    /// A table of <paramref name="numEmbeddings"/> rows of size <paramref name="embeddingDim"/>: see
    /// <see cref="F.Embedding"/> for <paramref name="paddingIdx"/> (negative: from the end), <paramref name="maxNorm"/>,
    /// <paramref name="normType"/> and <paramref name="scaleGradByFreq"/>; <paramref name="generator"/> makes the initialisation reproducible.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="paddingIdx"/> is outside [-numEmbeddings, numEmbeddings).</exception>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, double? maxNorm = null, double normType = 2.0,
        bool scaleGradByFreq = false, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(embeddingDim);
        (NumEmbeddings, EmbeddingDim) = (numEmbeddings, embeddingDim);
        PaddingIdx = (int?)NNOps.PaddingIndex(paddingIdx, numEmbeddings);
        (MaxNorm, NormType, ScaleGradByFreq) = (maxNorm, normType, scaleGradByFreq);
        Weight = new Parameter(Tensor.Empty([numEmbeddings, embeddingDim]));
        Init.Normal(Weight, generator: generator);
        ZeroPaddingRow(Weight, PaddingIdx);
    }

    /// <summary>A table of <paramref name="numEmbeddings"/> rows of size <paramref name="embeddingDim"/> initialised from <paramref name="generator"/>, without options.</summary>
    public Embedding(int numEmbeddings, int embeddingDim, Generator? generator)
        : this(numEmbeddings, embeddingDim, paddingIdx: null, generator: generator) { }

    /// <summary>The number of rows.</summary>
    public int NumEmbeddings { get; }

    /// <summary>The size of each row.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The row that starts at zero and gets no gradient (made non-negative), or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>The largest norm a looked-up row may have (larger ones are rescaled in place), or null.</summary>
    public double? MaxNorm { get; }

    /// <summary>The p of the norm <see cref="MaxNorm"/> bounds.</summary>
    public double NormType { get; }

    /// <summary>Whether each lookup's gradient is divided by the number of lookups of its row in the batch.</summary>
    public bool ScaleGradByFreq { get; }

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
        return F.Embedding(input, Weight, PaddingIdx, MaxNorm, NormType, ScaleGradByFreq);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{NumEmbeddings}, {EmbeddingDim}{OptionsRepr(PaddingIdx, MaxNorm, NormType, ScaleGradByFreq)}";

    /// <summary>PyTorch's <c>_fill_padding_idx_with_zero</c>.</summary>
    internal static void ZeroPaddingRow(Parameter weight, int? paddingIdx)
    {
        if (paddingIdx is not { } p) return;
        using (Autograd.NoGrad()) weight.Select(0, p).ZeroInPlace();
    }

    /// <summary>The options an embedding's repr shows when they differ from the defaults, in PyTorch's order.</summary>
    internal static string OptionsRepr(int? paddingIdx, double? maxNorm, double normType, bool scaleGradByFreq)
        => (paddingIdx is { } p ? $", padding_idx={p}" : "") + (maxNorm is { } m ? $", max_norm={PythonRepr.Float(m)}" : "")
           + (normType != 2 ? $", norm_type={PythonRepr.Float(normType)}" : "") + (scaleGradByFreq ? ", scale_grad_by_freq=True" : "");
}
