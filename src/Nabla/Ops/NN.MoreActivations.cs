namespace Nabla;

// The activations of torch.nn beyond relu/gelu/silu (issue 11). Each forward is computed from
// existing kernels without recording them (Untracked) and recorded as the one node PyTorch shows,
// with its formula in the derivative table; the piecewise ones take the branch PyTorch's backward
// kernels take at the joins (x ≤ 0 is the negative branch of elu, x ≥ -3 the middle one of hardswish).
internal static partial class NNOps
{
    /// <summary>√(2/π), the scale of gelu's tanh approximation.</summary>
    internal const double Sqrt2OverPi = 0.7978845608028654;

    /// <summary>The cubic coefficient of gelu's tanh approximation.</summary>
    internal const double GeluCubic = 0.044715;

    /// <summary>The α of SELU (Klambauer et al.), as PyTorch's SELU_ALPHA.</summary>
    internal const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>The λ of SELU, as PyTorch's SELU_SCALE.</summary>
    internal const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>gelu with <c>approximate</c> "none" (x·Φ(x)) or "tanh" (node <c>GeluBackward0</c> either way).</summary>
    public static Tensor Gelu(Tensor input, string approximate)
    {
        ArgumentNullException.ThrowIfNull(approximate);
        return approximate switch
        {
            "none" => Gelu(input),
            "tanh" => GeluTanh(input),
            _ => throw new ArgumentException($"approximate argument must be either none or tanh, but got '{approximate}'", nameof(approximate)),
        };
    }

    // x/2·(1 + tanh(√(2/π)(x + 0.044715x³))).
    private static Tensor GeluTanh(Tensor input)
    {
        CheckFloating(input, "gelu");
        return Derivatives.GeluTanh.Record(Untracked(() => input * 0.5 * (GeluTanhInner(input).Tanh() + 1)), [input], "tanh");
    }

    /// <summary>The argument of tanh in gelu's approximation, √(2/π)(x + 0.044715x³).</summary>
    internal static Tensor GeluTanhInner(Tensor x) => (x * x * x * GeluCubic + x) * Sqrt2OverPi;

    /// <summary>softplus log(1 + e^(βx))/β, x itself where βx &gt; threshold (node <c>SoftplusBackward0</c>).</summary>
    public static Tensor Softplus(Tensor input, double beta, double threshold)
    {
        CheckFloating(input, "softplus");
        return Derivatives.Softplus.Record(Untracked(() =>
        {
            var scaled = input * beta;
            return (StableSoftplus(scaled) / beta).Where(scaled.Le(threshold), input);
        }), [input], new SoftplusArgs(beta, threshold));
    }

    /// <summary>log(1 + eˣ) as max(x, 0) + log1p(e^-|x|), which neither overflows nor loses small values.</summary>
    internal static Tensor StableSoftplus(Tensor x) => x.Clamp(min: 0) + (-x.Abs()).Exp().Log1p();

    /// <summary>
    /// elu with PyTorch's three coefficients (node <c>EluBackward0</c>): scale·x for x &gt; 0, else
    /// scale·α·(e^(inputScale·x) - 1). SELU is this op with fixed coefficients, as in PyTorch; CELU too, under its own node.
    /// </summary>
    public static Tensor Elu(Tensor input, double alpha, double scale, double inputScale) => Elu(input, alpha, scale, inputScale, Derivatives.Elu);

    private static Tensor Elu(Tensor input, double alpha, double scale, double inputScale, Derivative<EluArgs> row)
    {
        CheckFloating(input, "elu");
        // The exponential of min(x, 0): the same on the negative branch, and never infinite on the other.
        return row.Record(Untracked(() => (input * scale).Where(input.Gt(0.0), (input.Clamp(max: 0) * inputScale).Expm1() * (scale * alpha))),
            [input], new EluArgs(alpha, scale, inputScale));
    }

    /// <summary>celu max(0, x) + min(0, α(e^(x/α) - 1)): elu with input scale 1/α (node <c>CeluBackward0</c>, as PyTorch 2's).</summary>
    public static Tensor Celu(Tensor input, double alpha)
    {
        if (alpha == 0) throw new ArgumentException("ZeroDivisionError: alpha cannot be 0 for CELU", nameof(alpha));
        return Elu(input, alpha, 1, 1 / alpha, Derivatives.Celu);
    }

