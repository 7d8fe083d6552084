namespace Nabla.NN;

/// <summary>
/// A Transformer decoder layer, like <c>torch.nn.TransformerDecoderLayer</c>: self-attention
/// (<c>self_attn</c>), attention to the encoder's output (<c>multihead_attn</c>) and a feed-forward
/// block, each with dropout and a residual connection, normalised after each block (<c>norm1</c> to
/// <c>norm3</c>) or, with <c>normFirst</c>, before it.
/// </summary>
public sealed class TransformerDecoderLayer : Module
{
    private readonly Func<Tensor, Tensor> _activation;

    /// <summary>A layer of width <paramref name="dModel"/> with <paramref name="nhead"/> heads; <paramref name="activation"/> is "relu" or "gelu".</summary>
    /// <exception cref="ArgumentException">For an unknown activation, or a width not divisible by the heads.</exception>
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1, string activation = "relu",
        double layerNormEps = 1e-5, bool batchFirst = false, bool normFirst = false, bool bias = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Config = new(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias);
        _activation = TransformerActivation.Of(activation);
        SelfAttn = RegisterModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, bias, batchFirst: batchFirst, generator: generator));
        MultiheadAttn = RegisterModule("multihead_attn", new MultiheadAttention(dModel, nhead, dropout, bias, batchFirst: batchFirst, generator: generator));
        Linear1 = RegisterModule("linear1", new Linear(dModel, dimFeedforward, bias, generator));
        Dropout = RegisterModule("dropout", new Dropout(dropout, generator));
        Linear2 = RegisterModule("linear2", new Linear(dimFeedforward, dModel, bias, generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps, bias: bias));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps, bias: bias));
        Norm3 = RegisterModule("norm3", new LayerNorm(dModel, layerNormEps, bias: bias));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator));
        Dropout3 = RegisterModule("dropout3", new Dropout(dropout, generator));
    }

    internal TransformerConfig Config { get; }

    /// <summary>The self-attention.</summary>
    public MultiheadAttention SelfAttn { get; }

    /// <summary>The attention to the encoder's output (memory).</summary>
    public MultiheadAttention MultiheadAttn { get; }

    /// <summary>The feed-forward block's first layer.</summary>
    public Linear Linear1 { get; }

    /// <summary>Dropout inside the feed-forward block.</summary>
    public Dropout Dropout { get; }

    /// <summary>The feed-forward block's second layer.</summary>
    public Linear Linear2 { get; }

    /// <summary>The normalisation of the self-attention block.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>The normalisation of the memory-attention block.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>The normalisation of the feed-forward block.</summary>
    public LayerNorm Norm3 { get; }

    /// <summary>Dropout on the self-attention block's output.</summary>
    public Dropout Dropout1 { get; }

    /// <summary>Dropout on the memory-attention block's output.</summary>
    public Dropout Dropout2 { get; }

    /// <summary>Dropout on the feed-forward block's output.</summary>
    public Dropout Dropout3 { get; }

    /// <summary>
    /// The layer on <paramref name="tgt"/> attending to <paramref name="memory"/>, like
    /// <c>layer(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, tgt_is_causal, memory_is_causal)</c>.
    /// </summary>
    public Tensor Forward(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null, Tensor? tgtKeyPaddingMask = null,
        Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        ArgumentNullException.ThrowIfNull(tgt);
        ArgumentNullException.ThrowIfNull(memory);
        var x = tgt;
        if (Config.NormFirst)
        {
            x = x + SelfAttention(Norm1.Forward(x), tgtMask, tgtKeyPaddingMask, tgtIsCausal);
            x = x + MemoryAttention(Norm2.Forward(x), memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal);
            return x + FeedForward(Norm3.Forward(x));
        }
        x = Norm1.Forward(x + SelfAttention(x, tgtMask, tgtKeyPaddingMask, tgtIsCausal));
        x = Norm2.Forward(x + MemoryAttention(x, memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal));
        return Norm3.Forward(x + FeedForward(x));
    }

    private Tensor SelfAttention(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool isCausal)
        => Dropout1.Forward(SelfAttn.Forward(x, x, x, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).AttnOutput);

    private Tensor MemoryAttention(Tensor x, Tensor memory, Tensor? mask, Tensor? keyPaddingMask, bool isCausal)
        => Dropout2.Forward(MultiheadAttn.Forward(x, memory, memory, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).AttnOutput);

    private Tensor FeedForward(Tensor x) => Dropout3.Forward(Linear2.Forward(Dropout.Forward(_activation(Linear1.Forward(x)))));

    /// <inheritdoc/>
    protected override string? ForwardUsage => "TransformerDecoderLayer.Forward(tgt, memory, ...)";

    /// <summary>A layer with the same configuration and a copy of this one's parameters (PyTorch's deepcopy in TransformerDecoder).</summary>
    internal TransformerDecoderLayer Copy()
    {
        var c = Config;
        var copy = new TransformerDecoderLayer(c.DModel, c.NHead, c.DimFeedforward, c.Dropout, c.Activation, c.LayerNormEps, c.BatchFirst, c.NormFirst, c.Bias);
        copy.LoadStateDict(StateDict().Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Detach().Clone())));
        if (!Training) copy.Eval();
        return copy;
    }
}
