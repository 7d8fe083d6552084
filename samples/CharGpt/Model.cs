// The GPT of nanoGPT's model.py, module for module and name for name, so that its state dict keys
// (transformer.h.0.attn.c_attn.weight, ...) are nanoGPT's and a checkpoint moves between the two.
using Nabla;
using Nabla.NN;
using Nabla.Optim;

/// <summary>nanoGPT's <c>GPTConfig</c>; the defaults are its CPU configuration for tiny Shakespeare (train.py's bias=False).</summary>
public sealed record GptConfig(int VocabSize, int BlockSize = 64, int NLayer = 4, int NHead = 4, int NEmbd = 128, double Dropout = 0.0, bool Bias = false);

/// <summary>Multi-head causal self-attention: one projection to q, k, v, the fused attention, one projection back.</summary>
public sealed class CausalSelfAttention : Module
{
    private readonly Linear _cAttn, _cProj;
    private readonly Dropout _residDropout;
    private readonly int _nHead;
    private readonly double _dropout;

    /// <summary>The attention of one block.</summary>
    public CausalSelfAttention(GptConfig config)
    {
        if (config.NEmbd % config.NHead != 0) throw new ArgumentException($"n_embd {config.NEmbd} is not divisible by n_head {config.NHead}", nameof(config));
        _cAttn = RegisterModule("c_attn", new Linear(config.NEmbd, 3 * config.NEmbd, config.Bias));   // key, query, value for all heads
        _cProj = RegisterModule("c_proj", new Linear(config.NEmbd, config.NEmbd, config.Bias));
        _residDropout = RegisterModule("resid_dropout", new Dropout(config.Dropout));
        (_nHead, _dropout) = (config.NHead, config.Dropout);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        int b = x.Size(0), t = x.Size(1), c = x.Size(2);   // batch, sequence length, embedding width
        var qkv = _cAttn.Forward(x).Split(c, dim: 2);
        var q = qkv[0].View(b, t, _nHead, c / _nHead).Transpose(1, 2);   // (B, nh, T, hs)
        var k = qkv[1].View(b, t, _nHead, c / _nHead).Transpose(1, 2);
        var v = qkv[2].View(b, t, _nHead, c / _nHead).Transpose(1, 2);
        var y = F.ScaledDotProductAttention(q, k, v, dropoutP: Training ? _dropout : 0, isCausal: true);
        y = y.Transpose(1, 2).Contiguous().View(b, t, c);   // the heads side by side again
        return _residDropout.Forward(_cProj.Forward(y));
    }
}

/// <summary>The feed-forward half of a block: width ×4, GELU, back.</summary>
public sealed class Mlp : Module
{
    private readonly Linear _cFc, _cProj;
    private readonly Gelu _gelu;
    private readonly Dropout _dropout;

    /// <summary>The MLP of one block.</summary>
    public Mlp(GptConfig config)
    {
        _cFc = RegisterModule("c_fc", new Linear(config.NEmbd, 4 * config.NEmbd, config.Bias));
        _gelu = RegisterModule("gelu", new Gelu());
        _cProj = RegisterModule("c_proj", new Linear(4 * config.NEmbd, config.NEmbd, config.Bias));
        _dropout = RegisterModule("dropout", new Dropout(config.Dropout));
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => _dropout.Forward(_cProj.Forward(_gelu.Forward(_cFc.Forward(x))));
}

/// <summary>A pre-norm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
public sealed class Block : Module
{
    private readonly LayerNorm _ln1, _ln2;
    private readonly CausalSelfAttention _attn;
    private readonly Mlp _mlp;

    /// <summary>One block.</summary>
    public Block(GptConfig config)
    {
        _ln1 = RegisterModule("ln_1", new LayerNorm(config.NEmbd, bias: config.Bias));
        _attn = RegisterModule("attn", new CausalSelfAttention(config));
        _ln2 = RegisterModule("ln_2", new LayerNorm(config.NEmbd, bias: config.Bias));
        _mlp = RegisterModule("mlp", new Mlp(config));
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        x = x + _attn.Forward(_ln1.Forward(x));
        return x + _mlp.Forward(_ln2.Forward(x));
    }
}

/// <summary>
/// The language model: token and position embeddings, the blocks, a final layer norm and the output
/// projection <c>lm_head</c>, whose weight is the token embedding's (weight tying).
/// </summary>
public sealed class Gpt : Module
{
    private readonly Embedding _wte, _wpe;
    private readonly Dropout _drop;
    private readonly ModuleList _h;
    private readonly LayerNorm _lnF;
    private readonly Linear _lmHead;

