using TorchSharp;
using TT = TorchSharp.torch.Tensor;
using Tnn = TorchSharp.torch.nn;

namespace Nabla.Bench;

/// <summary>
/// PyTorch's Tnn.TransformerEncoderLayer, composed in TorchSharp from libtorch's modules as torch/nn/modules/transformer.py's
/// forward composes it: TorchSharp 0.107's own (C++) layer has no norm_first and no batch_first. The submodules are
/// registered under PyTorch's names (self_attn, linear1, linear2, norm1, norm2), so the state dict keys are PyTorch's.
/// Dropout is 0 in the check, so it is left out.
/// </summary>
internal sealed class PyTorchEncoderLayer : Tnn.Module<TT, TT>
{
    private readonly TorchSharp.Modules.MultiheadAttention _selfAttn;
    private readonly TorchSharp.Modules.Linear _linear1, _linear2;
    private readonly TorchSharp.Modules.LayerNorm _norm1, _norm2;
    private readonly string _activation;
    private readonly bool _normFirst, _batchFirst;

    public PyTorchEncoderLayer(long dModel, long nhead, long dimFeedforward, string activation, bool normFirst, bool batchFirst) : base("TransformerEncoderLayer")
    {
        (_activation, _normFirst, _batchFirst) = (activation, normFirst, batchFirst);
        register_module("self_attn", _selfAttn = Tnn.MultiheadAttention(dModel, nhead));
        register_module("linear1", _linear1 = Tnn.Linear(dModel, dimFeedforward));
        register_module("linear2", _linear2 = Tnn.Linear(dimFeedforward, dModel));
        register_module("norm1", _norm1 = Tnn.LayerNorm(dModel));
        register_module("norm2", _norm2 = Tnn.LayerNorm(dModel));
    }

    public override TT forward(TT src) => Forward(src, null);

    public TT Forward(TT src, TT? srcMask)
    {
        var x = src;
        if (_normFirst)
        {
            x = x + SelfAttention(_norm1.forward(x), srcMask);
            return x + FeedForward(_norm2.forward(x));
        }
        x = _norm1.forward(x + SelfAttention(x, srcMask));
        return _norm2.forward(x + FeedForward(x));
    }

    private TT SelfAttention(TT x, TT? mask) => PyTorchAttention.Apply(_selfAttn, x, x, mask, _batchFirst);

    private TT FeedForward(TT x) => _linear2.forward(PyTorchAttention.Activation(_activation, _linear1.forward(x)));
}

/// <summary>PyTorch's Tnn.TransformerDecoderLayer composed the same way (self_attn, multihead_attn, linear1/2, norm1/2/3).</summary>
internal sealed class PyTorchDecoderLayer : Tnn.Module<TT, TT>
{
    private readonly TorchSharp.Modules.MultiheadAttention _selfAttn, _crossAttn;
    private readonly TorchSharp.Modules.Linear _linear1, _linear2;
    private readonly TorchSharp.Modules.LayerNorm _norm1, _norm2, _norm3;
    private readonly string _activation;
    private readonly bool _normFirst, _batchFirst;

    public PyTorchDecoderLayer(long dModel, long nhead, long dimFeedforward, string activation, bool normFirst, bool batchFirst) : base("TransformerDecoderLayer")
    {
        (_activation, _normFirst, _batchFirst) = (activation, normFirst, batchFirst);
        register_module("self_attn", _selfAttn = Tnn.MultiheadAttention(dModel, nhead));
        register_module("multihead_attn", _crossAttn = Tnn.MultiheadAttention(dModel, nhead));
        register_module("linear1", _linear1 = Tnn.Linear(dModel, dimFeedforward));
        register_module("linear2", _linear2 = Tnn.Linear(dimFeedforward, dModel));
        register_module("norm1", _norm1 = Tnn.LayerNorm(dModel));
        register_module("norm2", _norm2 = Tnn.LayerNorm(dModel));
        register_module("norm3", _norm3 = Tnn.LayerNorm(dModel));
    }

    public override TT forward(TT tgt) => throw new NotSupportedException("the decoder layer takes the memory too: call Forward(tgt, memory, tgtMask)");

    public TT Forward(TT tgt, TT memory, TT? tgtMask)
    {
        var x = tgt;
        if (_normFirst)
        {
            x = x + PyTorchAttention.Apply(_selfAttn, _norm1.forward(x), null, tgtMask, _batchFirst);
            x = x + PyTorchAttention.Apply(_crossAttn, _norm2.forward(x), memory, null, _batchFirst);
            return x + FeedForward(_norm3.forward(x));
        }
        x = _norm1.forward(x + PyTorchAttention.Apply(_selfAttn, x, null, tgtMask, _batchFirst));
        x = _norm2.forward(x + PyTorchAttention.Apply(_crossAttn, x, memory, null, _batchFirst));
        return _norm3.forward(x + FeedForward(x));
    }

    private TT FeedForward(TT x) => _linear2.forward(PyTorchAttention.Activation(_activation, _linear1.forward(x)));
}

internal static class PyTorchAttention
{
    /// <summary>
    /// The attention block's output: query x against <paramref name="memory"/> (x itself when null), weights not
    /// asked for; TorchSharp's attention is sequence-first, so batch-first inputs are transposed around it.
    /// </summary>
    public static TT Apply(TorchSharp.Modules.MultiheadAttention attention, TT x, TT? memory, TT? mask, bool batchFirst)
    {
        var kv = memory ?? x;
        if (batchFirst) (x, kv) = (x.transpose(0, 1), kv.transpose(0, 1));
        var output = attention.forward(x, kv, kv, null, false, mask).Item1;
        return batchFirst ? output.transpose(0, 1) : output;
    }

    public static TT Activation(string name, TT x) => name == "gelu" ? torch.nn.functional.gelu(x) : torch.nn.functional.relu(x);
}
