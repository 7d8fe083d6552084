namespace Nabla.NN;

// The activations beyond relu/gelu/silu (the ops live in Ops/NN.MoreActivations.cs; softsign and
// tanhshrink are compositions, as in PyTorch's functional.py).
public static partial class F
{
    /// <summary>log(1 + e^(βx))/β, and x itself where βx &gt; <paramref name="threshold"/>, like <c>F.softplus</c> (node <c>SoftplusBackward0</c>).</summary>
    public static Tensor Softplus(Tensor input, double beta = 1.0, double threshold = 20.0) => NNOps.Softplus(input, beta, threshold);

    /// <summary>x for x &gt; 0, else α(eˣ - 1), like <c>F.elu</c> (node <c>EluBackward0</c>).</summary>
    public static Tensor Elu(Tensor input, double alpha = 1.0) => NNOps.Elu(input, alpha, 1, 1);

    /// <summary>λ·elu(x, α) with PyTorch's fixed α ≈ 1.6733 and λ ≈ 1.0507, like <c>F.selu</c> (node <c>EluBackward0</c>, as PyTorch's selu calls elu).</summary>
    public static Tensor Selu(Tensor input) => NNOps.Elu(input, NNOps.SeluAlpha, NNOps.SeluScale, 1);

    /// <summary>max(0, x) + min(0, α(e^(x/α) - 1)), like <c>F.celu</c> (node <c>EluBackward0</c>, as PyTorch's celu calls elu).</summary>
    /// <exception cref="ArgumentException">When <paramref name="alpha"/> is 0.</exception>
    public static Tensor Celu(Tensor input, double alpha = 1.0) => NNOps.Celu(input, alpha);

    /// <summary>x·tanh(softplus x), like <c>F.mish</c> (node <c>MishBackward0</c>).</summary>
    public static Tensor Mish(Tensor input) => NNOps.Mish(input);

    /// <summary>
    /// x where x &gt; 0, else w·x, with <paramref name="weight"/> one slope for every channel or one per
    /// channel (dim 1 of the input), like <c>F.prelu</c> (node <c>PreluKernelBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the weight is not 0-d or 1-d, has neither 1 nor C elements, or another dtype.</exception>
    public static Tensor PRelu(Tensor input, Tensor weight) => NNOps.PRelu(input, weight);

    /// <summary>x·relu6(x + 3)/6, like <c>F.hardswish</c> (node <c>HardswishBackward0</c>).</summary>
    public static Tensor Hardswish(Tensor input) => NNOps.Hardswish(input);

    /// <summary>relu6(x + 3)/6, like <c>F.hardsigmoid</c> (node <c>HardsigmoidBackward0</c>).</summary>
    public static Tensor Hardsigmoid(Tensor input) => NNOps.Hardsigmoid(input);

    /// <summary>x clamped to [<paramref name="minVal"/>, <paramref name="maxVal"/>], like <c>F.hardtanh</c> (node <c>HardtanhBackward0</c>).</summary>
    /// <exception cref="ArgumentException">When <paramref name="minVal"/> &gt; <paramref name="maxVal"/>.</exception>
    public static Tensor Hardtanh(Tensor input, double minVal = -1.0, double maxVal = 1.0) => NNOps.Hardtanh(input, minVal, maxVal);

    /// <summary>min(max(x, 0), 6), like <c>F.relu6</c> (node <c>HardtanhBackward0</c>, as PyTorch's relu6 is hardtanh(x, 0, 6)).</summary>
    public static Tensor Relu6(Tensor input) => NNOps.Hardtanh(input, 0, 6);

    /// <summary>log σ(x) = -softplus(-x), like <c>F.logsigmoid</c> (node <c>LogSigmoidBackward0</c>).</summary>
    public static Tensor LogSigmoid(Tensor input) => NNOps.LogSigmoidOp(input);

    /// <summary>a·σ(b), a and b the two halves of <paramref name="input"/> along <paramref name="dim"/>, like <c>F.glu</c> (node <c>GluBackward0</c>).</summary>
    /// <exception cref="ArgumentException">When that dim's size is odd, or the input is 0-d.</exception>
    public static Tensor Glu(Tensor input, int dim = -1) => NNOps.Glu(input, dim);

    /// <summary>x/(1 + |x|), like <c>F.softsign</c> (a composition, as in PyTorch: the graph shows <c>DivBackward0</c>).</summary>
    public static Tensor Softsign(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input / (input.Abs() + 1);
    }

    /// <summary>x - tanh x, like <c>F.tanhshrink</c> (a composition, as in PyTorch: the graph shows <c>SubBackward0</c>).</summary>
    public static Tensor Tanhshrink(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input - input.Tanh();
    }
}
