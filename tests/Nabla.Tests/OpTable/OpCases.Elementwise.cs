namespace Nabla.Tests;

public static partial class OpCases
{
    // Elementwise functions, each on a contiguous and a transposed input, a few on a slice.
    private static IEnumerable<OpCase> Unary()
    {
        (string Name, Func<Tensor, Tensor> F, Domain Domain, string Node)[] ops =
        [
            ("neg", x => -x, Domain.Any, "NegBackward0"),
            ("exp", x => x.Exp(), Domain.Any, "ExpBackward0"),
            ("log", x => x.Log(), Domain.Positive, "LogBackward0"),
            ("sqrt", x => x.Sqrt(), Domain.Positive, "SqrtBackward0"),
            ("abs", x => x.Abs(), Domain.AwayFromIntegers, "AbsBackward0"),
            ("sin", x => x.Sin(), Domain.Any, "SinBackward0"),
            ("cos", x => x.Cos(), Domain.Any, "CosBackward0"),
            ("atan", x => x.Atan(), Domain.Any, "AtanBackward0"),
            ("erf", x => x.Erf(), Domain.Any, "ErfBackward0"),
            ("tanh", x => x.Tanh(), Domain.Any, "TanhBackward0"),
            ("sigmoid", x => x.Sigmoid(), Domain.Any, "SigmoidBackward0"),
            ("relu", x => x.Relu(), Domain.AwayFromIntegers, "ReluBackward0"),
            ("clamp(-1,1)", x => x.Clamp(-1, 1), Domain.AwayFromIntegers, "ClampBackward1"),
            ("clamp(min=0)", x => x.Clamp(min: 0), Domain.AwayFromIntegers, "ClampBackward1"),
            ("clamp(max=-1)", x => x.Clamp(max: -1), Domain.AwayFromIntegers, "ClampBackward1"),
            ("clamp_min(0)", x => x.ClampMin(0), Domain.AwayFromIntegers, "ClampMinBackward0"),
            ("clamp_max(-1)", x => x.ClampMax(-1), Domain.AwayFromIntegers, "ClampMaxBackward0"),
            ("pow 2", x => x.Pow(2.0), Domain.Any, "PowBackward0"),
            ("pow 3", x => x.Pow(3.0), Domain.Any, "PowBackward0"),
            ("pow 0.5", x => x.Pow(0.5), Domain.Positive, "PowBackward0"),
            ("pow -1", x => x.Pow(-1.0), Domain.Positive, "PowBackward0"),
            ("pow -2.5", x => x.Pow(-2.5), Domain.Positive, "PowBackward0"),
            ("pow 0", x => x.Pow(0.0), Domain.Any, "PowBackward0"),
            ("pow 1", x => x.Pow(1.0), Domain.Any, "PowBackward0"),
        ];
        foreach (var (name, f, domain, node) in ops)
        {
            yield return Case($"{name} [2,3]", node, x => f(x[0]), new Arg([2, 3], domain));
            yield return Case($"{name} transposed", node, x => f(x[0].T), new Arg([3, 2], domain));
        }
        yield return Case("exp 0-d", "ExpBackward0", x => x[0].Exp(), A());
        yield return Case("exp sliced", "ExpBackward0", x => x[0][1.., ..2].Exp(), A(3, 4));
        yield return Case("log sliced", "LogBackward0", x => x[0][.., 1].Log(), P(3, 4));
        yield return Case("tanh permuted 3-d", "TanhBackward0", x => x[0].Permute(2, 0, 1).Tanh(), A(2, 3, 2));
        yield return Case("clamp expanded", "ClampBackward1", x => x[0].Expand(2, 3).Clamp(-1, 1), Z(3));
        yield return Case("atan sliced", "AtanBackward0", x => x[0][.., 1..].Atan(), A(2, 4));
    }
}
