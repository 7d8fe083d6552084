using Nabla.Kernels;

namespace Nabla;

// More reductions: prod, logsumexp, amax/amin, all/any, count_nonzero, nansum/nanmean.
public partial class Tensor
{
    /// <summary>
    /// The product of all elements, like <c>x.prod(dtype=None)</c>: integers and bools multiply as int64
    /// unless <paramref name="dtype"/> says otherwise; an empty tensor gives 1.
    /// </summary>
    public Tensor Prod(DType? dtype = null)
        => Derivatives.Prod.Record(Reductions.Reduce<ProdOp>(ProductInput(dtype), AllDims()).View([]), this);

    /// <summary>The product along <paramref name="dim"/>, like <c>x.prod(dim, keepdim=False, dtype=None)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="dim"/> is not a dim of this tensor.</exception>
    public Tensor Prod(int dim, bool keepDim = false, DType? dtype = null)
    {
        int d = ShapeMath.NormalizeDim(dim, Dim);
        var mask = ShapeMath.DimMask([d], Dim);
        var result = Squeezed(Reductions.Reduce<ProdOp>(ProductInput(dtype), mask), mask, keepDim);
        return Derivatives.ProdDim.Record(result, [this], (d, keepDim));
    }

    private Tensor ProductInput(DType? dtype) => dtype is { } d ? Compute.Cast(this, d) : AccumulationInput();

    /// <summary>
    /// log Σ eˣ along <paramref name="dim"/>, computed without overflow, like <c>torch.logsumexp(x, dim, keepdim=False)</c>
    /// (integers give the default float dtype; an empty dim gives -∞).
    /// </summary>
    public Tensor LogSumExp(int dim, bool keepDim = false) => LogSumExp([dim], keepDim);

    /// <summary>log Σ eˣ over <paramref name="dims"/> (all of them when empty), like <c>torch.logsumexp(x, (0, 1), keepdim=False)</c>.</summary>
    public Tensor LogSumExp(ReadOnlySpan<int> dims, bool keepDim = false)
    {
        var mask = DimsOrAll(dims);
        var x = AsFloat();
        var dtype = x.DType;
        // log Σ eˣ = m + log Σ e^(x - m) with m the max, taken as 0 where it is infinite (which would give ∞ - ∞).
        var max = Reductions.Reduce<MaxOp>(x, mask);
        var shift = Compute.Where(Compute.Compare<EqOp>(Compute.Unary<AbsOp>(max), Wrap(double.PositiveInfinity, dtype)), Wrap(0, dtype), max, dtype);
        var sum = Reductions.Reduce<SumOp>(Compute.UnaryFloat<ExpOp>(Compute.Binary<SubOp>(x, shift, dtype)), mask);
        var result = Compute.Binary<AddOp>(Compute.UnaryFloat<LogOp>(sum), shift, dtype);
        return Derivatives.LogSumExp.Record(Squeezed(result, mask, keepDim), [this], (mask, keepDim));
    }

    /// <summary>The largest element (NaN if any is NaN), like <c>x.amax()</c>; the gradient is shared among ties.</summary>
    /// <exception cref="InvalidOperationException">When the tensor is empty.</exception>
    public Tensor Amax() => Amax([]);

    /// <summary>The largest values along <paramref name="dim"/>, like <c>x.amax(dim, keepdim=False)</c> (no indices: see <see cref="Max(int, bool)"/>).</summary>
    /// <exception cref="ArgumentException">When the dim is empty.</exception>
    public Tensor Amax(int dim, bool keepDim = false) => Amax([dim], keepDim);

    /// <summary>The largest values over <paramref name="dims"/> (all of them when empty), like <c>x.amax((0, 1), keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When a reduced dim is empty.</exception>
    public Tensor Amax(ReadOnlySpan<int> dims, bool keepDim = false) => ExtremeOver<MaxOp>(dims, keepDim, Derivatives.Amax, "amax");

    /// <summary>The smallest element (NaN if any is NaN), like <c>x.amin()</c>; the gradient is shared among ties.</summary>
    /// <exception cref="InvalidOperationException">When the tensor is empty.</exception>
    public Tensor Amin() => Amin([]);

    /// <summary>The smallest values along <paramref name="dim"/>, like <c>x.amin(dim, keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When the dim is empty.</exception>
    public Tensor Amin(int dim, bool keepDim = false) => Amin([dim], keepDim);

    /// <summary>The smallest values over <paramref name="dims"/> (all of them when empty), like <c>x.amin((0, 1), keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When a reduced dim is empty.</exception>
    public Tensor Amin(ReadOnlySpan<int> dims, bool keepDim = false) => ExtremeOver<MinOp>(dims, keepDim, Derivatives.Amin, "amin");

