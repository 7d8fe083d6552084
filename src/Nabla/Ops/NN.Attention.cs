using System.Numerics;
using Nabla.Kernels;

namespace Nabla;

// Scaled-dot-product attention as one fused op (Kernels/Attention.cs): memory linear in the sequence
// lengths, the backward recomputing each tile's weights. As PyTorch's CPU flash attention, the op
// records ScaledDotProductFlashAttentionForCpuBackward0, whose backward is not differentiable again.
internal static partial class NNOps
{
    /// <summary>softmax(Q·Kᵀ·scale + mask)·V over the last two dims, with dropout on the weights (see <c>F.ScaledDotProductAttention</c>).</summary>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? attnMask, double dropoutP, bool isCausal, double? scale,
        Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        CheckAttentionShapes(query, key, value);
        if (!(dropoutP >= 0 && dropoutP < 1))
            throw new ArgumentOutOfRangeException(nameof(dropoutP), $"scaled_dot_product_attention: dropout_p must be in [0, 1), but got {dropoutP}");
        if (isCausal && attnMask is not null)
            throw new ArgumentException("scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True");
        CheckNoGradient(attnMask, "attn_mask", "scaled_dot_product_attention");
        int l = query.Size(-2), s = key.Size(-2), e = query.Size(-1), ev = value.Size(-1);
        int[] lead = query.ShapeArray[..^2];
        int bh = ShapeMath.Numel(lead);
        ulong seed = 0;
        if (dropoutP > 0)
        {
            Span<long> draw = stackalloc long[1];
            (generator ?? Generator.Default).FillInt(draw, 0, long.MaxValue);
            seed = (ulong)draw[0];
        }
        var geometry = WithMask(new AttentionGeometry(bh, l, s, e, ev, scale ?? 1 / Math.Sqrt(e), isCausal, dropoutP, seed) { LeadShape = lead },
            attnMask, query, lead, l, s);
        var (q, k, v) = (Dense(query), Dense(key), Dense(value));
        var output = Tensor.Uninitialized(query.DType, [.. lead, l, ev]);
        var lse = Tensor.Uninitialized(query.DType, [bh, l]);
        Dispatch.RunFloat(query.DType, new AttentionForward(q, k, v, output, lse, geometry));
        // The mask is offered as Mask, read by no formula (so never saved), for the trace seam (OpTracer): an exporter writes it into the graph.
        return Derivatives.ScaledDotProductAttention.Record(output, [query, key, value], geometry, (Slot.Result1, lse), (Slot.Mask, attnMask!));
    }

    /// <summary>dQ, dK, dV by the fused backward kernel; recorded (when the backward pass records) as a node that refuses to be differentiated, as PyTorch's.</summary>
    public static Tensor?[] ScaledDotProductAttentionBackward(OpNode<AttentionGeometry> n, Tensor grad)
    {
        var (q, k, v) = (Dense(n[Slot.Query]), Dense(n[Slot.Key]), Dense(n[Slot.Value]));
        var (output, lse) = (n.Result, n[Slot.Result1]);
        var dq = Tensor.Uninitialized(q.DType, q.ShapeArray);
        var dk = Tensor.Uninitialized(k.DType, k.ShapeArray);
        var dv = Tensor.Uninitialized(v.DType, v.ShapeArray);
        Dispatch.RunFloat(q.DType, new AttentionBackwardAction(q, k, v, output, lse, Dense(grad.To(q.DType)), dq, dk, dv, n.Args));
        // Its inputs are everything the gradients depend on, so that any path of a double backward meets the refusal.
        Derivatives.ScaledDotProductAttentionBackward.Record([dq, dk, dv], [grad, n[Slot.Query], n[Slot.Key], n[Slot.Value]], n.Args);
        return [dq, dk, dv];
    }

    private static void CheckAttentionShapes(Tensor query, Tensor key, Tensor value)
    {
        if (query.Dim < 2 || key.Dim != query.Dim || value.Dim != query.Dim)
            throw new ArgumentException($"scaled_dot_product_attention: expected query, key and value of the same rank >= 2 ([..., L, E], [..., S, E], [..., S, Ev]), but got {query.Shape}, {key.Shape} and {value.Shape}");
        CheckFloating(query, "scaled_dot_product_attention");
        CheckSameDType(query, key, "key", "scaled_dot_product_attention");
        CheckSameDType(query, value, "value", "scaled_dot_product_attention");
        bool ok = key.Size(-1) == query.Size(-1) && value.Size(-2) == key.Size(-2);
        for (int d = 0; ok && d < query.Dim - 2; d++) ok = key.ShapeArray[d] == query.ShapeArray[d] && value.ShapeArray[d] == query.ShapeArray[d];
        if (!ok)
            throw new ArgumentException($"scaled_dot_product_attention: shapes do not fit: query {query.Shape}, key {key.Shape} and value {value.Shape} must be [..., L, E], [..., S, E] and [..., S, Ev] with the same leading dims");
    }

    // A bool mask (true: take part) becomes additive (0 or -∞); either is read through broadcast strides.
    private static AttentionGeometry WithMask(AttentionGeometry g, Tensor? attnMask, Tensor query, int[] lead, int l, int s)
    {
        if (attnMask is null) return g;
        int[] full = [.. lead, l, s];
        if (!ShapeMath.SameShape(ShapeMath.Broadcast(attnMask.ShapeArray, full), full))
            throw new ArgumentException($"scaled_dot_product_attention: attn_mask of shape {attnMask.Shape} does not broadcast to the attention weights' shape {ShapeMath.Format(full)}");
        var additive = attnMask.DType == DType.Bool
            ? Compute.Where(attnMask, Tensor.Wrap(0, query.DType), Tensor.Wrap(double.NegativeInfinity, query.DType), query.DType)
            : Compute.Cast(attnMask, query.DType);
        var strides = ShapeMath.BroadcastStrides(additive.ShapeArray, additive.StrideArray, full);
        return g with
        {
            Mask = additive.Storage.Data, MaskOffset = additive.Offset,
            MaskLeadStrides = strides[..^2], MaskRowStride = strides[^2], MaskColStride = strides[^1],
        };
    }

    private readonly struct AttentionForward(Tensor q, Tensor k, Tensor v, Tensor output, Tensor lse, AttentionGeometry g) : IFloatAction
    {
        public void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>
            => Attention.Forward(Flat<T>(q), Flat<T>(k), Flat<T>(v), Flat<T>(output), Flat<T>(lse), g);
    }

    private readonly struct AttentionBackwardAction(Tensor q, Tensor k, Tensor v, Tensor output, Tensor lse, Tensor grad, Tensor dq, Tensor dk, Tensor dv,
        AttentionGeometry g) : IFloatAction
    {
        public void Invoke<T>() where T : unmanaged, IFloatingPointIeee754<T>
            => Attention.Backward(Flat<T>(q), Flat<T>(k), Flat<T>(v), Flat<T>(output), Flat<T>(lse), Flat<T>(grad),
                Flat<T>(dq), Flat<T>(dk), Flat<T>(dv), g);
    }

    // The kernel reads whole arrays from index 0: a contiguous tensor at offset 0 gives its own array.
    private static T[] Flat<T>(Tensor t) where T : unmanaged
        => t.IsContiguous && t.Offset == 0 ? t.Data<T>() : Compute.Clone(t).Data<T>();
}
