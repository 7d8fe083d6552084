using Nabla.Kernels;

namespace Nabla;

// Comparisons and selection. Comparisons give bool tensors and are not differentiable.
public partial class Tensor
{
    /// <summary>this == other elementwise, like <c>torch.eq</c> (C#'s <c>==</c> stays reference equality).</summary>
    public Tensor Eq(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Compute.Compare<EqOp>(this, other);
    }

    /// <summary>this == a number elementwise.</summary>
    public Tensor Eq(double other) => Eq(WrapScalar(other));

    /// <summary>this != other elementwise, like <c>torch.ne</c>.</summary>
    public Tensor Ne(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Compute.Compare<NeOp>(this, other);
    }

    /// <summary>this != a number elementwise.</summary>
    public Tensor Ne(double other) => Ne(WrapScalar(other));

    /// <summary>this &gt; other elementwise, like <c>torch.gt</c>.</summary>
    public Tensor Gt(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Compute.Compare<GtOp>(this, other);
    }

    /// <summary>this &gt; a number elementwise.</summary>
    public Tensor Gt(double other) => Gt(WrapScalar(other));

    /// <summary>this ≥ other elementwise, like <c>torch.ge</c>.</summary>
    public Tensor Ge(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Compute.Compare<GeOp>(this, other);
    }

    /// <summary>this ≥ a number elementwise.</summary>
    public Tensor Ge(double other) => Ge(WrapScalar(other));

    /// <summary>this &lt; other elementwise, like <c>torch.lt</c>.</summary>
    public Tensor Lt(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Compute.Compare<LtOp>(this, other);
    }

    /// <summary>this &lt; a number elementwise.</summary>
    public Tensor Lt(double other) => Lt(WrapScalar(other));

    /// <summary>this ≤ other elementwise, like <c>torch.le</c>.</summary>
    public Tensor Le(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Compute.Compare<LeOp>(this, other);
    }

    /// <summary>this ≤ a number elementwise.</summary>
    public Tensor Le(double other) => Le(WrapScalar(other));

    /// <summary>
    /// This tensor where <paramref name="condition"/> is true, <paramref name="other"/> elsewhere
    /// (all three broadcast), like <c>x.where(condition, other)</c> = <c>torch.where(condition, x, other)</c>.
    /// </summary>
    public Tensor Where(Tensor condition, Tensor other)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(other);
        var result = Compute.Where(condition, this, other, DTypes.ResultType(this, other));
        return Derivatives.Where.Record(result, [this, other], default, (Slot.Mask, condition));
    }

    /// <summary>This tensor where <paramref name="condition"/> is true, a number elsewhere.</summary>
    public Tensor Where(Tensor condition, double other)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Where(condition, WrapScalar(other));
    }
}
