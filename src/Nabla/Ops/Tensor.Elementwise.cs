using Nabla.Kernels;

namespace Nabla;

// More elementwise functions of one tensor (issue 10 part 2): each runs its kernel and records its row
// of the derivative table. Integer and bool inputs give the default float dtype, as in PyTorch.
public partial class Tensor
{
    /// <summary>tan x elementwise, like <c>torch.tan</c>.</summary>
    public Tensor Tan() => Derivatives.Tan.Record(Compute.UnaryFloat<TanOp>(AsFloat()), this);

    /// <summary>The arcsine elementwise (NaN outside [-1, 1]), like <c>torch.asin</c>.</summary>
    public Tensor Asin() => Derivatives.Asin.Record(Compute.UnaryFloat<AsinOp>(AsFloat()), this);

    /// <summary>The arccosine elementwise (NaN outside [-1, 1]), like <c>torch.acos</c>.</summary>
    public Tensor Acos() => Derivatives.Acos.Record(Compute.UnaryFloat<AcosOp>(AsFloat()), this);

    /// <summary>sinh x elementwise, accurate near 0 and up to overflow, like <c>torch.sinh</c>.</summary>
    public Tensor Sinh() => Derivatives.Sinh.Record(Compute.UnaryFloat<SinhOp>(AsFloat()), this);

    /// <summary>cosh x elementwise, accurate up to overflow, like <c>torch.cosh</c>.</summary>
    public Tensor Cosh() => Derivatives.Cosh.Record(Compute.UnaryFloat<CoshOp>(AsFloat()), this);

    /// <summary>The inverse hyperbolic sine elementwise, like <c>torch.asinh</c>.</summary>
    public Tensor Asinh() => Derivatives.Asinh.Record(Compute.UnaryFloat<AsinhOp>(AsFloat()), this);

    /// <summary>The inverse hyperbolic cosine elementwise (NaN below 1), like <c>torch.acosh</c>.</summary>
    public Tensor Acosh() => Derivatives.Acosh.Record(Compute.UnaryFloat<AcoshOp>(AsFloat()), this);

    /// <summary>The inverse hyperbolic tangent elementwise (±∞ at ±1, NaN beyond), like <c>torch.atanh</c>.</summary>
    public Tensor Atanh() => Derivatives.Atanh.Record(Compute.UnaryFloat<AtanhOp>(AsFloat()), this);

    /// <summary>ln(1 + x) elementwise, accurate for x near 0 (where log(1 + x) loses every digit), like <c>torch.log1p</c>.</summary>
    public Tensor Log1p() => Derivatives.Log1p.Record(Compute.UnaryFloat<Log1pOp>(AsFloat()), this);

    /// <summary>eˣ - 1 elementwise, accurate for x near 0 (where exp(x) - 1 loses every digit), like <c>torch.expm1</c>.</summary>
    public Tensor Expm1() => Derivatives.Expm1.Record(Compute.UnaryFloat<Expm1Op>(AsFloat()), this);

    /// <summary>2ˣ elementwise, like <c>torch.exp2</c>.</summary>
    public Tensor Exp2() => Derivatives.Exp2.Record(Compute.UnaryFloat<Exp2Op>(AsFloat()), this);

    /// <summary>The base-2 logarithm elementwise, like <c>torch.log2</c>.</summary>
    public Tensor Log2() => Derivatives.Log2.Record(Compute.UnaryFloat<Log2Op>(AsFloat()), this);

    /// <summary>The base-10 logarithm elementwise, like <c>torch.log10</c>.</summary>
    public Tensor Log10() => Derivatives.Log10.Record(Compute.UnaryFloat<Log10Op>(AsFloat()), this);

    /// <summary>1/√x elementwise, like <c>torch.rsqrt</c>.</summary>
    public Tensor Rsqrt() => Derivatives.Rsqrt.Record(Compute.UnaryFloat<RsqrtOp>(AsFloat()), this);

    /// <summary>
    /// The complementary error function erfc x = 1 - erf x elementwise, computed directly so that it keeps
    /// its relative accuracy in the tail (erfc 10 ≈ 2.1e-45), like <c>torch.erfc</c>.
    /// </summary>
    public Tensor Erfc() => Derivatives.Erfc.Record(Compute.UnaryFloat<ErfcOp>(AsFloat()), this);

    /// <summary>The inverse error function elementwise (±∞ at ±1, NaN outside [-1, 1]), like <c>torch.erfinv</c>.</summary>
    public Tensor ErfInv() => Derivatives.ErfInv.Record(Compute.UnaryFloat<ErfInvOp>(AsFloat()), this);

    /// <summary>x² elementwise, like <c>torch.square</c>: PyTorch's <c>pow(x, 2)</c>, so it records <c>PowBackward0</c> (integers stay integers, bools become int64).</summary>
    public Tensor Square() => DType.IsFloatingPoint() ? Pow(2.0) : (DType == DType.Bool ? To(DType.Int64) : this).Pow(2L);

    /// <summary>The sign (-1, 0 or 1) elementwise, like <c>torch.sgn</c>: for real tensors the same values as <see cref="Sign"/>, recorded as <c>SgnBackward0</c>.</summary>
    public Tensor Sgn() => Derivatives.Sgn.Record(Compute.Unary<SignOp>(this), this);

    /// <summary>
    /// The log-odds ln(p/(1 - p)) elementwise, like <c>torch.logit</c>. With <paramref name="eps"/>, p is
    /// clamped to [eps, 1 - eps] first (and the gradient is 0 outside); without it, values outside [0, 1]
    /// give NaN.
    /// </summary>
    public Tensor Logit(double? eps = null)
    {
        var x = AsFloat();
        var result = Compute.BinaryFloat<LogitOp>(x, Wrap(eps ?? -1, x.DType), x.DType);   // a negative eps means none
        return Derivatives.Logit.Record(result, [this], eps);
    }

    /// <summary>
    /// NaN, +∞ and -∞ replaced by <paramref name="nan"/>, <paramref name="posinf"/> and <paramref name="neginf"/>
    /// (by default 0 and the dtype's largest and lowest finite values), like <c>torch.nan_to_num</c>.
    /// Integer and bool tensors come back unchanged (as a copy).
    /// </summary>
    public Tensor NanToNum(double nan = 0, double? posinf = null, double? neginf = null)
    {
        if (!DType.IsFloatingPoint()) return Compute.Clone(this);
        double max = DType == DType.Float32 ? float.MaxValue : double.MaxValue;
        var (forPosInf, forNegInf) = (posinf ?? max, neginf ?? -max);
        return Derivatives.NanToNum.Record(Kernels.NanToNum.Replace(this, nan, forPosInf, forNegInf), [this], (nan, forPosInf, forNegInf));
    }
}
