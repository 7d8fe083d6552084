namespace Nabla;

// 1-d pooling as PyTorch composes it: the [N, C, L] input gets a height of 1 (unsqueeze(-2)), the 2-d
// pooling runs with a 1 × kernel window, and the height goes again (squeeze(-2)); so the graph shows
// SqueezeBackward1 → MaxPool2DWithIndicesBackward0 (or AvgPool2DBackward0) → UnsqueezeBackward0.
internal static partial class NNOps
{
    /// <summary>max_pool1d_with_indices: the values and each one's index along the length.</summary>
    public static (Tensor Output, Tensor Indices) MaxPool1d(Tensor input, int kernelSize, int stride, int padding, bool ceilMode)
    {
        CheckPool1dInput(input, "max_pool1d");
        var (output, indices) = MaxPool2d(input.Unsqueeze(-2), new PoolKernel((1, kernelSize), (1, stride), (0, padding), ceilMode), "max_pool1d");
        return (output.Squeeze(-2), indices.Squeeze(-2));
    }

    /// <summary>avg_pool1d.</summary>
    public static Tensor AvgPool1d(Tensor input, int kernelSize, int stride, int padding, bool ceilMode, bool countIncludePad)
    {
        CheckPool1dInput(input, "avg_pool1d");
        var kernel = new PoolKernel((1, kernelSize), (1, stride), (0, padding), ceilMode, countIncludePad);
        return AvgPool2d(input.Unsqueeze(-2), kernel, divisorOverride: null, "avg_pool1d").Squeeze(-2);
    }

    private static void CheckPool1dInput(Tensor input, string op)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim is not (2 or 3))
            throw new ArgumentException($"{op}: Expected 2D or 3D (batch mode) tensor for input, but got input of size: {input.Shape}");
    }
}
