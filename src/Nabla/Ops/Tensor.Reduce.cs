using Nabla.Kernels;

namespace Nabla;

// Reductions: sum, mean, max/min (all and per dim), argmax/argmin, norm.
public partial class Tensor
{
    /// <summary>The sum of all elements (integers sum as int64), like <c>x.sum()</c>.</summary>
    public Tensor Sum()
    {
        return Derivatives.Sum.Record(Reductions.Reduce<SumOp>(AccumulationInput(), AllDims()).View([]), this);
    }

    /// <summary>The sum over one dim, like <c>x.sum(dim, keepdim)</c>.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    /// <summary>The sum over several dims, like <c>x.sum((0, 1), keepdim)</c>.</summary>
    public Tensor Sum(ReadOnlySpan<int> dims, bool keepDim = false)
    {
        var mask = DimsOrAll(dims);
        var result = Squeezed(Reductions.Reduce<SumOp>(AccumulationInput(), mask), mask, keepDim);
        return Derivatives.SumDims.Record(result, [this], (mask, keepDim));
    }

    /// <summary>The mean of all elements (floating tensors only), like <c>x.mean()</c>.</summary>
    public Tensor Mean()
    {
        CheckMeanDType();
        int count = Count;
        var result = Compute.Binary<DivOp>(Reductions.Reduce<SumOp>(this, AllDims()).View([]), Wrap(count, DType), DType);
        return Derivatives.Mean.Record(result, [this], count);
    }

    /// <summary>The mean over one dim, like <c>x.mean(dim, keepdim)</c>.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    /// <summary>The mean over several dims, like <c>x.mean((0, 1), keepdim)</c>.</summary>
    public Tensor Mean(ReadOnlySpan<int> dims, bool keepDim = false)
    {
        CheckMeanDType();
        var mask = DimsOrAll(dims);
        int count = 1;
        for (int d = 0; d < Dim; d++) if (mask[d]) count *= ShapeArray[d];
        var sum = Squeezed(Reductions.Reduce<SumOp>(this, mask), mask, keepDim);
        return Derivatives.MeanDims.Record(Compute.Binary<DivOp>(sum, Wrap(count, DType), DType), [this], (mask, keepDim, count));
    }

    /// <summary>The largest element (NaN if any is NaN), like <c>x.max()</c>.</summary>
    public Tensor Max() => Extreme<MaxOp>(Derivatives.Max, "max");

    /// <summary>The smallest element (NaN if any is NaN), like <c>x.min()</c>.</summary>
    public Tensor Min() => Extreme<MinOp>(Derivatives.Min, "min");

