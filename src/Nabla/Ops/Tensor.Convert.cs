using Nabla.Kernels;

namespace Nabla;

public partial class Tensor
{
    /// <summary>This tensor converted to <paramref name="dtype"/> (itself if it already is), like <c>x.to(dtype)</c>.</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType) return this;
        return Derivatives.ToCopy.Record(Compute.Cast(this, dtype), this);
    }
}
