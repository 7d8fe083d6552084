using Nabla.Kernels;

namespace Nabla.NN;

// The affine layer y = x·Wᵀ + b, through PyTorch's fused addmm where PyTorch uses it.
public static partial class F
{
    /// <summary>
    /// x·Wᵀ + b over the last dim of <paramref name="input"/> [*, in], with <paramref name="weight"/>
    /// [out, in] and an optional <paramref name="bias"/> [out], like <c>F.linear</c>. A 2-d input with
    /// a bias records <c>AddmmBackward0</c> (its inputs: the bias, the input and <c>Wᵀ</c>), as PyTorch does.
    /// </summary>
    /// <exception cref="ArgumentException">When the input's last dim is not the weight's second, or the bias is not [out].</exception>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Dim != 2 || input.Dim == 0 || input.Size(-1) != weight.Size(1))
            throw new ArgumentException($"linear: mat1 and mat2 shapes cannot be multiplied: input {input.Shape} and weight {weight.Shape} (expected input [*, in] and weight [out, in])");
        if (bias is not null && (bias.Dim != 1 || bias.Size(0) != weight.Size(0)))
            throw new ArgumentException($"linear: expected bias of shape [{weight.Size(0)}] for weight {weight.Shape}, but got bias of shape {bias.Shape}");
        if (input.Dim == 2) return bias is null ? input.Mm(weight.T) : Addmm(bias, input, weight.T);
        // Other ranks fold their leading dims into one, as PyTorch's linear does for a 3-d input.
        var flat = input.Reshape(-1, input.Size(-1));
        var output = bias is null ? flat.Mm(weight.T) : Addmm(bias, flat, weight.T);
        return output.View([.. input.Shape.AsSpan()[..^1], weight.Size(0)]);
    }

    /// <summary>bias + mat1·mat2 with the bias broadcast over the rows, like <c>torch.addmm</c> (node <c>AddmmBackward0</c>).</summary>
    internal static Tensor Addmm(Tensor bias, Tensor mat1, Tensor mat2)
    {
        CheckSameDType(mat1, mat2, "mat2", "addmm");
        CheckSameDType(mat1, bias, "bias", "addmm");
        var result = Linalg.Mm(mat1, mat2);
        Compute.BinaryInto<AddOp>(result, result, bias);
        return result.Record("AddmmBackward0", static (n, g) => [
            g,                                            // d/dbias = 1 (summed over the rows by the node)
            n.Needs(1) ? g.Mm(n.Saved(1).T) : null,       // d/dmat1 = G·mat2ᵀ
            n.Needs(2) ? n.Saved(0).T.Mm(g) : null,       // d/dmat2 = mat1ᵀ·G
        ], [bias, mat1, mat2], [mat1, mat2]);
    }
}
