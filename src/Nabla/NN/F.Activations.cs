using Nabla.Kernels;

namespace Nabla.NN;

// Activation functions: the ones Tensor already has are forwarded; GELU, SiLU and leaky ReLU are
// recorded as one node each, as PyTorch shows them.
public static partial class F
{
    private const double InvSqrt2 = 0.7071067811865476;     // 1/√2
    private const double InvSqrt2Pi = 0.3989422804014327;   // 1/√(2π)

    /// <summary>max(x, 0), like <c>F.relu</c>.</summary>
    public static Tensor Relu(Tensor input) => input.Relu();

    /// <summary>tanh x, like <c>F.tanh</c>.</summary>
    public static Tensor Tanh(Tensor input) => input.Tanh();

    /// <summary>1 / (1 + e⁻ˣ), like <c>F.sigmoid</c>.</summary>
    public static Tensor Sigmoid(Tensor input) => input.Sigmoid();

    /// <summary>e^x / Σ e^x along <paramref name="dim"/>, like <c>F.softmax(x, dim)</c>.</summary>
    public static Tensor Softmax(Tensor input, int dim) => input.Softmax(dim);

    /// <summary>x - log Σ e^x along <paramref name="dim"/>, like <c>F.log_softmax(x, dim)</c>.</summary>
    public static Tensor LogSoftmax(Tensor input, int dim) => input.LogSoftmax(dim);

    /// <summary>The exact GELU x·Φ(x) = x/2 · (1 + erf(x/√2)), like <c>F.gelu(x)</c> (node <c>GeluBackward0</c>).</summary>
    public static Tensor Gelu(Tensor input)
    {
        var result = Compute.Unary<GeluOp>(input.AsFloat());
        return result.Record("GeluBackward0", static (n, g) => [g * GeluDerivative(n.Saved(0))], [input], [input]);
    }

    // d/dx x·Φ(x) = Φ(x) + x·φ(x), with φ(x) = e^(-x²/2)/√(2π).
    private static Tensor GeluDerivative(Tensor x)
        => (Erf(x * InvSqrt2) + 1) * 0.5 + x * (x * x * -0.5).Exp() * InvSqrt2Pi;

    /// <summary>The error function, recorded as <c>ErfBackward0</c> (GELU's rule needs it differentiable).</summary>
    internal static Tensor Erf(Tensor input)
        => Compute.Unary<ErfOp>(input.AsFloat()).Record("ErfBackward0", static (n, g) => [g * (n.Saved(0) * n.Saved(0) * -1).Exp() * (2 / Math.Sqrt(Math.PI))], [input], [input]);   // d/dx erf x = 2/√π·e^(-x²)

    /// <summary>SiLU (swish) x·σ(x), like <c>F.silu(x)</c> (node <c>SiluBackward0</c>).</summary>
    public static Tensor Silu(Tensor input)
    {
        CheckFloating(input, "silu");
        var result = Untracked(() => input * input.Sigmoid());
        return result.Record("SiluBackward0", static (n, g) =>
        {
            var x = n.Saved(0);
            var s = x.Sigmoid();
            return [g * s * (x * (1 - s) + 1)];   // d/dx x·σ(x) = σ(x)·(1 + x·(1 - σ(x)))
        }, [input], [input]);
    }

    /// <summary>x where x &gt; 0, else <paramref name="negativeSlope"/>·x, like <c>F.leaky_relu</c> (node <c>LeakyReluBackward0</c>).</summary>
    public static Tensor LeakyRelu(Tensor input, double negativeSlope = 0.01)
    {
        var result = Untracked(() => input.Where(input.Gt(0.0), input * negativeSlope));
        return result.Record("LeakyReluBackward0", (n, g) => [g * SlopeOf(n.Saved(0), negativeSlope)], [input], [input]);   // d/dx = 1 or the slope
    }

    private static Tensor SlopeOf(Tensor x, double negativeSlope)
        => Tensor.Full([], 1.0, x.DType).Where(x.Gt(0.0), Tensor.Full([], negativeSlope, x.DType));
}
