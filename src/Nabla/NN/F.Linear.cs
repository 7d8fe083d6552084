namespace Nabla.NN;

// The affine layer y = x·Wᵀ + b, through PyTorch's fused addmm where PyTorch uses it.
public static partial class F
{
    /// <summary>
    /// x·Wᵀ + b over the last dim of <paramref name="input"/> [*, in], with <paramref name="weight"/>
    /// [out, in] and an optional <paramref name="bias"/> [out], like <c>F.linear</c>, recording the nodes PyTorch's
    /// does: a 2-d input with a bias records <c>AddmmBackward0</c> (its inputs: the bias, the input and <c>Wᵀ</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the input's last dim is not the weight's second (in_features), or the bias is not [out].</exception>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Dim != 2)
            throw new ArgumentException($"linear: expected a 2-d weight [out_features, in_features], but got weight of shape {weight.Shape}");
        if (input.Dim == 0 || input.Size(-1) != weight.Size(1)) throw new ArgumentException(LinearMismatch(input, weight));
        if (bias is not null && (bias.Dim != 1 || bias.Size(0) != weight.Size(0)))
            throw new ArgumentException($"linear: expected bias of shape [{weight.Size(0)}] for weight {weight.Shape}, but got bias of shape {bias.Shape}");
        if (bias is null) return input.MatMul(weight.T);
        if (input.Dim == 2) return bias.Addmm(input, weight.T);
        // PyTorch's linear: a contiguous input of another rank folds its leading dims into rows for one addmm;
        // a strided one goes through matmul and then adds the bias.
        if (input.IsContiguous)
        {
            var flat = input.Reshape(-1, input.Size(-1));
            return bias.Addmm(flat, weight.T).View([.. input.Shape.AsSpan()[..^1], weight.Size(0)]);
        }
        // ATen adds the bias in place (add_); the out-of-place add records the same AddBackward0 over the same
        // inputs, and a traced export (Nabla.Onnx) sees it, as it cannot see in-place writes made under NoGrad.
        return input.MatMul(weight.T).Add(bias);
    }

    // The first-hour mistake: an input whose last dim is not the layer's in_features (often an image
    // that was not flattened). PyTorch's wording first, then what to change.
    private static string LinearMismatch(Tensor input, Tensor weight)
    {
        int inFeatures = weight.Size(1), outFeatures = weight.Size(0);
        string rows = input.Dim == 0 ? "1" : (input.Numel / input.Size(-1)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        int last = input.Dim == 0 ? 1 : input.Size(-1);
        string message = $"linear: mat1 and mat2 shapes cannot be multiplied ({rows}x{last} and {inFeatures}x{outFeatures}): " +
            $"the input {input.Shape} has {last} features in its last dim, but the weight {weight.Shape} expects in_features={inFeatures}. ";
        long perSample = input.Dim > 2 ? input.Numel / input.Size(0) : -1;
        return perSample == inFeatures
            ? message + $"Flatten each sample first: input.Flatten(1) has shape [{input.Size(0)}, {inFeatures}]."
            : message + $"Either make the layer's in_features {last} (new Linear({last}, {outFeatures})) or give it inputs whose last dim is {inFeatures}.";
    }
}
