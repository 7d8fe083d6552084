using TorchSharp;
using TorchF = TorchSharp.torch.nn.functional;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>
/// samples/CharGpt's GPT (nanoGPT's, bias-free) in libtorch, written with torch's functional ops over parameters
/// named as the sample's state dict (<c>transformer.h.0.attn.c_attn.weight</c>, ...). The embeddings are looked up
/// with index_select (TorchSharp has no functional embedding); the output projection is the token embedding (tied).
/// </summary>
internal sealed class TorchGpt(GptConfig config, IReadOnlyDictionary<string, TorchSharp.Modules.Parameter> parameters)
{
    private TT P(string name) => parameters[name];

    /// <summary>The mean cross-entropy of the next-token logits for <paramref name="idx"/> [B, T] against <paramref name="targets"/> [B, T].</summary>
    public TT Loss(TT idx, TT targets)
    {
        long b = idx.shape[0], t = idx.shape[1], c = config.NEmbd, hs = c / config.NHead;
        long[] width = [c];
        var wte = P("transformer.wte.weight");
        var x = wte.index_select(0, idx.view(-1)).view(b, t, c) + P("transformer.wpe.weight").index_select(0, torch.arange(t));
        for (int l = 0; l < config.NLayer; l++)
        {
            string h = $"transformer.h.{l}.";
            var qkv = TorchF.linear(TorchF.layer_norm(x, width, P(h + "ln_1.weight")), P(h + "attn.c_attn.weight")).split(c, 2);
            var (q, k, v) = (Heads(qkv[0]), Heads(qkv[1]), Heads(qkv[2]));
            var y = TorchF.scaled_dot_product_attention(q, k, v, null, 0.0, true).transpose(1, 2).contiguous().view(b, t, c);
            x = x + TorchF.linear(y, P(h + "attn.c_proj.weight"));
            var hidden = TorchF.gelu(TorchF.linear(TorchF.layer_norm(x, width, P(h + "ln_2.weight")), P(h + "mlp.c_fc.weight")));
            x = x + TorchF.linear(hidden, P(h + "mlp.c_proj.weight"));
        }
        var logits = TorchF.linear(TorchF.layer_norm(x, width, P("transformer.ln_f.weight")), wte);
        return TorchF.cross_entropy(logits.view(-1, config.VocabSize), targets.view(-1));

        TT Heads(TT z) => z.view(b, t, config.NHead, hs).transpose(1, 2);   // (B, nh, T, hs)
    }
}
