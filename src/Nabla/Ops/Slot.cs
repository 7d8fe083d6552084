namespace Nabla;

/// <summary>
/// The names by which a derivative formula reads an op's inputs and saved values: the argument and
/// result names of PyTorch's <c>derivatives.yaml</c> (<c>self</c>, <c>other</c>, <c>mat2</c>,
/// <c>result</c>, <c>indices</c>...). Flags, so that a formula declares everything it reads as one
/// value (<c>Self | Other</c>) and a node saves exactly what the formulas of the inputs that need a
/// gradient will read (PyTorch's codegen does the same from the formulas' text).
/// </summary>
[Flags]
internal enum Slot : ulong
{
    /// <summary>Reads nothing saved.</summary>
    None = 0,

    /// <summary>The first input (<c>self</c>).</summary>
    Self = 1UL << 0,
    /// <summary>The second operand of a binary op (<c>other</c>).</summary>
    Other = 1UL << 1,
    /// <summary>The (first) output.</summary>
    Result = 1UL << 2,
    /// <summary>The second output (a multi-output op).</summary>
    Result1 = 1UL << 3,
    /// <summary>The third output.</summary>
    Result2 = 1UL << 4,

    /// <summary>The input of an nn op (<c>input</c> in conv, norms, losses).</summary>
    Input = 1UL << 5,
    /// <summary>A weight operand (conv, norms, losses, lerp).</summary>
    Weight = 1UL << 6,
    /// <summary>A bias operand.</summary>
    Bias = 1UL << 7,
    /// <summary>A loss's target.</summary>
    Target = 1UL << 8,
    /// <summary>binary_cross_entropy_with_logits's weight of the positive term.</summary>
    PosWeight = 1UL << 21,

    /// <summary>The first matrix of a product (addmm, addbmm).</summary>
    Mat1 = 1UL << 9,
    /// <summary>The second matrix of a product (mm, addmm).</summary>
    Mat2 = 1UL << 10,
    /// <summary>A vector operand (mv, addmv).</summary>
    Vec = 1UL << 11,
    /// <summary>The first operand of a batched product (baddbmm).</summary>
    Batch1 = 1UL << 12,
    /// <summary>The second operand of a batched product.</summary>
    Batch2 = 1UL << 13,
    /// <summary>The first factor of addcmul / addcdiv.</summary>
    Tensor1 = 1UL << 14,
    /// <summary>The second factor of addcmul / addcdiv.</summary>
    Tensor2 = 1UL << 15,
    /// <summary>lerp's end point.</summary>
    End = 1UL << 16,
    /// <summary>A tensor written into another (scatter's src, index_add's source, masked_scatter's source, index_put's values).</summary>
    Source = 1UL << 17,

    /// <summary>An int64 index operand (gather, scatter, index_select, embedding).</summary>
    Index = 1UL << 18,
    /// <summary>The positions a reduction or pooling picked (max(dim), sort, topk, max_pool).</summary>
    Indices = 1UL << 19,
    /// <summary>A bool mask (masked_fill, masked_select, where's condition, dropout's kept elements).</summary>
    Mask = 1UL << 20,

    // High bits, so that other themes adding names at 22, 23... do not collide in a merge.
    /// <summary>normal's mean.</summary>
    Mean = 1UL << 40,
    /// <summary>normal's standard deviation.</summary>
    Std = 1UL << 41,
    /// <summary>Attention's queries.</summary>
    Query = 1UL << 42,
    /// <summary>Attention's keys.</summary>
    Key = 1UL << 43,
    /// <summary>Attention's values.</summary>
    Value = 1UL << 44,

    // Linear algebra (issue 10 part 2).
    /// <summary>The matrix of addmv (<c>mat</c>).</summary>
    Mat = 1UL << 48,

    // The fused recurrent cells (issue 11), at bits of their own so that other themes' additions do not collide in a merge.
    /// <summary>A recurrent cell's input-to-hidden gate pre-activations (<c>input_gates</c>).</summary>
    InputGates = 1UL << 36,
    /// <summary>A recurrent cell's hidden-to-hidden gate pre-activations (<c>hidden_gates</c>).</summary>
    HiddenGates = 1UL << 37,
    /// <summary>An LSTM cell's previous cell state (<c>cx</c>).</summary>
    Cx = 1UL << 38,
    /// <summary>A GRU cell's previous hidden state (<c>hx</c>).</summary>
    Hx = 1UL << 39,

    // Issue 11's layers, each theme at bits of its own so that merges do not collide:
    // normalisation/activations/embeddings 49-52, convolutions/pooling 53-56, losses 57-60.
    /// <summary>embedding_bag's weight of each looked-up row in its bag's sum (<c>per_sample_weights</c>).</summary>
    PerSampleWeights = 1UL << 49,
    /// <summary>ctc_loss's log-probabilities [T, N, C] (<c>log_probs</c>).</summary>
    LogProbs = 1UL << 57,

    // For exporters (Nabla.Onnx), at a bit of its own: no formula reads it, so a node never keeps it.
    /// <summary>An index tensor as the caller gave it (before negative positions were wrapped or a mask turned into positions), offered to the trace.</summary>
    GivenIndex = 1UL << 61,
}
