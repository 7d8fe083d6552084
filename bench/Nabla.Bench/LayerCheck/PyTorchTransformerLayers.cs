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
internal sealed class PyTorchEncoderLayer : PyTorchTransformerLayer
{
    private readonly TorchSharp.Modules.MultiheadAttention _selfAttn;
    private readonly TorchSharp.Modules.LayerNorm _norm1, _norm2;

    public PyTorchEncoderLayer(long dModel, long nhead, long dimFeedforward, string activation, bool normFirst, bool batchFirst)
        : base("TransformerEncoderLayer", dModel, dimFeedforward, activation, normFirst, batchFirst)
    {
        register_module("self_attn", _selfAttn = Tnn.MultiheadAttention(dModel, nhead));
        register_module("norm1", _norm1 = Tnn.LayerNorm(dModel));
        register_module("norm2", _norm2 = Tnn.LayerNorm(dModel));
    }

    public override TT forward(TT src) => Forward(src, null);

    public TT Forward(TT src, TT? srcMask)
    {
        var x = src;
        if (NormFirst)
        {
            x = x + Attend(_selfAttn, _norm1.forward(x), null, srcMask);
            return x + FeedForward(_norm2.forward(x));
        }
        x = _norm1.forward(x + Attend(_selfAttn, x, null, srcMask));
        return _norm2.forward(x + FeedForward(x));
    }
}

/// <summary>PyTorch's Tnn.TransformerDecoderLayer composed the same way (self_attn, multihead_attn, linear1/2, norm1/2/3).</summary>
internal sealed class PyTorchDecoderLayer : PyTorchTransformerLayer
{
    private readonly TorchSharp.Modules.MultiheadAttention _selfAttn, _crossAttn;
    private readonly TorchSharp.Modules.LayerNorm _norm1, _norm2, _norm3;

    public PyTorchDecoderLayer(long dModel, long nhead, long dimFeedforward, string activation, bool normFirst, bool batchFirst)
        : base("TransformerDecoderLayer", dModel, dimFeedforward, activation, normFirst, batchFirst)
    {
        register_module("self_attn", _selfAttn = Tnn.MultiheadAttention(dModel, nhead));
        register_module("multihead_attn", _crossAttn = Tnn.MultiheadAttention(dModel, nhead));
        register_module("norm1", _norm1 = Tnn.LayerNorm(dModel));
        register_module("norm2", _norm2 = Tnn.LayerNorm(dModel));
        register_module("norm3", _norm3 = Tnn.LayerNorm(dModel));
    }

    public override TT forward(TT tgt) => throw new NotSupportedException("the decoder layer takes the memory too: call Forward(tgt, memory, tgtMask)");

    public TT Forward(TT tgt, TT memory, TT? tgtMask)
    {
        var x = tgt;
        if (NormFirst)
        {
            x = x + Attend(_selfAttn, _norm1.forward(x), null, tgtMask);
            x = x + Attend(_crossAttn, _norm2.forward(x), memory, null);
            return x + FeedForward(_norm3.forward(x));
        }
        x = _norm1.forward(x + Attend(_selfAttn, x, null, tgtMask));
        x = _norm2.forward(x + Attend(_crossAttn, x, memory, null));
        return _norm3.forward(x + FeedForward(x));
    }
}

/// <summary>What both layers share: the feed-forward block (linear1, activation, linear2) and the attention block.</summary>
internal abstract class PyTorchTransformerLayer : Tnn.Module<TT, TT>
{
    private readonly TorchSharp.Modules.Linear _linear1, _linear2;
    private readonly string _activation;
    private readonly bool _batchFirst;

    protected PyTorchTransformerLayer(string name, long dModel, long dimFeedforward, string activation, bool normFirst, bool batchFirst) : base(name)
    {
        (_activation, NormFirst, _batchFirst) = (activation, normFirst, batchFirst);
        register_module("linear1", _linear1 = Tnn.Linear(dModel, dimFeedforward));
        register_module("linear2", _linear2 = Tnn.Linear(dimFeedforward, dModel));
    }

    protected bool NormFirst { get; }

    protected TT FeedForward(TT x)
    {
        var hidden = _linear1.forward(x);
        return _linear2.forward(_activation == "gelu" ? torch.nn.functional.gelu(hidden) : torch.nn.functional.relu(hidden));
    }

    /// <summary>
    /// The attention block's output: query x against <paramref name="memory"/> (x itself when null), weights not
    /// asked for; TorchSharp's attention is sequence-first, so batch-first inputs are transposed around it.
    /// </summary>
    protected TT Attend(TorchSharp.Modules.MultiheadAttention attention, TT x, TT? memory, TT? mask)
    {
        var kv = memory ?? x;
        if (_batchFirst) (x, kv) = (x.transpose(0, 1), kv.transpose(0, 1));
        var output = attention.forward(x, kv, kv, null, false, mask).Item1;
        return _batchFirst ? output.transpose(0, 1) : output;
    }
}
