namespace Nabla.Tests;

public static partial class OpCases
{
    // Scans along a dim: every dim, negative dims, 0-d, non-contiguous inputs.
    private static IEnumerable<OpCase> Scans()
    {
        yield return Case("cumsum dim 1", "CumsumBackward0", x => x[0].CumSum(1), A(2, 3));
        yield return Case("cumsum dim 0", "CumsumBackward0", x => x[0].CumSum(0), A(3, 2));
        yield return Case("cumsum dim -2 3-d", "CumsumBackward0", x => x[0].CumSum(-2), A(2, 3, 2));
        yield return Case("cumsum 1-d", "CumsumBackward0", x => x[0].CumSum(0), A(5));
        yield return Case("cumsum 0-d", "CumsumBackward0", x => x[0].CumSum(0), A());
        yield return Case("cumsum transposed", "CumsumBackward0", x => x[0].T.CumSum(1), A(3, 2));
        yield return Case("cumsum sliced", "CumsumBackward0", x => x[0][.., 1..].CumSum(1), A(2, 4));
    }
}
