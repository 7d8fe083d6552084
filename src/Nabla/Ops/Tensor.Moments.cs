using Nabla.Kernels;

namespace Nabla;

// Variance and standard deviation (with var_mean and std_mean), PyTorch 2's `correction` form.
public partial class Tensor
{
    /// <summary>
    /// The variance of all elements, Σ(x - mean)²/(N - <paramref name="correction"/>), like <c>x.var(correction=1)</c>:
    /// the default 1 is Bessel's correction (the unbiased estimate), 0 the population variance.
    /// </summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public Tensor Var(double correction = 1) => Moment(MomentArgs.Over(this, null, correction, keepDim: false), std: false);

    /// <summary>The variance along <paramref name="dim"/>, like <c>x.var(dim, correction=1, keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public Tensor Var(int dim, double correction = 1, bool keepDim = false) => Var([dim], correction, keepDim);

    /// <summary>The variance over <paramref name="dims"/> (all of them when empty), like <c>x.var((0, 1), correction=1, keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public Tensor Var(ReadOnlySpan<int> dims, double correction = 1, bool keepDim = false)
        => Moment(MomentArgs.Over(this, DimsOrAll(dims), correction, keepDim), std: false);

    /// <summary>The standard deviation of all elements, the square root of <see cref="Var(double)"/>, like <c>x.std(correction=1)</c>.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public Tensor Std(double correction = 1) => Moment(MomentArgs.Over(this, null, correction, keepDim: false), std: true);

    /// <summary>The standard deviation along <paramref name="dim"/>, like <c>x.std(dim, correction=1, keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public Tensor Std(int dim, double correction = 1, bool keepDim = false) => Std([dim], correction, keepDim);

    /// <summary>The standard deviation over <paramref name="dims"/> (all of them when empty), like <c>x.std((0, 1), correction=1, keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public Tensor Std(ReadOnlySpan<int> dims, double correction = 1, bool keepDim = false)
        => Moment(MomentArgs.Over(this, DimsOrAll(dims), correction, keepDim), std: true);

    /// <summary>
    /// The variance and the mean over <paramref name="dims"/> (all elements when none are given), like
    /// <c>torch.var_mean(input, dim=None, correction=1, keepdim=False)</c>: one node with both outputs
    /// differentiable.
    /// </summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public static (Tensor Var, Tensor Mean) VarMean(Tensor input, ReadOnlySpan<int> dims = default, double correction = 1, bool keepDim = false)
        => Moments(input, dims, correction, keepDim, std: false);

    /// <summary>The variance and the mean along <paramref name="dim"/>, like <c>torch.var_mean(input, dim, correction=1, keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public static (Tensor Var, Tensor Mean) VarMean(Tensor input, int dim, double correction = 1, bool keepDim = false)
        => Moments(input, [dim], correction, keepDim, std: false);

    /// <summary>
    /// The standard deviation and the mean over <paramref name="dims"/> (all elements when none are given),
    /// like <c>torch.std_mean(input, dim=None, correction=1, keepdim=False)</c>: one node with both outputs
    /// differentiable.
    /// </summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public static (Tensor Std, Tensor Mean) StdMean(Tensor input, ReadOnlySpan<int> dims = default, double correction = 1, bool keepDim = false)
        => Moments(input, dims, correction, keepDim, std: true);

    /// <summary>The standard deviation and the mean along <paramref name="dim"/>, like <c>torch.std_mean(input, dim, correction=1, keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public static (Tensor Std, Tensor Mean) StdMean(Tensor input, int dim, double correction = 1, bool keepDim = false)
        => Moments(input, [dim], correction, keepDim, std: true);

    private Tensor Moment(MomentArgs a, bool std)
    {
        var (spread, _) = Statistics(a, std);
        return (std ? Derivatives.Std : Derivatives.Var).Record(spread, [this], a);
    }

    // No dims is PyTorch's dim=None: all elements.
    private static (Tensor, Tensor) Moments(Tensor input, ReadOnlySpan<int> dims, double correction, bool keepDim, bool std)
    {
        ArgumentNullException.ThrowIfNull(input);
        var a = MomentArgs.Over(input, dims.IsEmpty ? null : input.DimsOrAll(dims), correction, keepDim);
        var (spread, mean) = input.Statistics(a, std);
        (std ? Derivatives.StdMean : Derivatives.VarMean).Record([spread, mean], [input], a);
        return (spread, mean);
    }

    // Two passes, the mean and then the mean squared deviation, which has no cancellation (E[x²] - E[x]² has).
    private (Tensor Spread, Tensor Mean) Statistics(MomentArgs a, bool std)
    {
        if (!DType.IsFloatingPoint())
            throw new ArgumentException($"std and var only support floating point dtypes, but got {DType.Name()}");
        int count = 1;
        for (int d = 0; d < Dim; d++) if (a.Mask[d]) count *= ShapeArray[d];
        var mean = Compute.Binary<DivOp>(Reductions.Reduce<SumOp>(this, a.Mask), Wrap(count, DType), DType);
        var centered = Compute.Binary<SubOp>(this, mean, DType);
        var squares = Reductions.Reduce<SumOp>(Compute.Binary<MulOp>(centered, centered, DType), a.Mask);
        var variance = Compute.Binary<DivOp>(squares, Wrap(Math.Max(0, count - a.Correction), DType), DType);   // no degrees of freedom: x/0
        var spread = std ? Compute.UnaryFloat<SqrtOp>(variance) : variance;
        return (Squeezed(spread, a.Mask, a.KeepDim), Squeezed(mean, a.Mask, a.KeepDim));
    }
}

/// <summary>
/// The arguments of var and std: the reduced dims, the correction, keepdim, and whether no dim was given
/// (PyTorch's dim=None, whose gradient with no degrees of freedom left differs).
/// </summary>
internal sealed record MomentArgs(bool[] Mask, double Correction, bool KeepDim, bool AllDims)
{
    public static MomentArgs Over(Tensor x, bool[]? mask, double correction, bool keepDim)
        => new(mask ?? [.. Enumerable.Repeat(true, x.Dim)], correction, keepDim, AllDims: mask is null);
}
