using Nabla.Onnx.Export;
using Nabla.Onnx.Model;
using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Matrix products: Gemm for mm and addmm (Linear's ops), MatMul for the batched and vector products, and
/// MatMul with Mul and Add (ReduceSum over the batch for addbmm) for baddbmm, addbmm and addmv.
/// </summary>
internal static class MatrixProducts
{
    /// <summary>
    /// addmm (bias + mat1·mat2, inputs [bias, mat1, mat2]) or mm (inputs [mat1, mat2]) as Gemm. Linear
    /// multiplies by <c>weight.T</c>: Gemm reads the weight itself with transB = 1, as PyTorch exports it.
    /// </summary>
    public static OpMapping Gemm(bool withBias) => new(c =>
    {
        int first = withBias ? 1 : 0;
        var mat2 = c.Op.Inputs[first + 1];
        var weight = Untransposed(mat2, c.Ops);
        var dtype = c.ResultType;
        string[] inputs = [c.Input(first, dtype), c.ValueAs(weight, dtype, "mat2")];
        if (withBias) inputs = [.. inputs, c.Input(0, dtype)];
        c.Bind(c.Node("Gemm", inputs, OnnxAttribute.Of("transB", weight.Equals(mat2) ? 0L : 1L)));
    }, (op, ops) => [.. op.Inputs[..^1], Untransposed(op.Inputs[^1], ops)]);

    /// <summary>bmm, dot and mv: MatMul (numpy's matmul: 1-d operands are vectors, as in Nabla).</summary>
    public static readonly OpMapping MatMul = Elementwise.Binary("MatMul");

    /// <summary>
    /// baddbmm, addbmm (the batch's products summed) and addmv (inputs [self, batch1 or mat, batch2 or vec]; <c>Args</c>: β, α):
    /// β·self + α·product, as Nabla sums them (β = 0 ignores self, NaN included; integer factors are truncated).
    /// </summary>
    public static OpMapping AddProduct(bool sumBatches) => new(c =>
    {
        var (beta, alpha) = c.Args<(double Beta, double Alpha)>();
        var dtype = c.ResultType;
        string Factor(double value) => c.Scalar(dtype.IsFloatingPoint() ? value : Math.Truncate(value), dtype);
        string sum = c.Node("MatMul", [c.Input(1, dtype), c.Input(2, dtype)]);
        if (sumBatches) sum = c.Node("ReduceSum", [sum, c.Ints(0)], OnnxAttribute.Of("keepdims", 0L));
        if (alpha != 1) sum = c.Node("Mul", [sum, Factor(alpha)]);
        if (beta != 0) sum = c.Node("Add", [beta == 1 ? c.Input(0, dtype) : c.Node("Mul", [c.Input(0, dtype), Factor(beta)]), sum]);
        c.Bind(sum);
    });

    // The matrix whose x.T made mat2, or mat2 itself. (T of a 0-d or 1-d tensor is no transpose.)
    private static ValueRef Untransposed(ValueRef mat2, IReadOnlyList<TracedOp> ops)
        => mat2.IsOpOutput && ops[mat2.Op] is { Name: "TBackward0" } t && t.InputTensors[0]!.Dim == 2 ? t.Inputs[0] : mat2;
}
