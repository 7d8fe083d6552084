using Nabla.Kernels;
using Row = Nabla.Derivative<Nabla.NoArgs>;

namespace Nabla;

// Rounding (issue 10 part 2). As in PyTorch, integer tensors come back unchanged (as a copy), bool
// tensors are refused, and the gradient is zero (frac's is one).
public partial class Tensor
{
    /// <summary>The largest integer ≤ x elementwise, like <c>torch.floor</c>.</summary>
    public Tensor Floor() => Rounded<FloorOp>(Derivatives.Floor, "floor");

    /// <summary>The smallest integer ≥ x elementwise, like <c>torch.ceil</c>.</summary>
    public Tensor Ceil() => Rounded<CeilOp>(Derivatives.Ceil, "ceil");

    /// <summary>The nearest integer elementwise, halves to even (2.5 → 2), like <c>torch.round</c>.</summary>
    public Tensor Round() => Rounded<RoundOp>(Derivatives.Round, "round");

    /// <summary>
    /// Rounded to <paramref name="decimals"/> decimal places elementwise (negative: to tens, hundreds...),
    /// halves to even, like <c>torch.round(x, decimals=...)</c> (<c>RoundBackward1</c>). As PyTorch, it
    /// scales by 10^|decimals| in the tensor's dtype, rounds and scales back, so float32 results carry
    /// float32 rounding (round(1.2345, 2) is the float32 nearest 1.23).
    /// </summary>
    /// <exception cref="ArgumentException">For integer and bool tensors, which PyTorch refuses here.</exception>
    public Tensor Round(int decimals)
    {
        if (!DType.IsFloatingPoint())
            throw new ArgumentException($"round(decimals) is not implemented for {DType.Name()} tensors (nor in PyTorch); round a floating tensor");
        double scale = Math.Pow(10, Math.Abs(decimals));
        var result = NNOps.Untracked(() => decimals >= 0 ? (this * scale).Round() / scale : (this / scale).Round() * scale);
        return Derivatives.RoundDecimals.Record(result, [this], decimals);
    }

    /// <summary>x rounded toward zero elementwise, like <c>torch.trunc</c> (and <c>torch.fix</c>).</summary>
    public Tensor Trunc() => Rounded<TruncOp>(Derivatives.Trunc, "trunc");

    /// <summary>The fractional part x - trunc(x) elementwise (with x's sign), like <c>torch.frac</c>; floating tensors only.</summary>
    /// <exception cref="ArgumentException">For integer and bool tensors, which PyTorch refuses.</exception>
    public Tensor Frac()
    {
        if (!DType.IsFloatingPoint())
            throw new ArgumentException($"frac is not implemented for {DType.Name()} tensors (nor in PyTorch); integers have no fractional part");
        return Derivatives.Frac.Record(Compute.UnaryFloat<FracOp>(this), this);
    }

    private Tensor Rounded<TOp>(Row row, string name) where TOp : IFloatUnaryOp<TOp>
    {
        if (DType == DType.Bool)
            throw new ArgumentException($"{name} is not implemented for bool tensors (nor in PyTorch); convert with To(DType.Int64) or To(DType.Float32) first");
        return DType.IsFloatingPoint() ? row.Record(Compute.UnaryFloat<TOp>(this), this) : Compute.Clone(this);
    }
}
