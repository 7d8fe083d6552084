namespace Nabla.NN;

/// <summary>
/// Multi-head attention, like <c>torch.nn.MultiheadAttention</c>: the query, key and value are
/// projected (parameters <c>in_proj_weight</c> [3E, E] and <c>in_proj_bias</c>, or
/// <c>q_proj_weight</c>, <c>k_proj_weight</c>, <c>v_proj_weight</c> when the key and value widths
/// differ from E), split into heads, attended with <see cref="F.ScaledDotProductAttention"/>, and
/// projected back by <c>out_proj</c>. State-dict keys and initialisation are PyTorch's, so weights
/// move both ways.
/// </summary>
/// <example><code>
/// var mha = new MultiheadAttention(embedDim: 32, numHeads: 4, batchFirst: true);
/// var (attnOut, attnWeights) = mha.Forward(q, k, v, attnMask: null, needWeights: true);
/// </code></example>
public sealed class MultiheadAttention : Module
{
    private readonly Generator? _generator;

    /// <summary>
    /// Attention of width <paramref name="embedDim"/> split over <paramref name="numHeads"/> heads;
    /// <paramref name="kdim"/> and <paramref name="vdim"/> default to the embedding width.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="embedDim"/> is not divisible by <paramref name="numHeads"/>.</exception>
    public MultiheadAttention(int embedDim, int numHeads, double dropout = 0.0, bool bias = true, int? kdim = null, int? vdim = null,
        bool batchFirst = false, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embedDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numHeads);
        if (embedDim % numHeads != 0) throw new ArgumentException($"embed_dim must be divisible by num_heads (embed_dim={embedDim}, num_heads={numHeads})");
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), $"dropout probability has to be in [0, 1), but got {dropout}");
        (EmbedDim, NumHeads, Dropout, BatchFirst, KDim, VDim) = (embedDim, numHeads, dropout, batchFirst, kdim ?? embedDim, vdim ?? embedDim);
        _generator = generator;
        if (KDim == EmbedDim && VDim == EmbedDim)
            InProjWeight = RegisterParameter("in_proj_weight", new Parameter(Tensor.Empty([3 * embedDim, embedDim])));
        else
        {
            QProjWeight = RegisterParameter("q_proj_weight", new Parameter(Tensor.Empty([embedDim, embedDim])));
            KProjWeight = RegisterParameter("k_proj_weight", new Parameter(Tensor.Empty([embedDim, KDim])));
            VProjWeight = RegisterParameter("v_proj_weight", new Parameter(Tensor.Empty([embedDim, VDim])));
        }
        InProjBias = bias ? RegisterParameter("in_proj_bias", new Parameter(Tensor.Empty([3 * embedDim]))) : null;
        OutProj = RegisterModule("out_proj", new Linear(embedDim, embedDim, bias, generator));
        ResetParameters();
    }

    /// <summary>The model width E.</summary>
    public int EmbedDim { get; }

    /// <summary>The number of heads; each has width E / heads.</summary>
    public int NumHeads { get; }

    /// <summary>The width of the keys.</summary>
    public int KDim { get; }

    /// <summary>The width of the values.</summary>
    public int VDim { get; }

    /// <summary>Dropout on the attention weights in training mode.</summary>
    public double Dropout { get; }

    /// <summary>Whether inputs and outputs are [batch, sequence, feature] (else [sequence, batch, feature]).</summary>
    public bool BatchFirst { get; }

    /// <summary>The packed query, key and value projection [3E, E], when all widths are E.</summary>
    public Parameter? InProjWeight { get; }

    /// <summary>The query projection [E, E], when the key or value width differs from E.</summary>
    public Parameter? QProjWeight { get; }

    /// <summary>The key projection [E, kdim], when the key or value width differs from E.</summary>
    public Parameter? KProjWeight { get; }

    /// <summary>The value projection [E, vdim], when the key or value width differs from E.</summary>
    public Parameter? VProjWeight { get; }

    /// <summary>The packed projections' bias [3E], or null without bias.</summary>
    public Parameter? InProjBias { get; }

    /// <summary>The output projection (E to E).</summary>
    public Linear OutProj { get; }

    /// <summary>PyTorch's initialisation: Xavier-uniform projections, zero biases, out_proj as a Linear's weight.</summary>
    public void ResetParameters()
    {
        using var noGrad = Autograd.NoGrad();
        foreach (var w in new[] { InProjWeight, QProjWeight, KProjWeight, VProjWeight }.OfType<Parameter>()) Init.XavierUniform(w, generator: _generator);
        if (InProjBias is not null) Init.Zeros(InProjBias);
        if (OutProj.Bias is not null) Init.Zeros(OutProj.Bias);
    }

    /// <summary>
    /// Attends <paramref name="query"/> [N, L, E] (or [L, N, E] without <see cref="BatchFirst"/>, or
    /// unbatched [L, E]) to <paramref name="key"/> and <paramref name="value"/> [N, S, kdim/vdim],
    /// like <c>mha(query, key, value, ...)</c>. <paramref name="keyPaddingMask"/> [N, S] marks keys to
    /// ignore (bool: true; float: added); <paramref name="attnMask"/> [L, S] or [N·heads, L, S] marks
    /// positions not to attend (bool: true; float: added), as PyTorch's module does (the opposite of
    /// <see cref="F.ScaledDotProductAttention"/>'s bool mask). <paramref name="isCausal"/> masks later
    /// keys when no mask is given. With <paramref name="needWeights"/> the weights are returned too,
    /// averaged over heads when <paramref name="averageAttnWeights"/>; otherwise the fused attention runs.
    /// </summary>
    /// <returns>The output [N, L, E] (or [L, N, E]) and, with <paramref name="needWeights"/>, the weights [N, L, S] (per head: [N, heads, L, S]).</returns>
    /// <exception cref="ArgumentException">When shapes or masks do not fit.</exception>
    public (Tensor AttnOutput, Tensor? AttnWeights) Forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null, bool needWeights = true,
        Tensor? attnMask = null, bool averageAttnWeights = true, bool isCausal = false)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        bool unbatched = query.Dim == 2;
        if (query.Dim is not (2 or 3) || key.Dim != query.Dim || value.Dim != query.Dim)
            throw new ArgumentException($"MultiheadAttention: expected query, key and value of 3 dims (or 2, unbatched), but got {query.Shape}, {key.Shape} and {value.Shape}");
        // To [N, L, E] (batch first, batched) for the computation.
        Tensor Batched(Tensor t) => unbatched ? t.Unsqueeze(0) : BatchFirst ? t : t.Transpose(0, 1);
        var (q, k, v) = (Batched(query), Batched(key), Batched(value));
        int n = q.Size(0), l = q.Size(1), s = k.Size(1), headDim = EmbedDim / NumHeads;
        if (q.Size(2) != EmbedDim || k.Size(2) != KDim || v.Size(2) != VDim || k.Size(0) != n || v.Size(0) != n || v.Size(1) != s)
            throw new ArgumentException($"MultiheadAttention: query {query.Shape}, key {key.Shape} and value {value.Shape} do not fit embed_dim={EmbedDim}, kdim={KDim}, vdim={VDim}{(BatchFirst ? " (batch first)" : "")}");
        var (qp, kp, vp) = Project(q, k, v);
        // [N, L, E] to [N, heads, L, headDim].
        Tensor Heads(Tensor t, int length) => t.Reshape(n, length, NumHeads, headDim).Transpose(1, 2);
        var mask = MergeMasks(attnMask, keyPaddingMask, n, l, s, unbatched, q.DType);
        double p = Training ? Dropout : 0.0;
        Tensor attended;
        Tensor? weights = null;
        if (needWeights)
            (attended, weights) = AttendWithWeights(Heads(qp, l), Heads(kp, s), Heads(vp, s), mask, isCausal && mask is null, p, averageAttnWeights);
        else
            attended = F.ScaledDotProductAttention(Heads(qp, l), Heads(kp, s), Heads(vp, s), mask, p, isCausal && mask is null, generator: _generator);
        var output = OutProj.Forward(attended.Transpose(1, 2).Reshape(n, l, EmbedDim));
        output = unbatched ? output.Squeeze(0) : BatchFirst ? output : output.Transpose(0, 1);
        if (unbatched && weights is not null) weights = weights.Squeeze(0);
        return (output, weights);
    }

    // The three projections: one product with the packed weight, or three with separate ones.
    private (Tensor Q, Tensor K, Tensor V) Project(Tensor q, Tensor k, Tensor v)
    {
        Tensor? Bias(int i) => InProjBias?.Narrow(0, i * EmbedDim, EmbedDim);
        if (InProjWeight is { } w)
            return (F.Linear(q, w.Narrow(0, 0, EmbedDim), Bias(0)), F.Linear(k, w.Narrow(0, EmbedDim, EmbedDim), Bias(1)),
                F.Linear(v, w.Narrow(0, 2 * EmbedDim, EmbedDim), Bias(2)));
        return (F.Linear(q, QProjWeight!, Bias(0)), F.Linear(k, KProjWeight!, Bias(1)), F.Linear(v, VProjWeight!, Bias(2)));
    }

    // One mask for F.ScaledDotProductAttention ([N, heads, L, S] or broadcastable; bool: true takes part),
    // from the module's masks (bool: true is masked out; float: added).
    private Tensor? MergeMasks(Tensor? attnMask, Tensor? keyPaddingMask, int n, int l, int s, bool unbatched, DType dtype)
    {
        Tensor? merged = null;
        if (attnMask is not null)
        {
            var shaped = attnMask.Dim switch
            {
                2 when attnMask.Size(0) == l && attnMask.Size(1) == s => attnMask.View(1, 1, l, s),
                3 when attnMask.Size(0) == n * NumHeads && attnMask.Size(1) == l && attnMask.Size(2) == s => attnMask.View(n, NumHeads, l, s),
                _ => throw new ArgumentException($"MultiheadAttention: attn_mask should be [{l}, {s}] or [{n * NumHeads}, {l}, {s}], but got {attnMask.Shape}"),
            };
            merged = Additive(shaped, dtype);
        }
        if (keyPaddingMask is not null)
        {
            int[] expected = unbatched ? [s] : [n, s];
            if (!keyPaddingMask.Shape.AsSpan().SequenceEqual(expected))
                throw new ArgumentException($"MultiheadAttention: key_padding_mask should be {ShapeMath.Format(expected)}, but got {keyPaddingMask.Shape}");
            var padding = Additive(keyPaddingMask.Reshape(n, 1, 1, s), dtype);
            merged = merged is null ? padding : merged + padding;
        }
        return merged;
    }

    // PyTorch's module converts a bool mask (true: masked out) to -∞ where true, 0 elsewhere. masked_fill reads the
    // mask itself (no untraced LogicalNot in between), so that an ONNX export follows it back to the buffer it came from.
    private static Tensor Additive(Tensor mask, DType dtype) => mask.DType == DType.Bool
        ? Tensor.Zeros([], dtype).MaskedFill(mask, double.NegativeInfinity)
        : mask.To(dtype);

    // The weights are wanted: compose the attention from ops (as PyTorch's math path does) and keep them.
    private (Tensor Output, Tensor Weights) AttendWithWeights(Tensor q, Tensor k, Tensor v, Tensor? mask, bool causal, double p, bool average)
    {
        var scores = q.MatMul(k.MT) * (1 / Math.Sqrt(q.Size(-1)));
        if (mask is not null) scores = scores + mask;
        if (causal)
        {
            int l = q.Size(-2), s = k.Size(-2);
            scores = scores.Where(Tensor.Ones([l, s], DType.Bool).Tril(), double.NegativeInfinity);
        }
        var weights = scores.Softmax(-1);
        var output = F.Dropout(weights, p, training: p > 0, _generator).MatMul(v);
        return (output, average ? weights.Mean(1) : weights);
    }

    /// <inheritdoc/>
    protected override string? ForwardUsage => "MultiheadAttention.Forward(query, key, value, ...) returns (AttnOutput, AttnWeights)";

    /// <inheritdoc/>
    protected override string ExtraRepr() => "";
}
