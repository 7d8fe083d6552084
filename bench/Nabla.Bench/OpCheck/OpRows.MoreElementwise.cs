namespace Nabla.Bench;

internal static partial class OpRows
{
    // The elementwise ops of issue 10 part 2 (libtorch side in TorchScript, spelled as Python spells them; a number
    // goes to the Scalar overload there, as Python passes it to fmod, remainder, xlogy, copysign...).
    private static IEnumerable<OpRow> MoreElementwise()
    {
        (string Op, Func<int[], In> Input, Func<Tensor, Tensor> Nabla)[] unary =
        [
            ("tan", s => U(s), x => x.Tan()),
            ("asin", s => U(s), x => x.Asin()),
            ("acos", s => U(s), x => x.Acos()),
            ("sinh", s => A(s), x => x.Sinh()),
            ("cosh", s => A(s), x => x.Cosh()),
            ("asinh", s => W(s), x => x.Asinh()),
            ("acosh", s => Un(1.2, 4, s), x => x.Acosh()),
            ("atanh", s => U(s), x => x.Atanh()),
            ("log1p", s => P(s), x => x.Log1p()),
            ("expm1", s => A(s), x => x.Expm1()),
            ("exp2", s => A(s), x => x.Exp2()),
            ("log2", s => P(s), x => x.Log2()),
            ("log10", s => P(s), x => x.Log10()),
            ("rsqrt", s => P(s), x => x.Rsqrt()),
            ("erfc", s => A(s), x => x.Erfc()),
            ("erfinv", s => U(s), x => x.ErfInv()),
            ("square", s => A(s), x => x.Square()),
            ("floor", s => Z(s), x => x.Floor()),
            ("ceil", s => Z(s), x => x.Ceil()),
            ("round", s => Z(s), x => x.Round()),
            ("trunc", s => Z(s), x => x.Trunc()),
            ("frac", s => Z(s), x => x.Frac()),
            ("sgn", s => Z(s), x => x.Sgn()),
            ("logit", s => Pr(s), x => x.Logit()),
            ("nan_to_num", s => A(s), x => x.NanToNum()),
        ];
        foreach (var (op, input, nabla) in unary)
        {
            yield return S(op, input([2, 3]), nabla, $"torch.{op}(a)");
            yield return S($"{op} transposed", input([3, 2]), x => nabla(x.T), $"torch.{op}(a.t())");
        }
        yield return S("round decimals=-1", Un(-30, 30, 2, 3), x => x.Round(decimals: -1), "torch.round(a, decimals=-1)");
        yield return S("round decimals=2", A(2, 3), x => x.Round(decimals: 2), "torch.round(a, decimals=2)");
        yield return S("logit eps=0.25", Pr(2, 3), x => x.Logit(eps: 0.25), "torch.logit(a, 0.25)");
        yield return S("nan_to_num specials", V([double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1.5, -2, 0], [2, 3]), x => x.NanToNum(nan: 1, posinf: 2),
            "torch.nan_to_num(a, 1.0, 2.0)");
        yield return S("expm1 0-d", A(), x => x.Expm1(), "torch.expm1(a)");
        yield return S("expm1 small", V([1e-10, -3e-9, 2e-17, 0.001, -1e-5, 5e-8], [2, 3]), x => x.Expm1(), "torch.expm1(a)") with { Tolerance = 1e-15 };
        yield return S("log1p small", V([1e-10, -3e-9, 2e-17, 0.001, -1e-5, 5e-8], [2, 3]), x => x.Log1p(), "torch.log1p(a)") with { Tolerance = 1e-15 };
        yield return S("tanh small", V([1e-10, -3e-9, 2e-17, 0.001, -1e-5, 5e-8], [2, 3]), x => x.Tanh(), "torch.tanh(a)") with { Tolerance = 1e-15 };
        yield return S("sinh small", V([1e-10, -3e-9, 2e-17, 0.001, -1e-5, 5e-8], [2, 3]), x => x.Sinh(), "torch.sinh(a)") with { Tolerance = 1e-15 };
        yield return S("cosh large", V([30, -40, 300, 700, -1, 0.5], [2, 3]), x => x.Cosh(), "torch.cosh(a)") with { Tolerance = 1e-14 };
        yield return S("exp2 large", V([30.3, -40.7, 300.1, 1000.5, -1000.2, 0.5], [2, 3]), x => x.Exp2(), "torch.exp2(a)") with { Tolerance = 1e-14 };

        (string Op, Func<int[], In> Left, Func<int[], In> Right, Func<Tensor, Tensor, Tensor> Nabla)[] binary =
        [
            ("maximum", s => A(s), s => A(s), (a, b) => a.Maximum(b)),
            ("minimum", s => A(s), s => A(s), (a, b) => a.Minimum(b)),
            ("fmax", s => A(s), s => A(s), (a, b) => a.Fmax(b)),
            ("fmin", s => A(s), s => A(s), (a, b) => a.Fmin(b)),
            ("fmod", s => W(s), s => P(s), (a, b) => a.Fmod(b)),
            ("remainder", s => W(s), s => P(s), (a, b) => a.Remainder(b)),
            ("hypot", s => A(s), s => A(s), (a, b) => a.Hypot(b)),
            ("logaddexp", s => W(s), s => W(s), (a, b) => a.LogAddExp(b)),
            ("logaddexp2", s => W(s), s => W(s), (a, b) => a.LogAddExp2(b)),
            ("xlogy", s => A(s), s => P(s), (a, b) => a.XLogY(b)),
            ("copysign", s => Z(s), s => Z(s), (a, b) => a.CopySign(b)),
        ];
        foreach (var (op, left, right, nabla) in binary)
        {
            yield return S(op, left([2, 3]), right([2, 3]), nabla, $"torch.{op}(a, b)");
            yield return S($"{op} broadcast", left([3, 1]), right([1, 4]), nabla, $"torch.{op}(a, b)");
            yield return S($"{op} 0-d", left([]), right([2, 3]), nabla, $"torch.{op}(a, b)");
            yield return S($"{op} transposed", left([3, 2]), right([2, 3]), (a, b) => nabla(a.T, b), $"torch.{op}(a.t(), b)");
        }
        yield return S("fmod number", W(2, 3), x => x.Fmod(1.5), "torch.fmod(a, 1.5)");
        yield return S("remainder number", W(2, 3), x => x.Remainder(-1.5), "torch.remainder(a, -1.5)");
        yield return S("xlogy number y", A(2, 3), x => x.XLogY(2.0), "torch.xlogy(a, 2.0)");
        yield return S("xlogy number x", P(2, 3), x => Tensor.XLogY(2.0, x), "torch.xlogy(2.0, a)");
        yield return S("xlogy zeros", V([0, 0, 1, 2, 0, 3], [2, 3]), V([0, 2, 0.5, 1, double.NaN, 0], [2, 3]), (a, b) => a.XLogY(b), "torch.xlogy(a, b)");
        yield return S("copysign number", Z(2, 3), x => x.CopySign(-1.0), "torch.copysign(a, -1.0)");
        yield return S("lerp weight=0.3", A(2, 3), A(2, 3), (a, b) => a.Lerp(b, 0.3), "torch.lerp(a, b, 0.3)");
        yield return S("lerp weight=0.7 broadcast", A(2, 3), A(3), (a, b) => a.Lerp(b, 0.7), "torch.lerp(a, b, 0.7)");
        yield return S("lerp tensor weight", A(2, 3), A(2, 3), Pr(2, 3), (a, b, w) => a.Lerp(b, w), "torch.lerp(a, b, c)");
        yield return S("lerp tensor weight broadcast", A(3, 1), A(1, 4), Pr(4), (a, b, w) => a.Lerp(b, w), "torch.lerp(a, b, c)");
        yield return S("addcmul", A(2, 3), A(2, 3), A(2, 3), (a, b, c) => a.Addcmul(b, c), "torch.addcmul(a, b, c)");
        yield return S("addcmul value broadcast", A(3), A(2, 1), A(2, 3), (a, b, c) => a.Addcmul(b, c, value: -0.5), "torch.addcmul(a, b, c, value=-0.5)");
        yield return S("addcdiv", A(2, 3), A(2, 3), P(2, 3), (a, b, c) => a.Addcdiv(b, c), "torch.addcdiv(a, b, c)");
        yield return S("addcdiv value broadcast transposed", A(3, 2), A(3), P(2, 1), (a, b, c) => a.T.Addcdiv(b, c, value: 2), "torch.addcdiv(a.t(), b, c, value=2.0)");
    }
}