    /// <summary>A model initialised as nanoGPT's: N(0, 0.02) weights, zero biases, and the residual projections scaled down by √(2·n_layer).</summary>
    public Gpt(GptConfig config, Generator generator)
    {
        Config = config;
        _wte = new Embedding(config.VocabSize, config.NEmbd);
        _wpe = new Embedding(config.BlockSize, config.NEmbd);
        _drop = new Dropout(config.Dropout);
        _h = new ModuleList(Enumerable.Range(0, config.NLayer).Select(_ => new Block(config)));
        _lnF = new LayerNorm(config.NEmbd, bias: config.Bias);
        RegisterModule("transformer", new ModuleDict { ["wte"] = _wte, ["wpe"] = _wpe, ["drop"] = _drop, ["h"] = _h, ["ln_f"] = _lnF });
        _lmHead = RegisterModule("lm_head", new Linear(config.NEmbd, config.VocabSize, bias: false));
        _lmHead.Weight = _wte.Weight;   // one matrix, saved under both names (nanoGPT: wte.weight = lm_head.weight)

        Apply(module => InitWeights(module, generator));
        foreach (var (name, p) in NamedParameters())
            if (name.EndsWith("c_proj.weight", StringComparison.Ordinal))   // GPT-2's scaled init of the residual projections
                Init.Normal(p, mean: 0, std: 0.02 / Math.Sqrt(2 * config.NLayer), generator: generator);
    }

    /// <summary>The configuration the model was built with.</summary>
    public GptConfig Config { get; }

    /// <summary>The number of parameters without the position embeddings, as nanoGPT counts them (the tied matrix once).</summary>
    public long NumParams => Parameters().Sum(p => p.Numel) - _wpe.Weight.Numel;

    private static void InitWeights(Module module, Generator generator)
    {
        if (module is Linear linear)
        {
            Init.Normal(linear.Weight, mean: 0, std: 0.02, generator: generator);
            if (linear.Bias is { } bias) Init.Zeros(bias);
        }
        else if (module is Embedding embedding)
            Init.Normal(embedding.Weight, mean: 0, std: 0.02, generator: generator);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor idx) => Forward(idx, targets: null).Logits;

    /// <summary>
    /// Logits for the token ids <paramref name="idx"/> [B, T]: at every position with <paramref name="targets"/>
    /// [B, T] (and their cross-entropy as <c>Loss</c>), at the last position only [B, 1, vocab] without, as nanoGPT.
    /// </summary>
    public (Tensor Logits, Tensor? Loss) Forward(Tensor idx, Tensor? targets)
    {
        int t = idx.Size(1);
        if (t > Config.BlockSize) throw new ArgumentException($"Cannot forward sequence of length {t}, block size is only {Config.BlockSize}", nameof(idx));
        var pos = Tensor.Arange(0, t);
        var x = _drop.Forward(_wte.Forward(idx) + _wpe.Forward(pos));   // [B, T, C] + [T, C]
        foreach (var block in _h) x = block.Forward(x);
        x = _lnF.Forward(x);
        if (targets is null) return (_lmHead.Forward(x.Narrow(1, t - 1, 1)), null);   // inference: only the last position is needed
        var logits = _lmHead.Forward(x);
        return (logits, F.CrossEntropy(logits.View(-1, logits.Size(-1)), targets.View(-1), ignoreIndex: -1));
    }

    /// <summary>
    /// nanoGPT's <c>configure_optimizers</c>: AdamW with weight decay on the matrices (every parameter of 2 or
    /// more dims: the embeddings and the linear weights) and none on the vectors (layer norms, biases).
    /// </summary>
    public AdamW ConfigureOptimizers(double weightDecay, double learningRate, (double Beta1, double Beta2) betas)
    {
        var decay = Parameters().Where(p => p.Dim >= 2).ToArray();
        var noDecay = Parameters().Where(p => p.Dim < 2).ToArray();
        var optimizer = new AdamW(decay, lr: learningRate, beta1: betas.Beta1, beta2: betas.Beta2, weightDecay: weightDecay);
        if (noDecay.Length > 0) optimizer.AddParamGroup(new ParamGroup(noDecay) { ["weight_decay"] = 0 });
        return optimizer;
    }

    /// <summary>
    /// Appends <paramref name="maxNewTokens"/> tokens to <paramref name="idx"/> [B, T], each drawn from the
    /// model's distribution at <paramref name="temperature"/>, restricted to the <paramref name="topK"/> likeliest
    /// tokens when given, like nanoGPT's <c>generate</c>.
    /// </summary>
    public Tensor Generate(Tensor idx, int maxNewTokens, double temperature = 1.0, int? topK = null, Generator? generator = null)
    {
        using var noGrad = Autograd.NoGrad();
        for (int i = 0; i < maxNewTokens; i++)
        {
            int t = idx.Size(1);
            var context = t <= Config.BlockSize ? idx : idx.Narrow(1, t - Config.BlockSize, Config.BlockSize);   // the last block_size tokens
            var logits = Forward(context, targets: null).Logits.Select(1, 0) / temperature;   // [B, vocab]
            if (topK is int k) logits = KeepTopK(logits, Math.Min(k, logits.Size(-1)));
            var probs = logits.Softmax(-1);
            var next = Tensor.Multinomial(probs, numSamples: 1, generator: generator);
            idx = Tensor.Cat([idx, next], dim: 1);
        }
        return idx;
    }

    /// <summary>Sets every logit below the k-th largest of its row to -∞ (nanoGPT: <c>logits[logits &lt; v[:, [-1]]] = -inf</c>).</summary>
    private static Tensor KeepTopK(Tensor logits, int k)
    {
        var (v, _) = logits.TopK(k);
        return logits.MaskedFill(logits.Lt(v.Narrow(1, k - 1, 1)), double.NegativeInfinity);
    }
}