    private Tensor ExtremeOver<TOp>(ReadOnlySpan<int> dims, bool keepDim, Derivative<(bool[] Mask, bool KeepDim)> row, string op) where TOp : IReduceOp
    {
        var mask = DimsOrAll(dims);
        if (dims.Length == 0 && Count == 0)
            throw new InvalidOperationException($"{op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        for (int d = 0; d < Dim; d++)
            if (mask[d] && ShapeArray[d] == 0) throw new ArgumentException($"{op}(): Expected reduction dim {d} to have non-zero size.");
        return row.Record(Squeezed(Reductions.Reduce<TOp>(this, mask), mask, keepDim), [this], (mask, keepDim));
    }

    /// <summary>Whether every element is nonzero (true for an empty tensor), like <c>x.all()</c>: a bool tensor.</summary>
    public Tensor All() => Logical<AllOp>(AllDims(), keepDim: false);

    /// <summary>Whether every element along <paramref name="dim"/> is nonzero, like <c>x.all(dim, keepdim=False)</c>.</summary>
    public Tensor All(int dim, bool keepDim = false) => All([dim], keepDim);

    /// <summary>Whether every element over <paramref name="dims"/> (all of them when empty) is nonzero, like <c>x.all((0, 1), keepdim=False)</c>.</summary>
    public Tensor All(ReadOnlySpan<int> dims, bool keepDim = false) => Logical<AllOp>(DimsOrAll(dims), keepDim);

    /// <summary>Whether any element is nonzero (false for an empty tensor), like <c>x.any()</c>: a bool tensor.</summary>
    public Tensor Any() => Logical<AnyOp>(AllDims(), keepDim: false);

    /// <summary>Whether any element along <paramref name="dim"/> is nonzero, like <c>x.any(dim, keepdim=False)</c>.</summary>
    public Tensor Any(int dim, bool keepDim = false) => Any([dim], keepDim);

    /// <summary>Whether any element over <paramref name="dims"/> (all of them when empty) is nonzero, like <c>x.any((0, 1), keepdim=False)</c>.</summary>
    public Tensor Any(ReadOnlySpan<int> dims, bool keepDim = false) => Logical<AnyOp>(DimsOrAll(dims), keepDim);

    // NaN is nonzero, so it counts as true, as in PyTorch.
    private Tensor Logical<TOp>(bool[] mask, bool keepDim) where TOp : IReduceOp
        => Squeezed(Reductions.Reduce<TOp>(Compute.Cast(this, DType.Bool), mask), mask, keepDim);

    /// <summary>The number of nonzero elements (NaN counts), like <c>torch.count_nonzero(x)</c>: an int64 tensor.</summary>
    public Tensor CountNonzero() => CountNonzero([]);

    /// <summary>The number of nonzero elements along <paramref name="dim"/>, like <c>torch.count_nonzero(x, dim)</c>.</summary>
    public Tensor CountNonzero(int dim) => CountNonzero([dim]);

    /// <summary>The number of nonzero elements over <paramref name="dims"/> (all of them when empty), like <c>torch.count_nonzero(x, (0, 1))</c>.</summary>
    public Tensor CountNonzero(ReadOnlySpan<int> dims)
    {
        var mask = DimsOrAll(dims);
        return Squeezed(Reductions.Reduce<SumOp>(Compute.Cast(Compute.Cast(this, DType.Bool), DType.Int64), mask), mask, keepDim: false);
    }

    /// <summary>The sum of all elements with NaN taken as 0, like <c>x.nansum()</c> (integers sum as int64).</summary>
    public Tensor NanSum() => NanSumOver(AllDims(), keepDim: false);

    /// <summary>The sum along <paramref name="dim"/> with NaN taken as 0, like <c>x.nansum(dim, keepdim=False)</c>.</summary>
    public Tensor NanSum(int dim, bool keepDim = false) => NanSum([dim], keepDim);

    /// <summary>The sum over <paramref name="dims"/> (all of them when empty) with NaN taken as 0, like <c>x.nansum((0, 1), keepdim=False)</c>.</summary>
    public Tensor NanSum(ReadOnlySpan<int> dims, bool keepDim = false) => NanSumOver(DimsOrAll(dims), keepDim);

    private Tensor NanSumOver(bool[] mask, bool keepDim)
    {
        var x = DType.IsFloatingPoint() ? Compute.Where(Compute.Compare<NeOp>(this, this), Wrap(0, DType), this, DType) : AccumulationInput();
        return Derivatives.NanSum.Record(Squeezed(Reductions.Reduce<SumOp>(x, mask), mask, keepDim), [this], (mask, keepDim));
    }

    /// <summary>The mean of the elements that are not NaN, like <c>x.nanmean()</c> (NaN when all are); floating tensors only.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public Tensor NanMean() => NanMeanOver([], keepDim: false);

    /// <summary>The mean along <paramref name="dim"/> of the elements that are not NaN, like <c>x.nanmean(dim, keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public Tensor NanMean(int dim, bool keepDim = false) => NanMeanOver([dim], keepDim);

    /// <summary>The mean over <paramref name="dims"/> (all of them when empty) of the elements that are not NaN, like <c>x.nanmean((0, 1), keepdim=False)</c>.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    public Tensor NanMean(ReadOnlySpan<int> dims, bool keepDim = false) => NanMeanOver(dims, keepDim);

    // As PyTorch composes it: nansum / (number of elements that are not NaN), which shows DivBackward0.
    private Tensor NanMeanOver(ReadOnlySpan<int> dims, bool keepDim)
    {
        if (!DType.IsFloatingPoint())
            throw new ArgumentException($"nanmean(): expected input to have floating point dtype but got {DType.Name()}");
        return NanSum(dims, keepDim) / Eq(this).Sum(dims, keepDim);
    }
}
