using Nabla.Kernels;

namespace Nabla;

// Sampling from distributions whose parameters are tensors (torch.multinomial, bernoulli, normal,
// poisson), drawing from a Generator (default: Generator.Default). The values are not PyTorch's stream,
// the distributions are the same. As in PyTorch, a draw is not differentiated through its parameters:
// the recorded nodes pass zero gradients (derivatives.yaml's zeros_like for bernoulli, normal, poisson).
public partial class Tensor
{
    /// <summary>
    /// <paramref name="numSamples"/> category indices (int64) per row of the non-negative weights
    /// <paramref name="input"/> (1-d, or 2-d: one distribution per row; need not sum to 1), like
    /// <c>torch.multinomial(input, num_samples, replacement, generator=g)</c>. Without replacement each row's
    /// indices are distinct, drawn one after another in proportion to the weights left; categories of weight 0
    /// are drawn only after all others.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// For a rank other than 1 or 2, a non-floating dtype, more samples than categories without replacement, a
    /// negative, infinite or NaN weight, or a row of zeros.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="numSamples"/> is not positive.</exception>
    public static Tensor Multinomial(Tensor input, int numSamples, bool replacement = false, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim is not (1 or 2)) throw new ArgumentException($"prob_dist must be 1 or 2 dim, got shape {ShapeMath.Format(input.ShapeArray)}", nameof(input));
        if (!input.DType.IsFloatingPoint()) throw new ArgumentException($"multinomial only supports floating-point dtypes for input, got: {input.DType.Name()}", nameof(input));
        if (numSamples <= 0) throw new ArgumentOutOfRangeException(nameof(numSamples), $"cannot sample n_sample <= 0 samples (got {numSamples})");
        int categories = input.ShapeArray[^1], rows = input.Dim == 1 ? 1 : input.ShapeArray[0];
        if (!replacement && numSamples > categories)
            throw new ArgumentException($"cannot sample n_sample > prob_dist.size(-1) samples without replacement ({numSamples} > {categories})", nameof(numSamples));
        if (categories > 1 << 24) throw new ArgumentException("number of categories cannot exceed 2^24", nameof(input));
        int[] shape = input.Dim == 1 ? [numSamples] : [rows, numSamples];
        var draws = new long[rows * numSamples];
        if (draws.Length == 0) return FromArray(draws, shape);
        var weights = input.ToArray<double>();
        for (int r = 0; r < rows; r++) CheckDistribution(weights.AsSpan(r * categories, categories), replacement && numSamples > 1);
        var g = generator ?? Generator.Default;
        for (int r = 0; r < rows; r++)
        {
            var row = weights.AsSpan(r * categories, categories);
            var samples = draws.AsSpan(r * numSamples, numSamples);
            if (replacement) g.SampleWithReplacement(row, samples);
            else g.SampleWithoutReplacement(row, samples);
        }
        return FromArray(draws, shape);
    }

    // PyTorch's two sets of messages: its kernel that draws with replacement, and its fast path for the rest.
    private static void CheckDistribution(ReadOnlySpan<double> weights, bool withReplacementKernel)
    {
        double sum = 0;
        foreach (double w in weights)
        {
            if (!withReplacementKernel && !(w >= 0 && w < double.PositiveInfinity))
                throw new ArgumentException($"probability tensor contains either `inf`, `nan` or element < 0 (found {w})", "input");
            if (w < 0) throw new ArgumentException($"invalid multinomial distribution (encountering probability entry < 0): {w}", "input");
            if (!double.IsFinite(w)) throw new ArgumentException($"invalid multinomial distribution (encountering probability entry = infinity or NaN): {w}", "input");
            sum += w;
        }
        if (!(sum > 0)) throw new ArgumentException("invalid multinomial distribution (sum of probabilities <= 0)", "input");
    }

    /// <summary>
    /// 1 with probability p and 0 otherwise for each element p of this tensor of probabilities, in its dtype,
    /// like <c>torch.bernoulli(p, generator=g)</c> or <c>p.bernoulli()</c> (node <c>BernoulliBackward0</c>, whose gradient is 0).
    /// </summary>
    /// <exception cref="ArgumentException">For a non-floating tensor, or a probability outside [0, 1].</exception>
    public Tensor Bernoulli(Generator? generator = null)
    {
        CheckFloatingParameter(this, "bernoulli");
        var p = ToArray<double>();
        foreach (double v in p)
            if (!(v >= 0 && v <= 1)) throw new ArgumentException($"bernoulli_ expects p to be in [0, 1], but got p={v}");
        var draws = new double[p.Length];
        (generator ?? Generator.Default).FillBernoulli(p, draws);
        return Derivatives.Bernoulli.Record(FromArray(draws, ShapeArray, DType), this);
    }

    /// <summary>
    /// 1 with probability <paramref name="p"/> and 0 otherwise, in this tensor's shape and dtype (any dtype), like
    /// <c>x.bernoulli(p)</c>. Not differentiable: the draws do not depend on this tensor's values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="p"/> is outside [0, 1].</exception>
    public Tensor Bernoulli(double p, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"bernoulli_ expects p to be in [0, 1], but got p={p}");
        var probabilities = new double[Count];
        Array.Fill(probabilities, p);
        var draws = new double[Count];
        (generator ?? Generator.Default).FillBernoulli(probabilities, draws);
        return FromArray(draws, ShapeArray, DType);
    }

    /// <summary>Bernoulli draws with the probabilities <paramref name="input"/>, like <c>torch.bernoulli(input)</c>; the same as <c>input.Bernoulli(generator)</c>.</summary>
    public static Tensor Bernoulli(Tensor input, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Bernoulli(generator);
    }

    /// <summary>
    /// Normal draws with means <paramref name="mean"/> and standard deviations <paramref name="std"/>, broadcast
    /// together, in the mean's dtype, like <c>torch.normal(mean, std)</c> (node <c>NormalBackward3</c>: as in PyTorch
    /// the draw is not reparameterised, so both gradients are 0).
    /// </summary>
    /// <exception cref="ArgumentException">For non-floating tensors, a negative or NaN std, or shapes that do not broadcast.</exception>
    public static Tensor Normal(Tensor mean, Tensor std, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        CheckNormalParameters(mean, std);
        var draws = NormalDraws(mean.Detach(), std.Detach(), ShapeMath.Broadcast(mean.ShapeArray, std.ShapeArray), mean.DType, generator);
        return Derivatives.NormalTensorTensor.Record(draws, mean, std);
    }

    /// <summary>Normal draws with means <paramref name="mean"/> and one standard deviation, like <c>torch.normal(mean, 2.0)</c> (node <c>NormalBackward1</c>, gradient 0).</summary>
    /// <exception cref="ArgumentException">For a non-floating mean, or a negative or NaN std.</exception>
    public static Tensor Normal(Tensor mean, double std = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(mean);
        if (!(std >= 0)) throw new ArgumentException($"normal expects std >= 0.0, but found std {std}", nameof(std));
        CheckNormalParameters(mean, null);
        var draws = NormalDraws(mean.Detach(), Wrap(std, DType.Float64), mean.ShapeArray, mean.DType, generator);
        return Derivatives.NormalTensorFloat.Record(draws, mean);
    }

    /// <summary>Normal draws with one mean and standard deviations <paramref name="std"/>, like <c>torch.normal(0.0, std)</c> (node <c>NormalBackward2</c>, gradient 0).</summary>
    /// <exception cref="ArgumentException">For a non-floating std, or a negative or NaN element in it.</exception>
    public static Tensor Normal(double mean, Tensor std, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(std);
        CheckNormalParameters(null, std);
        var draws = NormalDraws(Wrap(mean, DType.Float64), std.Detach(), std.ShapeArray, std.DType, generator);
        return Derivatives.NormalFloatTensor.Record(draws, std);
    }

    /// <summary>Normal draws of the given <paramref name="size"/> with one mean and standard deviation, like <c>torch.normal(0.0, 1.0, size=(2, 3))</c>.</summary>
    /// <exception cref="ArgumentException">For a negative or NaN std, or a non-floating dtype.</exception>
    public static Tensor Normal(double mean, double std, ReadOnlySpan<int> size, Generator? generator = null, DType? dtype = null, bool requiresGrad = false)
    {
        if (!(std >= 0)) throw new ArgumentException($"normal expects std >= 0.0, but found std {std}", nameof(std));
        var draws = NormalDraws(Wrap(mean, DType.Float64), Wrap(std, DType.Float64), size.ToArray(), dtype ?? DTypes.DefaultFloat, generator);
        return requiresGrad ? draws.RequiresGradInPlace() : draws;
    }

    private static void CheckNormalParameters(Tensor? mean, Tensor? std)
    {
        if (mean is not null) CheckFloatingParameter(mean, "normal (mean)");
        if (std is null) return;
        CheckFloatingParameter(std, "normal (std)");
        foreach (double s in std.ToArray<double>())
            if (!(s >= 0)) throw new ArgumentException($"normal expects all elements of std >= 0.0 (found {s})", nameof(std));
    }

    // mean + std·z with z standard normal, computed in float64 on untracked values and rounded to the dtype.
    private static Tensor NormalDraws(Tensor mean, Tensor std, int[] shape, DType dtype, Generator? generator)
    {
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"normal needs a floating dtype, got {dtype.Name()}", nameof(dtype));
        var z = Randn(shape, DType.Float64, generator: generator);
        var scaled = Compute.Binary<MulOp>(z, std, DType.Float64);
        return Compute.Cast(Compute.Binary<AddOp>(scaled, mean, DType.Float64), dtype);
    }

    /// <summary>
    /// Poisson counts with the rates <paramref name="input"/> (non-negative), in its dtype, like <c>torch.poisson(rates,
    /// generator=g)</c> (node <c>PoissonBackward0</c>, gradient 0).
    /// </summary>
    /// <exception cref="ArgumentException">For a non-floating tensor, or a negative, infinite or NaN rate.</exception>
    public static Tensor Poisson(Tensor input, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckFloatingParameter(input, "poisson");
        var rates = input.ToArray<double>();
        foreach (double r in rates)
            if (!(r >= 0 && r < double.PositiveInfinity)) throw new ArgumentException($"invalid Poisson rate, expected rate to be non-negative and finite (found {r})", nameof(input));
        var counts = new double[rates.Length];
        (generator ?? Generator.Default).FillPoisson(rates, counts);
        return Derivatives.Poisson.Record(FromArray(counts, input.ShapeArray, input.DType), input);
    }

    private static void CheckFloatingParameter(Tensor t, string op)
    {
        if (!t.DType.IsFloatingPoint()) throw new ArgumentException($"{op} expects a floating point tensor (float32 or float64), got {t.DType.Name()}");
    }
}
