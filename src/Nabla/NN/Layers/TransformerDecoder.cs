namespace Nabla.NN;

/// <summary>
/// A stack of <see cref="TransformerDecoderLayer"/>s, like <c>torch.nn.TransformerDecoder</c>: the
/// layers (<c>layers.0</c>...) start as copies of the given layer, and an optional final <c>norm</c> follows.
/// </summary>
public sealed class TransformerDecoder : Module
{
    /// <summary><paramref name="numLayers"/> copies of <paramref name="decoderLayer"/>, then <paramref name="norm"/> if given.</summary>
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, Module? norm = null)
    {
        ArgumentNullException.ThrowIfNull(decoderLayer);
        ArgumentOutOfRangeException.ThrowIfNegative(numLayers);
        Layers = RegisterModule("layers", new ModuleList([.. Enumerable.Range(0, numLayers).Select(_ => decoderLayer.Copy())]));
        Norm = norm is null ? null : RegisterModule("norm", norm);
    }

    /// <summary>The layers.</summary>
    public ModuleList Layers { get; }

    /// <summary>The final normalisation, or null.</summary>
    public Module? Norm { get; }

    /// <summary>Every layer in turn on <paramref name="tgt"/>, attending to <paramref name="memory"/>, like <c>decoder(tgt, memory, ...)</c>.</summary>
    public Tensor Forward(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null, Tensor? tgtKeyPaddingMask = null,
        Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        ArgumentNullException.ThrowIfNull(tgt);
        ArgumentNullException.ThrowIfNull(memory);
        var x = tgt;
        foreach (var layer in Layers)
            x = ((TransformerDecoderLayer)layer).Forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
        return Norm is null ? x : Norm.Forward(x);
    }

    /// <inheritdoc/>
    protected override string? ForwardUsage => "TransformerDecoder.Forward(tgt, memory, ...)";
}
