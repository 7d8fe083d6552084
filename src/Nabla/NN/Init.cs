namespace Nabla.NN;

/// <summary>Which fan the Kaiming initialisers preserve, like PyTorch's <c>mode='fan_in'</c> / <c>'fan_out'</c>.</summary>
public enum FanMode
{
    /// <summary>Preserve the variance of the activations in the forward pass (inputs per output).</summary>
    FanIn,

    /// <summary>Preserve the variance of the gradients in the backward pass (outputs per input).</summary>
    FanOut,
}

/// <summary>The nonlinearity that <see cref="Init.CalculateGain"/> computes the gain for, like PyTorch's <c>nonlinearity=</c> strings.</summary>
public enum Nonlinearity
{
    /// <summary>Identity, linear and convolution layers (<c>'linear'</c>, <c>'conv2d'</c>...): gain 1.</summary>
    Linear,

    /// <summary>Sigmoid: gain 1.</summary>
    Sigmoid,

    /// <summary>Tanh: gain 5/3.</summary>
    Tanh,

    /// <summary>ReLU: gain √2.</summary>
    Relu,

    /// <summary>Leaky ReLU with negative slope a: gain √(2 / (1 + a²)).</summary>
    LeakyRelu,

    /// <summary>SELU: gain 3/4.</summary>
    Selu,
}

/// <summary>
/// Parameter initialisers, like <c>torch.nn.init</c>. Each fills its tensor in place without
/// recording (so it works on parameters that require grad), draws from the <c>generator</c> argument
/// when given (else <see cref="Generator.Default"/>), and returns the tensor.
/// </summary>
/// <example><code>Init.KaimingUniform(layer.Weight, a: Math.Sqrt(5), generator: new Generator(0));</code></example>
public static class Init
{
    /// <summary>Values uniform in [<paramref name="low"/>, <paramref name="high"/>), like <c>uniform_(tensor, a, b)</c>.</summary>
    public static Tensor Uniform(Tensor tensor, double low = 0, double high = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return Fill(tensor, Tensor.Rand(tensor.ShapeArray, Floating(tensor), generator: generator) * (high - low) + low);
    }

    /// <summary>Values from N(<paramref name="mean"/>, <paramref name="std"/>²), like <c>normal_(tensor, mean, std)</c>.</summary>
    public static Tensor Normal(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return Fill(tensor, Tensor.Randn(tensor.ShapeArray, Floating(tensor), generator: generator) * std + mean);
    }

    /// <summary>Every element set to <paramref name="value"/>, like <c>constant_(tensor, val)</c>.</summary>
    public static Tensor Constant(Tensor tensor, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using (Autograd.NoGrad()) return tensor.FillInPlace(value);
    }

    /// <summary>Every element set to 0, like <c>zeros_(tensor)</c>.</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0);

    /// <summary>Every element set to 1, like <c>ones_(tensor)</c>.</summary>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1);

    /// <summary>Glorot uniform: U(-a, a) with a = gain·√(6 / (fan_in + fan_out)), like <c>xavier_uniform_</c>.</summary>
    public static Tensor XavierUniform(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        double bound = Math.Sqrt(3.0) * gain * Math.Sqrt(2.0 / (fanIn + fanOut));   // a uniform on ±√3·σ has std σ
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>Glorot normal: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)), like <c>xavier_normal_</c>.</summary>
    public static Tensor XavierNormal(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        return Normal(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
    }

    /// <summary>
    /// He uniform: U(-b, b) with b = √3·gain/√fan, the gain that of <paramref name="nonlinearity"/>
    /// with negative slope <paramref name="a"/>, like <c>kaiming_uniform_</c>. PyTorch's Linear and
    /// Conv2d initialise their weights with <c>a = √5</c>, which gives b = 1/√fan_in.
    /// </summary>
    public static Tensor KaimingUniform(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Numel == 0) return tensor;   // PyTorch: a no-op on zero-element tensors
        double bound = Math.Sqrt(3.0) * CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>He normal: N(0, σ²) with σ = gain/√fan, like <c>kaiming_normal_</c>.</summary>
    public static Tensor KaimingNormal(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Numel == 0) return tensor;
        return Normal(tensor, 0, CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode)), generator);
    }

    /// <summary>
    /// The recommended gain for a nonlinearity, like <c>calculate_gain</c>: 1 for linear and sigmoid,
    /// 5/3 for tanh, √2 for ReLU, √(2/(1 + slope²)) for leaky ReLU (slope <paramref name="param"/>,
    /// default 0.01), 3/4 for SELU.
    /// </summary>
    public static double CalculateGain(Nonlinearity nonlinearity, double? param = null) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Sigmoid => 1,
        Nonlinearity.Tanh => 5.0 / 3,
        Nonlinearity.Relu => Math.Sqrt(2.0),
        Nonlinearity.LeakyRelu => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
        Nonlinearity.Selu => 3.0 / 4,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), $"Unsupported nonlinearity {nonlinearity}"),
    };

    /// <summary>
    /// fan_in = size(1)·receptive field and fan_out = size(0)·receptive field, the receptive field
    /// being the product of the dims after the first two, like PyTorch's <c>_calculate_fan_in_and_fan_out</c>.
    /// </summary>
    /// <exception cref="ArgumentException">For a tensor of fewer than 2 dims.</exception>
    public static (int FanIn, int FanOut) CalculateFanInAndFanOut(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Dim < 2)
            throw new ArgumentException($"Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got shape {tensor.Shape})");
        int receptive = 1;
        for (int d = 2; d < tensor.Dim; d++) receptive *= tensor.Size(d);
        return (tensor.Size(1) * receptive, tensor.Size(0) * receptive);
    }

    /// <summary>
    /// PyTorch's <c>reset_parameters</c> of Linear and Conv layers: the weight from
    /// <c>kaiming_uniform_(a=√5)</c> (so U(±1/√fan_in)), then the bias from U(±1/√fan_in).
    /// </summary>
    internal static void ResetAffine(Tensor weight, Tensor? bias, Generator? generator)
    {
        KaimingUniform(weight, a: Math.Sqrt(5), generator: generator);
        if (bias is null) return;
        int fanIn = CalculateFanInAndFanOut(weight).FanIn;
        double bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        Uniform(bias, -bound, bound, generator);
    }

    private static int Fan(Tensor tensor, FanMode mode)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        return mode == FanMode.FanIn ? fanIn : fanOut;
    }

    private static DType Floating(Tensor tensor) => tensor.DType.IsFloatingPoint() ? tensor.DType
        : throw new ArgumentException($"init: expected a floating point tensor, but got {tensor.DType.Name()}");

    private static Tensor Fill(Tensor tensor, Tensor values)
    {
        using (Autograd.NoGrad()) return tensor.CopyFromInPlace(values);
    }
}
