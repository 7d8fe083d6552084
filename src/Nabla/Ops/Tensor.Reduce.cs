using Nabla.Kernels;

namespace Nabla;

// Reductions: sum, mean, max/min (all and per dim), argmax/argmin, norm.
public partial class Tensor
{
    /// <summary>The sum of all elements (integers sum as int64), like <c>x.sum()</c>.</summary>
    public Tensor Sum()
    {
        var result = Reductions.Reduce<SumOp>(AccumulationInput(), AllDims()).View([]);
        return result.Record("SumBackward0", static (n, g) => [g.Expand(n.InputShape(0))], [this]);   // d/dx Σx = 1
    }

    /// <summary>The sum over one dim, like <c>x.sum(dim, keepdim)</c>.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    /// <summary>The sum over several dims, like <c>x.sum((0, 1), keepdim)</c>.</summary>
    public Tensor Sum(ReadOnlySpan<int> dims, bool keepDim = false)
    {
        var mask = DimsOrAll(dims);
        var result = Squeezed(Reductions.Reduce<SumOp>(AccumulationInput(), mask), mask, keepDim);
        return result.Record("SumBackward1", (n, g) => [Unsqueezed(g, mask, keepDim).Expand(n.InputShape(0))], [this]);
    }

    /// <summary>The mean of all elements (floating tensors only), like <c>x.mean()</c>.</summary>
    public Tensor Mean()
    {
        CheckMeanDType();
        int count = Count;
        var result = Compute.Binary<DivOp>(Reductions.Reduce<SumOp>(this, AllDims()).View([]), Wrap(count, DType), DType);
        return result.Record("MeanBackward0", (n, g) => [g.Expand(n.InputShape(0)) / count], [this]);   // d/dx mean = 1/n
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
        var result = Compute.Binary<DivOp>(sum, Wrap(count, DType), DType);
        return result.Record("MeanBackward1", (n, g) => [Unsqueezed(g, mask, keepDim).Expand(n.InputShape(0)) / count], [this]);
    }

    /// <summary>The largest element (NaN if any is NaN), like <c>x.max()</c>.</summary>
    public Tensor Max() => Extreme<MaxOp>("MaxBackward1", "max");

    /// <summary>The smallest element (NaN if any is NaN), like <c>x.min()</c>.</summary>
    public Tensor Min() => Extreme<MinOp>("MinBackward1", "min");

    private Tensor Extreme<TOp>(string name, string op) where TOp : IReduceOp
    {
        if (Count == 0) throw new InvalidOperationException($"{op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        var result = Reductions.Reduce<TOp>(this, AllDims()).View([]);
        return result.Record(name, static (n, g) => [EvenlyDistribute(g, n.Saved(0), n.Saved(1))], [this], [this, result]);
    }

    // The gradient of a full max/min: shared equally among the elements that attain it.
    private static Tensor EvenlyDistribute(Tensor g, Tensor x, Tensor value)
    {
        var mask = x.Eq(value);
        return g * mask / mask.Sum();
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
        var v = values!.Record(max ? "MaxBackward0" : "MinBackward0", (n, g) => [SelectedBackward(g, n.Saved(0), n.InputShape(0), d, keepDim)], [this], [indices]);
        return (v, indices);
    }

    // The gradient of a per-dim max/min goes to the selected element only.
    private static Tensor SelectedBackward(Tensor g, Tensor indices, int[] shape, int dim, bool keepDim)
    {
        if (shape.Length == 0) return g;   // a 0-d input is its own extreme
        if (!keepDim)
        {
            g = g.Unsqueeze(dim);
            indices = indices.Unsqueeze(dim);
        }
        return g.ScatterAddInto(shape, dim, indices);
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

    private Tensor NormCore(double p, bool[] mask, bool keepDim)
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
        return result.Record("LinalgVectorNormBackward0", (n, g) => [NormBackward(g, n.Saved(0), n.Saved(1), p, mask, keepDim)], [this], [this, result]);
    }

    // d‖x‖ₚ/dx = sgn x·|x|^(p-1) / ‖x‖ₚ^(p-1), with 0 where the norm is 0 (PyTorch's norm_backward, case by case).
    private static Tensor NormBackward(Tensor g, Tensor x, Tensor norm, double p, bool[] mask, bool keepDim)
    {
        g = Unsqueezed(g, mask, keepDim);
        norm = Unsqueezed(norm, mask, keepDim);
        if (p == 0) return ZerosLike(x);   // a count of nonzeros: flat
        if (p == 1) return g * x.Sign();
        if (double.IsInfinity(p))   // max (or min) of |x|: shared among the elements that attain it
        {
            var hit = x.Abs().Eq(norm);
            return g * x.Sign() * hit / hit.Sum(MaskDims(mask), keepDim: true);
        }
        // Below p = 2 the power is written as sgn x·|x|^(p-1), which is 0 (not 0·∞) at x = 0.
        if (p < 1) return g * x.Sign() * x.Abs().Pow(p - 1).Where(x.Ne(0.0), 0.0) * norm.Pow(1 - p);
        var scale = p == 2 ? x / norm : p < 2 ? x.Sign() * x.Abs().Pow(p - 1) / norm.Pow(p - 1) : x * x.Abs().Pow(p - 2) / norm.Pow(p - 1);
        return g * scale.Where(norm.Ne(0.0), 0.0);
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

    private static int[] MaskDims(bool[] mask) => Enumerable.Range(0, mask.Length).Where(d => mask[d]).ToArray();

    /// <summary>A keep-dim reduction result with the reduced dims dropped unless <paramref name="keepDim"/>.</summary>
    private static Tensor Squeezed(Tensor reduced, bool[] mask, bool keepDim)
        => keepDim ? reduced : reduced.View(Enumerable.Range(0, mask.Length).Where(d => !mask[d]).Select(d => reduced.ShapeArray[d]).ToArray());

    /// <summary>Puts the reduced dims back (size 1) into a gradient, the inverse of <see cref="Squeezed"/>.</summary>
    private static Tensor Unsqueezed(Tensor g, bool[] mask, bool keepDim)
    {
        if (keepDim) return g;
        var shape = new int[mask.Length];
        for (int d = 0, k = 0; d < mask.Length; d++) shape[d] = mask[d] ? 1 : g.ShapeArray[k++];
        return g.Reshape(shape);
    }
}
