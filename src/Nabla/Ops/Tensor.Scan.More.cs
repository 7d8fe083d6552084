using Nabla.Kernels;

namespace Nabla;

// More scans along a dim: cumprod, logcumsumexp, cummax, cummin.
public partial class Tensor
{
    /// <summary>
    /// The running product along <paramref name="dim"/>, like <c>torch.cumprod(x, dim, dtype=None)</c>:
    /// yₖ = x₀·...·xₖ. Integer and bool inputs multiply as int64 unless <paramref name="dtype"/> says otherwise.
    /// The gradient is exact where elements are 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="dim"/> is not a dim of this tensor.</exception>
    public Tensor CumProd(int dim, DType? dtype = null)
        => Scanned<CumProdOp>(Derivatives.CumProd, dim, dtype ?? (DType.IsFloatingPoint() ? DType : DType.Int64));

    /// <summary>The running log Σ eˣ along <paramref name="dim"/>, computed without overflow, like <c>torch.logcumsumexp(x, dim)</c>; floating tensors only.</summary>
    /// <exception cref="ArgumentException">When the tensor is not floating point.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="dim"/> is not a dim of this tensor.</exception>
    public Tensor LogCumSumExp(int dim)
    {
        if (!DType.IsFloatingPoint())
            throw new ArgumentException($"logcumsumexp(): expected a floating point input (float32 or float64), but got {DType.Name()}");
        return Scanned<LogCumSumExpOp>(Derivatives.LogCumSumExp, dim, DType);
    }

    private Tensor Scanned<TOp>(Derivative<int> row, int dim, DType dtype) where TOp : IScanOp
    {
        var lines = AsLines(dim, out int d);
        return row.Record(FromLines(Scans.Scan<TOp>(lines, d, dtype)), [this], d);
    }

    /// <summary>
    /// The running maximum along <paramref name="dim"/> and the position where each was reached, like
    /// <c>torch.cummax(x, dim)</c>: a tie reports the latest position, and a NaN stays once reached.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="dim"/> is not a dim of this tensor.</exception>
    public (Tensor Values, Tensor Indices) CumMax(int dim) => CumulativeExtreme(dim, max: true);

    /// <summary>The running minimum along <paramref name="dim"/> and where each was reached, like <c>torch.cummin(x, dim)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="dim"/> is not a dim of this tensor.</exception>
    public (Tensor Values, Tensor Indices) CumMin(int dim) => CumulativeExtreme(dim, max: false);

    private (Tensor Values, Tensor Indices) CumulativeExtreme(int dim, bool max)
    {
        var lines = AsLines(dim, out int d);
        var (values, indices) = CumulativeExtremes.Scan(lines, d, max);
        indices = FromLines(indices);
        var row = max ? Derivatives.CumMax : Derivatives.CumMin;
        return (row.Record(FromLines(values), [this], d, (Slot.Indices, indices)), indices);
    }
}