    /// <summary>mish x·tanh(softplus x) (node <c>MishBackward0</c>).</summary>
    public static Tensor Mish(Tensor input)
    {
        CheckFloating(input, "mish");
        return Derivatives.Mish.Record(Untracked(() => input * StableSoftplus(input).Tanh()), input);
    }

    /// <summary>hardswish x·relu6(x + 3)/6 (node <c>HardswishBackward0</c>).</summary>
    public static Tensor Hardswish(Tensor input)
    {
        CheckFloating(input, "hardswish");
        return Derivatives.Hardswish.Record(Untracked(() => input * (input + 3).Clamp(0, 6) / 6), input);
    }

    /// <summary>hardsigmoid relu6(x + 3)/6 (node <c>HardsigmoidBackward0</c>).</summary>
    public static Tensor Hardsigmoid(Tensor input)
    {
        CheckFloating(input, "hardsigmoid");
        return Derivatives.Hardsigmoid.Record(Untracked(() => (input + 3).Clamp(0, 6) / 6), input);
    }

    /// <summary>hardtanh: x clamped to [min, max] (node <c>HardtanhBackward0</c>; relu6 is hardtanh(0, 6), as in PyTorch).</summary>
    public static Tensor Hardtanh(Tensor input, double minVal, double maxVal)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (minVal > maxVal) throw new ArgumentException($"hardtanh: min_val cannot be greater than max_val (got min_val={minVal}, max_val={maxVal})");
        return Derivatives.Hardtanh.Record(Untracked(() => input.Clamp(minVal, maxVal)), [input], (minVal, maxVal));
    }

    /// <summary>log σ(x) = min(x, 0) - log1p(e^-|x|) (node <c>LogSigmoidBackward0</c>).</summary>
    public static Tensor LogSigmoidOp(Tensor input)
    {
        CheckFloating(input, "log_sigmoid");
        return Derivatives.LogSigmoid.Record(Untracked(() => input.Clamp(max: 0) - (-input.Abs()).Exp().Log1p()), input);
    }

    /// <summary>glu a·σ(b), a and b the halves of <paramref name="input"/> along <paramref name="dim"/> (node <c>GluBackward0</c>).</summary>
    public static Tensor Glu(Tensor input, int dim)
    {
        CheckFloating(input, "glu");
        if (input.Dim == 0) throw new ArgumentException("glu does not support scalars because halving size must be even");
        int d = ShapeMath.NormalizeDim(dim, input.Dim);
        int size = input.Size(d);
        if (size % 2 != 0) throw new ArgumentException($"Halving dimension must be even, but dimension {d} is size {size}");
        return Derivatives.Glu.Record(Untracked(() => input.Narrow(d, 0, size / 2) * input.Narrow(d, size / 2, size / 2).Sigmoid()), [input], d);
    }

    /// <summary>
    /// prelu: x where x &gt; 0, else w·x, with one slope for all channels or one per channel (dim 1), as
    /// PyTorch's <c>prelu</c>, which views the weight to broadcast along dim 1 and calls <c>_prelu_kernel</c>
    /// (node <c>PreluKernelBackward0</c>).
    /// </summary>
    public static Tensor PRelu(Tensor input, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        CheckFloating(input, "prelu");
        if (input.DType != weight.DType)
            throw new ArgumentException($"prelu: Type promoting not supported. Got {input.DType.Name()} and {weight.DType.Name()}");
        if (weight.Dim > 1) throw new ArgumentException($"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.Dim}");
        if (weight.Count != 1)
        {
            if (input.Dim == 0) throw new ArgumentException("Not allow zero-dim input tensor.");
            int channels = input.Dim > 1 ? input.Size(1) : 1;
            if (channels != weight.Count)
                throw new ArgumentException($"Mismatch of parameter numbers and input channel size. Found parameter numbers = {weight.Count} and channel size = {channels}.");
        }
        var shape = new int[input.Dim];
        Array.Fill(shape, 1);
        if (input.Dim >= 2) shape[1] = weight.Count;
        var w = weight.View(shape);
        return Derivatives.PreluKernel.Record(Untracked(() => input.Where(input.Gt(0.0), input * w)), input, w);
    }
}

/// <summary>softplus's β and the threshold of βx above which it returns x.</summary>
internal readonly record struct SoftplusArgs(double Beta, double Threshold);

/// <summary>elu's coefficients: α, the output scale and the input scale of the negative branch.</summary>
internal readonly record struct EluArgs(double Alpha, double Scale, double InputScale);
