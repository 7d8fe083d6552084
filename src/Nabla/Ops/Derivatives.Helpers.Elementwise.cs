namespace Nabla;

// The longer formulas of the elementwise rows (issue 10 part 2), as PyTorch's FunctionsManual.cpp
// writes them; tensor code, so that each can itself be differentiated.
internal static partial class Derivatives
{
    private const double Ln2 = 0.6931471805599453;     // ln 2
    private const double Ln10 = 2.302585092994046;     // ln 10

    // maximum/minimum: the gradient goes to the operand that wins, and is split in halves at ties
    // (PyTorch: where(self == other, grad / 2, grad).masked_fill_(loses, 0)).
    private static Tensor SplitAtTies(Tensor g, Tensor self, Tensor other, Tensor loses)
        => g.Where(self.Ne(other), g / 2).Where(loses.LogicalNot(), 0.0);

    // d/dx x·ln y = ln y, taken as 0 where x = 0 and y ≤ 0: x ln y is not defined around there and
    // PyTorch picks the derivative along x = 0 (its note on xlogy at x = 0, y ≤ 0).
    private static Tensor XLogYSelfGrad(Tensor g, Tensor self, Tensor other)
        => g.XLogY(other).Where(self.Eq(0.0).LogicalAnd(other.Le(0.0)).LogicalNot(), 0.0);

    private static Tensor XLogYSelfGrad(Tensor g, Tensor self, double other)
        => other > 0 ? g.XLogY(other) : g.XLogY(other).Where(self.Ne(0.0), 0.0);

    // copysign(x, y)/x = ±1, with 0 at x = 0 (PyTorch's copysign_tensor_self_backward masks the 0/0).
    private static Tensor SignRatio(Tensor self, Tensor result)
        => (result / self).Where(self.Ne(0.0), 0.0);

    // d/dx ln(x/(1 - x)) = 1/(x(1 - x)) inside [eps, 1 - eps], 0 outside it (the clamp is flat there);
    // without eps, NaN outside [0, 1] (PyTorch's infinitely_differentiable_logit_backward).
    private static Tensor LogitBackward(Tensor g, Tensor x, double? eps)
    {
        double lo = eps ?? 0, hi = 1 - lo;
        var inside = x.Ge(lo).LogicalAnd(x.Le(hi));
        return (g / (x * (1 - x))).Where(inside, eps is null ? double.NaN : 0.0);
    }
}
