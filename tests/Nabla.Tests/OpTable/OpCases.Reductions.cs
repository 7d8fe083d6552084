namespace Nabla.Tests;

public static partial class OpCases
{
    // sum/mean (all, one dim, several, keepDim), max/min (all, per dim), norm (p = 2, 1, 3, inf).
    private static IEnumerable<OpCase> Reductions()
    {
        yield return Case("sum all", "SumBackward0", x => x[0].Sum(), A(2, 3));
        yield return Case("sum dim 1", "SumBackward1", x => x[0].Sum(1), A(2, 3));
        yield return Case("sum dim -1 keepDim", "SumBackward1", x => x[0].Sum(-1, keepDim: true), A(2, 3));
        yield return Case("sum dims [0,2]", "SumBackward1", x => x[0].Sum([0, 2]), A(2, 3, 2));
        yield return Case("sum dims [0,2] keepDim", "SumBackward1", x => x[0].Sum([0, 2], keepDim: true), A(2, 3, 2));
        yield return Case("sum all transposed", "SumBackward0", x => x[0].T.Sum(), A(3, 2));
        yield return Case("sum dim 0 transposed", "SumBackward1", x => x[0].T.Sum(0), A(3, 2));
        yield return Case("sum dim 1 sliced", "SumBackward1", x => x[0][.., 1..3].Sum(1), A(2, 4));
        yield return Case("mean all", "MeanBackward0", x => x[0].Mean(), A(2, 3));
        yield return Case("mean dim 0", "MeanBackward1", x => x[0].Mean(0), A(2, 3));
        yield return Case("mean dim 1 keepDim", "MeanBackward1", x => x[0].Mean(1, keepDim: true), A(2, 3));
        yield return Case("mean dims [1,2]", "MeanBackward1", x => x[0].Mean([1, 2]), A(2, 3, 2));
        yield return Case("mean dims [0,1] keepDim", "MeanBackward1", x => x[0].Mean([0, 1], keepDim: true), A(2, 3, 2));
        yield return Case("mean all transposed", "MeanBackward0", x => x[0].T.Mean(), A(3, 2));
        yield return Case("mean dim 1 permuted", "MeanBackward1", x => x[0].Permute(2, 0, 1).Mean(1), A(2, 3, 2));
        yield return Case("max all", "MaxBackward1", x => x[0].Max(), A(2, 3));
        yield return Case("min all", "MinBackward1", x => x[0].Min(), A(2, 3));
        yield return Case("max all transposed", "MaxBackward1", x => x[0].T.Max(), A(3, 2));
        yield return Case("max dim 1", "MaxBackward0", x => x[0].Max(1).Values, A(2, 3));
        yield return Case("max dim 0 keepDim", "MaxBackward0", x => x[0].Max(0, keepDim: true).Values, A(2, 3));
        yield return Case("max dim 1 3-d", "MaxBackward0", x => x[0].Max(1).Values, A(2, 3, 2));
        yield return Case("min dim 1", "MinBackward0", x => x[0].Min(1).Values, A(2, 3));
        yield return Case("min dim -1 keepDim", "MinBackward0", x => x[0].Min(-1, keepDim: true).Values, A(2, 3));
        yield return Case("min dim 0 transposed", "MinBackward0", x => x[0].T.Min(0).Values, A(3, 2));
        yield return Case("max dim 0 0-d", "MaxBackward0", x => x[0].Max(0).Values, A());
        yield return Case("norm p=2", "LinalgVectorNormBackward0", x => x[0].Norm(), A(2, 3));
        yield return Case("norm p=1", "LinalgVectorNormBackward0", x => x[0].Norm(1), Z(2, 3));
        yield return Case("norm p=3", "LinalgVectorNormBackward0", x => x[0].Norm(3), Z(2, 3));
        yield return Case("norm p=inf", "LinalgVectorNormBackward0", x => x[0].Norm(double.PositiveInfinity), A(2, 3));
        yield return Case("norm p=1.5", "LinalgVectorNormBackward0", x => x[0].Norm(1.5), Z(2, 3));
        yield return Case("norm p=0.5", "LinalgVectorNormBackward0", x => x[0].Norm(0.5), Z(2, 3));
        yield return Case("norm p=-inf", "LinalgVectorNormBackward0", x => x[0].Norm(double.NegativeInfinity), A(2, 3));
        yield return Case("norm p=0 (flat)", "LinalgVectorNormBackward0", x => x[0].Norm(0), Z(2, 3));
        yield return Case("norm p=2 dim 1", "LinalgVectorNormBackward0", x => x[0].Norm(2, 1), A(2, 3));
        yield return Case("norm p=2 dim 0 keepDim", "LinalgVectorNormBackward0", x => x[0].Norm(2, 0, keepDim: true), A(2, 3));
        yield return Case("norm p=1 dim 1 keepDim", "LinalgVectorNormBackward0", x => x[0].Norm(1, 1, keepDim: true), Z(2, 3));
        yield return Case("norm p=3 dim -1", "LinalgVectorNormBackward0", x => x[0].Norm(3, -1), Z(2, 3));
        yield return Case("norm p=inf dim 1 keepDim", "LinalgVectorNormBackward0", x => x[0].Norm(double.PositiveInfinity, 1, keepDim: true), A(2, 3));
        yield return Case("norm p=1.5 dim 0", "LinalgVectorNormBackward0", x => x[0].Norm(1.5, 0), Z(2, 3));
        yield return Case("norm p=-inf dim 1", "LinalgVectorNormBackward0", x => x[0].Norm(double.NegativeInfinity, 1), A(2, 3));
        yield return Case("norm p=2 transposed", "LinalgVectorNormBackward0", x => x[0].T.Norm(), A(3, 2));
        yield return Case("norm p=3 dim 0 transposed", "LinalgVectorNormBackward0", x => x[0].T.Norm(3, 0), Z(3, 2));
    }
}
