namespace Nabla.NN;

/// <summary>
/// A Transformer encoder layer, like <c>torch.nn.TransformerEncoderLayer</c>: self-attention
/// (<c>self_attn</c>) and a feed-forward block (<c>linear1</c>, activation, <c>linear2</c>), each with
/// dropout and a residual connection, normalised after each block (<c>norm1</c>, <c>norm2</c>) or,
/// with <c>normFirst</c>, before it. Parameter names are PyTorch's.
/// </summary>
/// <example><code>
/// var layer = new TransformerEncoderLayer(dModel: 32, nhead: 4, dimFeedforward: 64, dropout: 0.0,
///     batchFirst: true, normFirst: true);
/// </code></example>
public sealed class TransformerEncoderLayer : Module
{
    private readonly Func<Tensor, Tensor> _activation;

    /// <summary>A layer of width <paramref name="dModel"/> with <paramref name="nhead"/> heads; <paramref name="activation"/> is "relu" or "gelu".</summary>
    /// <exception cref="ArgumentException">For an unknown activation, or a width not divisible by the heads.</exception>
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1, string activation = "relu",
        double layerNormEps = 1e-5, bool batchFirst = false, bool normFirst = false, bool bias = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Config = new(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias);
        _activation = TransformerActivation.Of(activation);
        SelfAttn = RegisterModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, bias, batchFirst: batchFirst, generator: generator));
        Linear1 = RegisterModule("linear1", new Linear(dModel, dimFeedforward, bias, generator));
        Dropout = RegisterModule("dropout", new Dropout(dropout, generator));
        Linear2 = RegisterModule("linear2", new Linear(dimFeedforward, dModel, bias, generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps, bias: bias));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps, bias: bias));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator));
    }

    internal TransformerConfig Config { get; }

    /// <summary>The self-attention.</summary>
    public MultiheadAttention SelfAttn { get; }

    /// <summary>The feed-forward block's first layer.</summary>
    public Linear Linear1 { get; }

    /// <summary>Dropout inside the feed-forward block.</summary>
    public Dropout Dropout { get; }

    /// <summary>The feed-forward block's second layer.</summary>
    public Linear Linear2 { get; }

    /// <summary>The normalisation of the attention block.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>The normalisation of the feed-forward block.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>Dropout on the attention block's output.</summary>
    public Dropout Dropout1 { get; }

    /// <summary>Dropout on the feed-forward block's output.</summary>
    public Dropout Dropout2 { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Forward(input, null);
    }

    /// <summary>
    /// The layer on <paramref name="src"/> [N, L, E] (batch first) or [L, N, E], like
    /// <c>layer(src, src_mask, src_key_padding_mask, is_causal)</c>. <paramref name="isCausal"/> without
    /// a mask masks later positions.
    /// </summary>
    public Tensor Forward(Tensor src, Tensor? srcMask, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        ArgumentNullException.ThrowIfNull(src);
        var x = src;
        if (Config.NormFirst)
        {
            x = x + SelfAttention(Norm1.Forward(x), srcMask, srcKeyPaddingMask, isCausal);
            return x + FeedForward(Norm2.Forward(x));
        }
        x = Norm1.Forward(x + SelfAttention(x, srcMask, srcKeyPaddingMask, isCausal));
        return Norm2.Forward(x + FeedForward(x));
    }

    private Tensor SelfAttention(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool isCausal)
        => Dropout1.Forward(SelfAttn.Forward(x, x, x, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).AttnOutput);

    private Tensor FeedForward(Tensor x) => Dropout2.Forward(Linear2.Forward(Dropout.Forward(_activation(Linear1.Forward(x)))));

    /// <summary>A layer with the same configuration and a copy of this one's parameters (PyTorch's deepcopy in TransformerEncoder).</summary>
    internal TransformerEncoderLayer Copy()
    {
        var c = Config;
        var copy = new TransformerEncoderLayer(c.DModel, c.NHead, c.DimFeedforward, c.Dropout, c.Activation, c.LayerNormEps, c.BatchFirst, c.NormFirst, c.Bias);
        copy.LoadStateDict(StateDict().Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Detach().Clone())));
        if (!Training) copy.Eval();
        return copy;
    }
}
