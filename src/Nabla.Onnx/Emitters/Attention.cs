using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// scaled_dot_product_attention (inputs [query, key, value], the mask offered as Mask, <c>Args</c>: its
/// <see cref="Kernels.AttentionGeometry"/>) as the composition PyTorch's math path computes:
/// softmax(Q·Kᵀ·scale + mask)·V, with MatMul, Mul, Add (a float mask) or Where (a bool mask, causal
/// masking), Softmax and MatMul. ONNX's own Attention operator needs opset 23.
/// </summary>
internal static class Attention
{
    public static readonly OpMapping ScaledDotProduct = new(c =>
    {
        var g = c.Args<Kernels.AttentionGeometry>();
        if (g.DropoutP > 0)
            throw c.Unsupported($"drops attention weights with probability {g.DropoutP}: dropout is a training-time op. " +
                "Pass dropoutP: 0 when not training (MultiheadAttention does so in evaluation mode, which the exporter sets).");
        var dtype = c.ResultType;
        int rank = c.InputTensor(0).Dim;
        long[] swapLast = [.. Enumerable.Range(0, rank).Select(d => (long)(d == rank - 2 ? rank - 1 : d == rank - 1 ? rank - 2 : d))];
        string keysT = c.Node("Transpose", [c.Input(1)], OnnxAttribute.Of("perm", swapLast));
        string scores = c.Node("Mul", [c.Node("MatMul", [c.Input(0), keysT]), c.Scalar(g.Scale, dtype)]);
        var mask = c.Saved(Slot.Mask);
        if (!mask.IsMissing)
            scores = c.DTypeOf(mask) == DType.Bool
                ? c.Node("Where", [c.Value(mask, "the mask"), scores, c.Scalar(double.NegativeInfinity, dtype)])   // true takes part
                : c.Node("Add", [scores, c.ValueAs(mask, dtype, "the mask")]);
        if (g.Causal)   // query i sees keys j ≤ i: the lower triangle of an [L, S] matrix
            scores = c.Node("Where", [c.Constant(Tensor.Ones([g.L, g.S], DType.Bool).Tril()), scores, c.Scalar(double.NegativeInfinity, dtype)]);
        string weights = c.Node("Softmax", [scores], OnnxAttribute.Of("axis", -1L));
        c.Bind(c.Node("MatMul", [weights, c.Input(2)]));
    }, OpMapping.InputsAnd(Slot.Mask));
}
