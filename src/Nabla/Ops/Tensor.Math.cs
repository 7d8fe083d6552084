using Nabla.Kernels;

namespace Nabla;

// Elementwise functions: each forward kernel beside its derivative rule.
public partial class Tensor
{
    /// <summary>eˣ elementwise, like <c>torch.exp</c>.</summary>
    public Tensor Exp()
    {
        var result = Compute.Unary<ExpOp>(AsFloat());
        return result.Record("ExpBackward0", static (n, g) => [g * n.Saved(0)], [this], [result]);   // d/dx eˣ = eˣ
    }

    /// <summary>Natural logarithm elementwise, like <c>torch.log</c>.</summary>
    public Tensor Log()
        => Compute.Unary<LogOp>(AsFloat()).Record("LogBackward0", static (n, g) => [g / n.Saved(0)], [this], [this]);   // d/dx ln x = 1/x

    /// <summary>Square root elementwise, like <c>torch.sqrt</c>.</summary>
    public Tensor Sqrt()
    {
        var result = Compute.Unary<SqrtOp>(AsFloat());
        return result.Record("SqrtBackward0", static (n, g) => [g / (n.Saved(0) * 2)], [this], [result]);   // d/dx √x = 1/(2√x)
    }

    /// <summary>|x| elementwise, like <c>torch.abs</c>.</summary>
    public Tensor Abs()
        => Compute.Unary<AbsOp>(this).Record("AbsBackward0", static (n, g) => [g * n.Saved(0).Sign()], [this], [this]);   // d/dx |x| = sign x

    /// <summary>The sign (-1, 0 or 1) elementwise, like <c>torch.sign</c>; its gradient is zero.</summary>
    public Tensor Sign()
        => Compute.Unary<SignOp>(this).Record("SignBackward0", static (n, g) => [g * 0], [this]);   // d/dx sign x = 0 (almost everywhere)

    /// <summary>sin x elementwise, like <c>torch.sin</c>.</summary>
    public Tensor Sin()
        => Compute.Unary<SinOp>(AsFloat()).Record("SinBackward0", static (n, g) => [g * n.Saved(0).Cos()], [this], [this]);   // d/dx sin x = cos x

    /// <summary>cos x elementwise, like <c>torch.cos</c>.</summary>
    public Tensor Cos()
        => Compute.Unary<CosOp>(AsFloat()).Record("CosBackward0", static (n, g) => [-g * n.Saved(0).Sin()], [this], [this]);   // d/dx cos x = -sin x

    /// <summary>tanh x elementwise, like <c>torch.tanh</c>.</summary>
    public Tensor Tanh()
    {
        var result = Compute.Unary<TanhOp>(AsFloat());
        return result.Record("TanhBackward0", static (n, g) => [g * (1 - n.Saved(0) * n.Saved(0))], [this], [result]);   // d/dx tanh x = 1 - tanh² x
    }

    /// <summary>The logistic function 1/(1+e⁻ˣ) elementwise, like <c>torch.sigmoid</c>.</summary>
    public Tensor Sigmoid()
    {
        var result = Compute.Unary<SigmoidOp>(AsFloat());
        return result.Record("SigmoidBackward0", static (n, g) => [g * n.Saved(0) * (1 - n.Saved(0))], [this], [result]);   // d/dx σ = σ(1-σ)
    }

    /// <summary>max(x, 0) elementwise, like <c>torch.relu</c>.</summary>
    public Tensor Relu()
    {
        var result = Compute.Unary<ReluOp>(this);
        return result.Record("ReluBackward0", static (n, g) => [g.ReluGrad(n.Saved(0))], [this], [result]);   // d/dx relu = [x > 0]
    }

    /// <summary>
    /// This gradient where <paramref name="output"/> &gt; 0, else 0, in one pass (three, as g * (y &gt; 0)):
    /// relu's backward, recorded as PyTorch's threshold_backward for a second derivative.
    /// </summary>
    internal Tensor ReluGrad(Tensor output)
    {
        var result = Compute.Binary<ReluGradOp>(this, output, DType);
        return result.Record("ThresholdBackwardBackward0", static (n, gg) => [gg.ReluGrad(n.Saved(0)), null], [this, output], [output]);
    }

    /// <summary>Clamps every element into [min, max] (either bound may be omitted), like <c>torch.clamp</c>.</summary>
    /// <exception cref="ArgumentException">When both bounds are omitted.</exception>
    public Tensor Clamp(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("At least one of 'min' or 'max' must not be null");
        var result = this;
        if (min is { } lo)
        {
            var bound = WrapScalar(lo);
            result = Compute.Binary<MaximumOp>(result, bound, DTypes.ResultType(this, bound));
        }
        if (max is { } hi)
        {
            var bound = WrapScalar(hi);
            result = Compute.Binary<MinimumOp>(result, bound, DTypes.ResultType(result, bound));
        }
        string name = min is null ? "ClampMaxBackward0" : max is null ? "ClampMinBackward0" : "ClampBackward1";
        return result.Record(name, (n, g) => [g * InRange(n.Saved(0), min, max)], [this], [this]);   // d/dx clamp = [min <= x <= max]
    }

    private static Tensor InRange(Tensor x, double? min, double? max)
    {
        var mask = min is { } lo ? x.Ge(lo) : null;
        if (max is { } hi) mask = mask is null ? x.Le(hi) : mask.LogicalAnd(x.Le(hi));
        return mask!;
    }
}