    private Tensor Extreme<TOp>(Derivative<NoArgs> row, string op) where TOp : IReduceOp
    {
        if (Count == 0) throw new InvalidOperationException($"{op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        return row.Record(Reductions.Reduce<TOp>(this, AllDims()).View([]), this);
    }

    /// <summary>The largest values along <paramref name="dim"/> and where they are, like <c>x.max(dim)</c>.</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => ExtremeAlong(dim, keepDim, max: true);

    /// <summary>The smallest values along <paramref name="dim"/> and where they are, like <c>x.min(dim)</c>.</summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => ExtremeAlong(dim, keepDim, max: false);

    private (Tensor Values, Tensor Indices) ExtremeAlong(int dim, bool keepDim, bool max)
    {
        int d = ShapeMath.NormalizeDim(dim, Dim);
        var source = Dim == 0 ? Detach().Reshape(1) : this;
        if (source.ShapeArray[d] == 0) throw new ArgumentException($"{(max ? "max" : "min")}(): Expected reduction dim {d} to have non-zero size.");
        var (values, indices) = Reductions.ArgExtreme(source, d, max, wantValues: true);
        if (keepDim || Dim == 0)
        {
            values = Dim == 0 ? values!.View([]) : values!.Unsqueeze(d);
            indices = Dim == 0 ? indices.View([]) : indices.Unsqueeze(d);
        }
        var v = (max ? Derivatives.MaxDim : Derivatives.MinDim).Record(values!, [this], (d, keepDim), (Slot.Indices, indices));
        return (v, indices);
    }

    /// <summary>The flat index of the largest element, like <c>x.argmax()</c>.</summary>
    public Tensor Argmax() => Reductions.ArgExtreme(Reshape(-1), 0, max: true, wantValues: false).Indices.View([]);

    /// <summary>The index of the largest element along <paramref name="dim"/>, like <c>x.argmax(dim, keepdim)</c>.</summary>
    public Tensor Argmax(int dim, bool keepDim = false) => Max(dim, keepDim).Indices;

    /// <summary>The flat index of the smallest element, like <c>x.argmin()</c>.</summary>
    public Tensor Argmin() => Reductions.ArgExtreme(Reshape(-1), 0, max: false, wantValues: false).Indices.View([]);

    /// <summary>The index of the smallest element along <paramref name="dim"/>, like <c>x.argmin(dim, keepdim)</c>.</summary>
    public Tensor Argmin(int dim, bool keepDim = false) => Min(dim, keepDim).Indices;

    /// <summary>The p-norm of all elements (2 by default; ±<c>double.PositiveInfinity</c> for the max (min) of |x|; 0 counts nonzeros), like <c>x.norm(p)</c>.</summary>
    public Tensor Norm(double p = 2) => NormCore(p, AllDims(), keepDim: false);

    /// <summary>The p-norm along <paramref name="dim"/>, like <c>x.norm(p, dim, keepdim)</c>.</summary>
    public Tensor Norm(double p, int dim, bool keepDim = false) => NormCore(p, ShapeMath.DimMask([dim], Dim), keepDim);

    /// <summary>The p-norm over the dims of <paramref name="mask"/>, recorded as <paramref name="row"/> (default: linalg_vector_norm's).</summary>
    internal Tensor NormCore(double p, bool[] mask, bool keepDim, Derivative<(double P, bool[] Mask, bool KeepDim)>? row = null)
    {
        if (!DType.IsFloatingPoint()) throw new ArgumentException($"norm(): input dtype should be floating point, but got {DType.Name()}");
        Tensor result;
        using (GradMode.Set(false))
        {
            var a = Detach().Abs();
            var reduced = double.IsPositiveInfinity(p) ? Reductions.Reduce<MaxOp>(a, mask)
                : double.IsNegativeInfinity(p) ? Reductions.Reduce<MinOp>(a, mask)
                : p == 0 ? Reductions.Reduce<SumOp>(Compute.Cast(a.Ne(0.0), DType), mask)   // the number of nonzeros
                : p == 1 ? Reductions.Reduce<SumOp>(a, mask)
                : p == 2 ? Reductions.Reduce<SumOp>(a * a, mask).Sqrt()
                : Reductions.Reduce<SumOp>(a.Pow(p), mask).Pow(1 / p);
            result = Squeezed(reduced, mask, keepDim);
        }
        return (row ?? Derivatives.VectorNorm).Record(result, [this], (p, mask, keepDim));
    }

    private Tensor AccumulationInput() => DType.IsFloatingPoint() || DType == DType.Int64 ? this : Compute.Cast(this, DType.Int64);

    private void CheckMeanDType()
    {
        if (!DType.IsFloatingPoint())
            throw new ArgumentException($"mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {DType.Name()}");
    }

    // As PyTorch: an empty list of dims reduces over all of them.
    private bool[] DimsOrAll(ReadOnlySpan<int> dims) => dims.Length == 0 ? AllDims() : ShapeMath.DimMask(dims, Dim);

    private bool[] AllDims() => Enumerable.Repeat(true, Dim).ToArray();

    /// <summary>A keep-dim reduction result with the reduced dims dropped unless <paramref name="keepDim"/>.</summary>
    private static Tensor Squeezed(Tensor reduced, bool[] mask, bool keepDim)
        => keepDim ? reduced : reduced.View(Enumerable.Range(0, mask.Length).Where(d => !mask[d]).Select(d => reduced.ShapeArray[d]).ToArray());
}
