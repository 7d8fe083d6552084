using Nabla.Kernels;

namespace Nabla;

public partial class Tensor
{
    /// <summary>This tensor converted to <paramref name="dtype"/> (itself if it already is), like <c>x.to(dtype)</c>.</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType) return this;
        var result = Compute.Cast(this, dtype);
        return result.Record("ToCopyBackward0", static (n, g) => [g.To(n.InputDType(0))], [this]);   // the gradient converts back
    }
}
