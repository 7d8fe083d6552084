namespace Nabla.NN;

/// <summary>
/// A stack of <see cref="TransformerEncoderLayer"/>s, like <c>torch.nn.TransformerEncoder</c>: the
/// layers (<c>layers.0</c>, <c>layers.1</c>...) start as copies of the given layer, as PyTorch's
/// deepcopy makes them, and an optional final <c>norm</c> follows.
/// </summary>
/// <example><code>
/// var encoder = new TransformerEncoder(layer, numLayers: 2);
/// var z = encoder.Forward(x, mask: null, isCausal: true);
/// </code></example>
public sealed class TransformerEncoder : Module
{
    /// <summary><paramref name="numLayers"/> copies of <paramref name="encoderLayer"/>, then <paramref name="norm"/> if given.</summary>
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, Module? norm = null)
    {
        ArgumentNullException.ThrowIfNull(encoderLayer);
        ArgumentOutOfRangeException.ThrowIfNegative(numLayers);
        Layers = RegisterModule("layers", new ModuleList([.. Enumerable.Range(0, numLayers).Select(_ => encoderLayer.Copy())]));
        Norm = norm is null ? null : RegisterModule("norm", norm);
    }

    /// <summary>The layers.</summary>
    public ModuleList Layers { get; }

    /// <summary>The final normalisation, or null.</summary>
    public Module? Norm { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Forward(input, null);
    }

    /// <summary>Every layer in turn on <paramref name="src"/>, like <c>encoder(src, mask, src_key_padding_mask, is_causal)</c>.</summary>
    public Tensor Forward(Tensor src, Tensor? mask, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        ArgumentNullException.ThrowIfNull(src);
        var x = src;
        foreach (var layer in Layers) x = ((TransformerEncoderLayer)layer).Forward(x, mask, srcKeyPaddingMask, isCausal);
        return Norm is null ? x : Norm.Forward(x);
    }
}
