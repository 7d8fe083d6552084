using Nabla.Kernels;

namespace Nabla;

// Elementwise functions: each runs its kernel and records its row of the derivative table.
public partial class Tensor
{
    /// <summary>eˣ elementwise, like <c>torch.exp</c>.</summary>
    public Tensor Exp()
    {
        return Derivatives.Exp.Record(Compute.UnaryFloat<ExpOp>(AsFloat()), this);
    }

    /// <summary>Natural logarithm elementwise, like <c>torch.log</c>.</summary>
    public Tensor Log()
        => Derivatives.Log.Record(Compute.UnaryFloat<LogOp>(AsFloat()), this);

    /// <summary>Square root elementwise, like <c>torch.sqrt</c>.</summary>
    public Tensor Sqrt()
    {
        return Derivatives.Sqrt.Record(Compute.UnaryFloat<SqrtOp>(AsFloat()), this);
    }

    /// <summary>|x| elementwise, like <c>torch.abs</c>.</summary>
    public Tensor Abs()
        => Derivatives.Abs.Record(Compute.Unary<AbsOp>(this), this);

    /// <summary>The sign (-1, 0 or 1) elementwise, like <c>torch.sign</c>; its gradient is zero.</summary>
    public Tensor Sign()
        => Derivatives.Sign.Record(Compute.Unary<SignOp>(this), this);

    /// <summary>sin x elementwise, like <c>torch.sin</c>.</summary>
    public Tensor Sin()
        => Derivatives.Sin.Record(Compute.UnaryFloat<SinOp>(AsFloat()), this);

    /// <summary>cos x elementwise, like <c>torch.cos</c>.</summary>
    public Tensor Cos()
        => Derivatives.Cos.Record(Compute.UnaryFloat<CosOp>(AsFloat()), this);

    /// <summary>The error function erf x = 2/√π ∫₀ˣ e^(-t²) dt elementwise, like <c>torch.erf</c>.</summary>
    public Tensor Erf() => Derivatives.Erf.Record(Compute.UnaryFloat<ErfOp>(AsFloat()), this);

    /// <summary>The arctangent elementwise, like <c>torch.atan</c>.</summary>
    public Tensor Atan() => Derivatives.Atan.Record(Compute.UnaryFloat<AtanOp>(AsFloat()), this);

    /// <summary>
    /// The angle of the point (<paramref name="other"/>, this) elementwise, in (-π, π], like
    /// <c>torch.atan2(self, other)</c>, with broadcasting (integers give the default float dtype).
    /// </summary>
    public Tensor Atan2(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var dtype = DTypes.ResultType(this, other);
        return Derivatives.Atan2.Record(Compute.BinaryFloat<Atan2Op>(this, other, dtype.IsFloatingPoint() ? dtype : DTypes.DefaultFloat), this, other);
    }

    /// <summary>tanh x elementwise, like <c>torch.tanh</c>.</summary>
    public Tensor Tanh()
    {
        return Derivatives.Tanh.Record(Compute.UnaryFloat<TanhOp>(AsFloat()), this);
    }

    /// <summary>The logistic function 1/(1+e⁻ˣ) elementwise, like <c>torch.sigmoid</c>.</summary>
    public Tensor Sigmoid()
    {
        return Derivatives.Sigmoid.Record(Compute.UnaryFloat<SigmoidOp>(AsFloat()), this);
    }

    /// <summary>max(x, 0) elementwise, like <c>torch.relu</c>.</summary>
    public Tensor Relu()
    {
        return Derivatives.Relu.Record(Compute.Unary<ReluOp>(this), this);
    }

    /// <summary>
    /// This gradient where <paramref name="output"/> &gt; 0, else 0, in one pass (three, as g * (y &gt; 0)):
    /// relu's backward, recorded as PyTorch's threshold_backward for a second derivative.
    /// </summary>
    internal Tensor ReluGrad(Tensor output)
    {
        return Derivatives.ReluGrad.Record(Compute.Binary<ReluGradOp>(this, output, DType), this, output);
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
        // One node whichever bounds are given: Python's x.clamp(min=0) is clamp(self, min, max=None), ClampBackward1
        // (ClampMinBackward0 is torch.clamp_min's).
        return Derivatives.Clamp.Record(result, [this], (min, max));
    }

    /// <summary>max(this, <paramref name="min"/>) elementwise, like <c>torch.clamp_min</c> (node <c>ClampMinBackward0</c>; ATen's losses clamp so).</summary>
    public Tensor ClampMin(double min)
    {
        var bound = WrapScalar(min);
        return Derivatives.ClampMin.Record(Compute.Binary<MaximumOp>(this, bound, DTypes.ResultType(this, bound)), [this], min);
    }

    /// <summary>min(this, <paramref name="max"/>) elementwise, like <c>torch.clamp_max</c> (node <c>ClampMaxBackward0</c>).</summary>
    public Tensor ClampMax(double max)
    {
        var bound = WrapScalar(max);
        return Derivatives.ClampMax.Record(Compute.Binary<MinimumOp>(this, bound, DTypes.ResultType(this, bound)), [this], max);
    }
}
