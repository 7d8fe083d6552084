namespace Nabla.Tests;

public static partial class OpCases
{
    // add, sub, mul, div, pow(tensor), atan2: same shapes, three broadcasts, 0-d on either side, non-contiguous operands.
    private static IEnumerable<OpCase> Binary()
    {
        (string Name, Func<Tensor, Tensor, Tensor> F, Domain Left, Domain Right, string Node)[] ops =
        [
            ("add", (a, b) => a + b, Domain.Any, Domain.Any, "AddBackward0"),
            ("sub", (a, b) => a - b, Domain.Any, Domain.Any, "SubBackward0"),
            ("mul", (a, b) => a * b, Domain.Any, Domain.Any, "MulBackward0"),
            ("div", (a, b) => a / b, Domain.Any, Domain.Positive, "DivBackward0"),
            ("pow(tensor)", (a, b) => a.Pow(b), Domain.Positive, Domain.Any, "PowBackward1"),
            ("atan2", (a, b) => a.Atan2(b), Domain.Any, Domain.Any, "Atan2Backward0"),
        ];
        foreach (var (name, f, l, r, node) in ops)
        {
            yield return Case($"{name} [2,3] [2,3]", node, x => f(x[0], x[1]), new([2, 3], l), new([2, 3], r));
            yield return Case($"{name} [3,1] [1,4]", node, x => f(x[0], x[1]), new([3, 1], l), new([1, 4], r));
            yield return Case($"{name} [2,3] [3]", node, x => f(x[0], x[1]), new([2, 3], l), new([3], r));
            yield return Case($"{name} [3] [2,3]", node, x => f(x[0], x[1]), new([3], l), new([2, 3], r));
            yield return Case($"{name} 0-d [2,3]", node, x => f(x[0], x[1]), new([], l), new([2, 3], r));
            yield return Case($"{name} [2,3] 0-d", node, x => f(x[0], x[1]), new([2, 3], l), new([], r));
            yield return Case($"{name} transposed [3,2]ᵀ [2,3]", node, x => f(x[0].T, x[1]), new([3, 2], l), new([2, 3], r));
            yield return Case($"{name} [2,3] sliced [2,4][..,1..]", node, x => f(x[0], x[1][.., 1..]), new([2, 3], l), new([2, 4], r));
        }
        yield return Case("add alpha=2.5", "AddBackward0", x => x[0].Add(x[1], alpha: 2.5), A(2, 3), A(2, 3));
        yield return Case("add alpha=-3 broadcast", "AddBackward0", x => x[0].Add(x[1], alpha: -3), A(3, 1), A(1, 4));
        yield return Case("sub alpha=0.5", "SubBackward0", x => x[0].Sub(x[1], alpha: 0.5), A(2, 3), A(2, 3));
        yield return Case("sub alpha=2 broadcast", "SubBackward0", x => x[0].Sub(x[1], alpha: 2), A(2, 3), A(3));
        yield return Case("add number", "AddBackward0", x => x[0] + 1.5, A(2, 3));
        yield return Case("sub number", "SubBackward0", x => x[0] - 1.5, A(2, 3));
        yield return Case("rsub 2.0 - x", "RsubBackward1", x => 2.0 - x[0], A(2, 3));
        yield return Case("rsub transposed", "RsubBackward1", x => 2.0 - x[0].T, A(3, 2));
        yield return Case("mul number", "MulBackward0", x => x[0] * -1.5, A(2, 3));
        yield return Case("div number", "DivBackward0", x => x[0] / 4.0, A(2, 3));
        yield return Case("2.0 / x", "MulBackward0", x => 2.0 / x[0], P(2, 3));
        yield return Case("2.0 / x negative", "MulBackward0", x => 2.0 / -x[0], P(2, 3));
        yield return Case("mul self", "MulBackward0", x => x[0] * x[0], A(2, 3));
        yield return Case("div self-broadcast", "DivBackward0", x => x[0] / x[0].Sum(1, keepDim: true), P(2, 3));
    }
}
