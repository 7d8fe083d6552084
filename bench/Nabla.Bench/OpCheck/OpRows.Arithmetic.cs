using TorchSharp;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // The arithmetic operators and methods, with broadcasts, numbers on either side, alpha, and the in-place forms
    // (on a clone: an in-place op on a leaf that requires grad is an error in both engines).
    private static IEnumerable<OpRow> Arithmetic()
    {
        yield return R("add", A(2, 3), A(2, 3), (a, b) => a + b, (a, b) => a + b);
        yield return R("add broadcast", A(3, 1), A(1, 4), (a, b) => a + b, (a, b) => a + b);
        yield return R("add 0-d", A(), A(2, 3), (a, b) => a + b, (a, b) => a + b);
        yield return R("add transposed", A(3, 2), A(2, 3), (a, b) => a.T + b, (a, b) => a.t() + b);
        yield return R("add alpha=2.5", A(2, 3), A(3), (a, b) => a.Add(b, alpha: 2.5), (a, b) => a.add(b, 2.5));
        yield return R("add number", A(2, 3), a => a + 1.5, a => a + N(1.5));
        yield return R("add number-left", A(2, 3), a => 1.5 + a, a => N(1.5) + a);
        yield return R("sub", A(2, 3), A(2, 3), (a, b) => a - b, (a, b) => a - b);
        yield return R("sub broadcast", A(2, 3), A(3), (a, b) => a - b, (a, b) => a - b);
        yield return S("sub alpha=2", A(2, 3), A(3), (a, b) => a.Sub(b, alpha: 2), "torch.sub(a, b, alpha=2.0)");
        yield return R("sub number", A(2, 3), a => a - 1.5, a => a - N(1.5));
        yield return S("rsub 2.0 - x", A(2, 3), a => 2.0 - a, "torch.rsub(a, 2.0)");
        yield return R("mul", A(2, 3), A(2, 3), (a, b) => a * b, (a, b) => a * b);
        yield return R("mul broadcast", A(2, 1, 3), A(4, 1), (a, b) => a * b, (a, b) => a * b);
        yield return R("mul number", A(2, 3), a => a * -1.5, a => a * N(-1.5));
        yield return R("mul self", A(2, 3), a => a * a, a => a * a);
        yield return R("div", A(2, 3), P(2, 3), (a, b) => a / b, (a, b) => a / b);
        yield return R("div broadcast", A(2, 3), P(2, 1), (a, b) => a / b, (a, b) => a / b);
        yield return R("div number", A(2, 3), a => a / 4.0, a => a / N(4.0));
        yield return S("div number-left", P(2, 3), a => 2.0 / a, "torch.reciprocal(a) * num(2.0)");   // Python's 2.0 / x: reciprocal, then mul
        yield return R("reciprocal", P(2, 3), a => a.Reciprocal(), a => a.reciprocal());
        yield return R("neg", A(2, 3), a => -a, a => -a);
        yield return R("pow number", P(2, 3), a => a.Pow(2.5), a => a.pow(2.5));
        yield return R("pow integer", A(2, 3), a => a.Pow(3L), a => a.pow(3L));
        yield return R("pow 0", A(2, 3), a => a.Pow(0.0), a => a.pow(0.0));
        yield return R("pow tensor", P(2, 3), A(2, 3), (a, b) => a.Pow(b), (a, b) => a.pow(b));
        yield return R("pow broadcast", P(2, 3), A(3), (a, b) => a.Pow(b), (a, b) => a.pow(b));
        yield return R("add_", A(2, 3), A(3), (a, b) => a.Clone().AddInPlace(b, alpha: 2), (a, b) => a.clone().add_(b, 2));
        yield return R("add_ number", A(2, 3), a => a.Clone().AddInPlace(1.5), a => a.clone().add_(N(1.5)));
        yield return R("sub_", A(2, 3), A(2, 3), (a, b) => a.Clone().SubInPlace(b), (a, b) => a.clone().sub_(b));
        yield return R("mul_", A(2, 3), A(2, 3), (a, b) => a.Clone().MulInPlace(b), (a, b) => a.clone().mul_(b));
        yield return R("mul_ number", A(2, 3), a => a.Clone().MulInPlace(3.0), a => a.clone().mul_(N(3.0)));
        yield return R("div_", A(2, 3), P(3), (a, b) => a.Clone().DivInPlace(b), (a, b) => a.clone().div_(b));
        yield return R("add_ +=", A(2, 3), A(2, 3), (a, b) => { var c = a.Clone(); c += b; return c; }, (a, b) => a.clone().add_(b));
        yield return S("add_ on a view", A(2, 3), A(3), (a, b) => { var c = a.Clone(); c[0].AddInPlace(b); return c; }, "c = a.clone(); c[0].add_(b); return c");
        yield return S("mul_ on a view (the view)", A(2, 3), A(2), (a, b) => { var c = a.Clone(); var v = c[.., 1]; v.MulInPlace(b); return v; },
            "c = a.clone(); v = c[:, 1]; v.mul_(b); return v");
        yield return S("zero_", A(2, 3), a => a.Clone().ZeroInPlace(), "a.clone().zero_()");
        yield return S("fill_", A(2, 3), a => a.Clone().FillInPlace(2.5), "a.clone().fill_(2.5)");
        yield return S("fill_ on a view", A(2, 3), a => { var c = a.Clone(); c[.., 0].FillInPlace(-1); return c; }, "c = a.clone(); c[:, 0].fill_(-1.0); return c");
        yield return S("copy_", A(2, 3), A(3), (a, b) => a.Clone().CopyFromInPlace(b), "a.clone().copy_(b)");
        yield return S("copy_ into a view", A(2, 3), A(2), (a, b) => { var c = a.Clone(); c[.., 1].CopyFromInPlace(b); return c; }, "c = a.clone(); c[:, 1].copy_(b); return c");
        yield return R("eq", I(0, 3, 2, 3), I(0, 3, 2, 3), (a, b) => a.Eq(b), (a, b) => a.eq(b));
        yield return R("ne", A(2, 3), A(3), (a, b) => a.Ne(b), (a, b) => a.ne(b));
        yield return R("gt", A(2, 3), A(2, 3), (a, b) => a.Gt(b), (a, b) => a.gt(b));
        yield return R("ge number", A(2, 3), a => a.Ge(0.0), a => a.ge(N(0.0)));
        yield return R("lt", A(2, 3), A(3), (a, b) => a.Lt(b), (a, b) => a.lt(b));
        yield return R("le", I(0, 3, 4), I(0, 3, 4), (a, b) => a.Le(b), (a, b) => a.le(b));
        yield return R("where", B(2, 3), A(2, 3), A(3), (c, a, b) => a.Where(c, b), (c, a, b) => torch.where(c, a, b));
        yield return R("where number", B(2, 3), A(2, 3), (c, a) => a.Where(c, 0.5), (c, a) => torch.where(c, a, N(0.5)));
        yield return R("logical_and", B(2, 3), B(2, 3), (a, b) => a.LogicalAnd(b), (a, b) => a.logical_and(b));
        yield return R("logical_not", B(2, 3), a => a.LogicalNot(), a => a.logical_not());
    }
}
