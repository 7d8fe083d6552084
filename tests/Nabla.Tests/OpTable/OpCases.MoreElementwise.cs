namespace Nabla.Tests;

public static partial class OpCases
{
    // The elementwise ops of issue 10 part 2: unary functions on a contiguous and a transposed input,
    // binary ones on equal shapes, broadcasts and a 0-d operand, and the ternary ones.
    private static IEnumerable<OpCase> MoreElementwise()
    {
        (string Name, Func<Tensor, Tensor> F, Domain Domain, string Node)[] unary =
        [
            ("tan", x => x.Tan(), Domain.Probability, "TanBackward0"),   // away from the poles at ±π/2
            ("asin", x => x.Asin(), Domain.Probability, "AsinBackward0"),
            ("acos", x => x.Acos(), Domain.Probability, "AcosBackward0"),
            ("sinh", x => x.Sinh(), Domain.Any, "SinhBackward0"),
            ("cosh", x => x.Cosh(), Domain.Any, "CoshBackward0"),
            ("asinh", x => x.Asinh(), Domain.Wide, "AsinhBackward0"),
            ("acosh", x => (x + 1.5).Acosh(), Domain.Positive, "AcoshBackward0"),   // x + 1.5 ≥ 2
            ("atanh", x => x.Atanh(), Domain.Probability, "AtanhBackward0"),
            ("log1p", x => x.Log1p(), Domain.Positive, "Log1PBackward0"),
            ("expm1", x => x.Expm1(), Domain.Any, "Expm1Backward0"),
            ("exp2", x => x.Exp2(), Domain.Any, "Exp2Backward0"),
            ("log2", x => x.Log2(), Domain.Positive, "Log2Backward0"),
            ("log10", x => x.Log10(), Domain.Positive, "Log10Backward0"),
            ("rsqrt", x => x.Rsqrt(), Domain.Positive, "RsqrtBackward0"),
            ("erfc", x => x.Erfc(), Domain.Any, "ErfcBackward0"),
            ("erfinv", x => x.ErfInv(), Domain.Probability, "ErfinvBackward0"),
            ("square", x => x.Square(), Domain.Any, "PowBackward0"),
            ("floor", x => x.Floor(), Domain.AwayFromIntegers, "FloorBackward0"),
            ("ceil", x => x.Ceil(), Domain.AwayFromIntegers, "CeilBackward0"),
            ("round", x => x.Round(), Domain.AwayFromIntegers, "RoundBackward0"),
            ("round(decimals: -1)", x => x.Round(decimals: -1), Domain.AwayFromIntegers, "RoundBackward1"),   // steps at ±5 only
            ("trunc", x => x.Trunc(), Domain.AwayFromIntegers, "TruncBackward0"),
            ("frac", x => x.Frac(), Domain.AwayFromIntegers, "FracBackward0"),
            ("sgn", x => x.Sgn(), Domain.AwayFromIntegers, "SgnBackward0"),
            ("logit", x => x.Logit(), Domain.Probability, "LogitBackward0"),
            ("logit(eps: 0.25)", x => x.Logit(eps: 0.25), Domain.Probability, "LogitBackward0"),   // some clamped: gradient 0 there
            ("nan_to_num", x => x.NanToNum(), Domain.Any, "NanToNumBackward0"),
        ];
        foreach (var (name, f, domain, node) in unary)
        {
            yield return Case($"{name} [2,3]", node, x => f(x[0]), new Arg([2, 3], domain));
            yield return Case($"{name} transposed", node, x => f(x[0].T), new Arg([3, 2], domain));
        }
        yield return Case("expm1 0-d", "Expm1Backward0", x => x[0].Expm1(), A());
        yield return Case("log1p sliced", "Log1PBackward0", x => x[0][.., 1..].Log1p(), P(2, 4));

        (string Name, Func<Tensor, Tensor, Tensor> F, Domain Left, Domain Right, string Node)[] binary =
        [
            ("maximum", (a, b) => a.Maximum(b), Domain.Any, Domain.Any, "MaximumBackward0"),
            ("minimum", (a, b) => a.Minimum(b), Domain.Any, Domain.Any, "MinimumBackward0"),
            ("fmax", (a, b) => a.Fmax(b), Domain.Any, Domain.Any, "FmaxBackward0"),
            ("fmin", (a, b) => a.Fmin(b), Domain.Any, Domain.Any, "FminBackward0"),
            ("fmod", (a, b) => a.Fmod(b), Domain.Any, Domain.Positive, "FmodBackward1"),
            ("remainder", (a, b) => a.Remainder(b), Domain.Any, Domain.Positive, "RemainderBackward1"),
            ("hypot", (a, b) => a.Hypot(b), Domain.Any, Domain.Any, "HypotBackward0"),
            ("logaddexp", (a, b) => a.LogAddExp(b), Domain.Any, Domain.Any, "LogaddexpBackward0"),
            ("logaddexp2", (a, b) => a.LogAddExp2(b), Domain.Any, Domain.Any, "Logaddexp2Backward0"),
            ("xlogy", (a, b) => a.XLogY(b), Domain.Any, Domain.Positive, "XlogyBackward0"),
            ("copysign", (a, b) => a.CopySign(b), Domain.AwayFromIntegers, Domain.AwayFromIntegers, "CopysignBackward0"),
        ];
        foreach (var (name, f, l, r, node) in binary)
        {
            yield return Case($"{name} [2,3] [2,3]", node, x => f(x[0], x[1]), new([2, 3], l), new([2, 3], r));
            yield return Case($"{name} [3,1] [1,4]", node, x => f(x[0], x[1]), new([3, 1], l), new([1, 4], r));
            yield return Case($"{name} 0-d [2,3]", node, x => f(x[0], x[1]), new([], l), new([2, 3], r));
            yield return Case($"{name} transposed [3,2]ᵀ [2,3]", node, x => f(x[0].T, x[1]), new([3, 2], l), new([2, 3], r));
        }
        yield return Case("fmod number", "FmodBackward0", x => x[0].Fmod(1.5), A(2, 3));
        yield return Case("remainder number", "RemainderBackward0", x => x[0].Remainder(-1.5), A(2, 3));
        yield return Case("xlogy number y", "XlogyBackward2", x => x[0].XLogY(2.0), A(2, 3));
        yield return Case("xlogy number x", "XlogyBackward1", x => Tensor.XLogY(2.0, x[0]), P(2, 3));
        yield return Case("copysign number", "CopysignBackward1", x => x[0].CopySign(-1.0), Z(2, 3));

        yield return Case("lerp weight 0.3", "LerpBackward0", x => x[0].Lerp(x[1], 0.3), A(2, 3), A(2, 3));
        yield return Case("lerp weight 0.7 broadcast", "LerpBackward0", x => x[0].Lerp(x[1], 0.7), A(2, 3), A(3));
        yield return Case("lerp tensor weight", "LerpBackward1", x => x[0].Lerp(x[1], x[2]), A(2, 3), A(2, 3), Pr(2, 3));
        yield return Case("lerp tensor weight broadcast", "LerpBackward1", x => x[0].Lerp(x[1], x[2]), A(3, 1), A(1, 4), Pr(4));
        yield return Case("addcmul", "AddcmulBackward0", x => x[0].Addcmul(x[1], x[2]), A(2, 3), A(2, 3), A(2, 3));
        yield return Case("addcmul value broadcast", "AddcmulBackward0", x => x[0].Addcmul(x[1], x[2], value: -0.5), A(3), A(2, 1), A(2, 3));
        yield return Case("addcdiv", "AddcdivBackward0", x => x[0].Addcdiv(x[1], x[2]), A(2, 3), A(2, 3), P(2, 3));
        yield return Case("addcdiv value broadcast transposed", "AddcdivBackward0", x => x[0].T.Addcdiv(x[1], x[2], value: 2), A(3, 2), A(3), P(2, 1));
    }
}
