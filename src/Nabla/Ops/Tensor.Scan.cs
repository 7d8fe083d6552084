using Nabla.Kernels;

namespace Nabla;

// Scans: cumulative operations along one dim.
public partial class Tensor
{
    /// <summary>
    /// The running sum along <paramref name="dim"/>, like <c>torch.cumsum(x, dim, dtype=...)</c>:
    /// yₖ = x₀ + ... + xₖ. Integer and bool inputs sum as int64 unless <paramref name="dtype"/> says otherwise.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="dim"/> is not a dim of this tensor.</exception>
    public Tensor CumSum(int dim, DType? dtype = null)
    {
        int d = ShapeMath.NormalizeDim(dim, Math.Max(Dim, 1));   // a 0-d tensor takes dim 0 or -1, as in PyTorch
        var result = Scans.Scan<CumSumOp>(Dim == 0 ? Detach().Reshape(1) : this, d, dtype ?? (DType.IsFloatingPoint() ? DType : DType.Int64));
        return Derivatives.CumSum.Record(Dim == 0 ? result.View([]) : result, [this], d);
    }
}
