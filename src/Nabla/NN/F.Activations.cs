namespace Nabla.NN;

// Activation functions: each calls its op (Tensor's own, or NNOps for those PyTorch has only in nn).
public static partial class F
{
    /// <summary>max(x, 0), like <c>F.relu</c>.</summary>
    public static Tensor Relu(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Relu();
    }

    /// <summary>tanh x, like <c>F.tanh</c>.</summary>
    public static Tensor Tanh(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Tanh();
    }

    /// <summary>1 / (1 + e⁻ˣ), like <c>F.sigmoid</c>.</summary>
    public static Tensor Sigmoid(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Sigmoid();
    }

    /// <summary>e^x / Σ e^x along <paramref name="dim"/>, like <c>F.softmax(x, dim)</c>.</summary>
    public static Tensor Softmax(Tensor input, int dim)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Softmax(dim);
    }

    /// <summary>x - log Σ e^x along <paramref name="dim"/>, like <c>F.log_softmax(x, dim)</c>.</summary>
    public static Tensor LogSoftmax(Tensor input, int dim)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.LogSoftmax(dim);
    }

    /// <summary>The exact GELU x·Φ(x) = x/2 · (1 + erf(x/√2)), like <c>F.gelu(x)</c> (node <c>GeluBackward0</c>).</summary>
    public static Tensor Gelu(Tensor input) => NNOps.Gelu(input);

    /// <summary>
    /// GELU, exact with <paramref name="approximate"/> "none", or x/2 · (1 + tanh(√(2/π)(x + 0.044715x³))) with
    /// "tanh", like <c>F.gelu(x, approximate=...)</c> (node <c>GeluBackward0</c> either way).
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="approximate"/> is neither "none" nor "tanh".</exception>
    public static Tensor Gelu(Tensor input, string approximate) => NNOps.Gelu(input, approximate);

    /// <summary>SiLU (swish) x·σ(x), like <c>F.silu(x)</c> (node <c>SiluBackward0</c>).</summary>
    public static Tensor Silu(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return NNOps.Silu(input);
    }

    /// <summary>x where x &gt; 0, else <paramref name="negativeSlope"/>·x, like <c>F.leaky_relu</c> (node <c>LeakyReluBackward0</c>).</summary>
    public static Tensor LeakyRelu(Tensor input, double negativeSlope = 0.01) => NNOps.LeakyRelu(input, negativeSlope);
}
