using Nabla.Kernels;

namespace Nabla;

/// <summary>
/// The ops behind <c>Nabla.NN.F</c> that PyTorch has only in <c>torch.nn.functional</c>: each validates
/// its arguments, runs its kernels and records its row of the derivative table, so that F and the
/// layers only call ops. Split by theme over the <c>NN.*.cs</c> files.
/// </summary>
internal static partial class NNOps
{
    /// <summary>The exact GELU x·Φ(x) (node <c>GeluBackward0</c>).</summary>
    public static Tensor Gelu(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Derivatives.Gelu.Record(Compute.UnaryFloat<GeluOp>(input.AsFloat()), input);
    }

    /// <summary>
    /// gelu's backward <paramref name="grad"/>·(Φ(x) + x·φ(x)) in one kernel pass, recorded as PyTorch's
    /// gelu_backward (node <c>GeluBackwardBackward0</c>) so that a second derivative still works.
    /// </summary>
    public static Tensor GeluBackward(Tensor grad, Tensor input)
    {
        var dtype = DTypes.ResultType(grad, input);
        return Derivatives.GeluGrad.Record(Compute.BinaryFloat<GeluGradOp>(grad, input, dtype), grad, input);
    }

    /// <summary>SiLU x·σ(x), computed from existing kernels and recorded as one node (<c>SiluBackward0</c>).</summary>
    public static Tensor Silu(Tensor input)
    {
        CheckFloating(input, "silu");
        return Derivatives.Silu.Record(Untracked(() => input * input.Sigmoid()), input);
    }

    /// <summary>Leaky ReLU (node <c>LeakyReluBackward0</c>).</summary>
    public static Tensor LeakyRelu(Tensor input, double negativeSlope)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Derivatives.LeakyRelu.Record(Untracked(() => input.Where(input.Gt(0.0), input * negativeSlope)), [input], negativeSlope);
    }
}
