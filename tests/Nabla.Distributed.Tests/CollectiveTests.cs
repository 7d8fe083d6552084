using Nabla.Distributed.Worker;

namespace Nabla.Distributed.Tests;

/// <summary>
/// The collectives of <see cref="CollectiveScenario"/>, checked exactly on every rank, dtype and
/// layout. Each expected result is rebuilt here from the same inputs: the view of each rank's input
/// reduced in double (exact for these small integers), then written into a fresh copy of the
/// rank's input base, so that elements outside the view are checked to be untouched.
/// </summary>
public sealed class CollectiveTests
{
    [MpiTheory]
    [RankCounts]
    public void AllReduceIsExactOnEveryDTypeLayoutAndOperation(int ranks)
    {
        var run = MpiRun.Of(ranks);
        foreach (var (dtype, layout) in Cases())
            foreach (var op in CollectiveScenario.Ops.Where(op => CollectiveScenario.Applies(op, dtype)))
            {
                var inputs = Enumerable.Range(0, ranks).Select(r => Logical(layout, Inputs.Values(r, layout.BaseShape, dtype))).ToArray();
                var expected = Reduce(inputs, op, dtype);
                for (int r = 0; r < ranks; r++)
                    AssertBase(run, r, $"all_reduce/{op}/{dtype}/{layout.Name}", Inputs.Values(r, layout.BaseShape, dtype), layout, expected);
            }
    }

    [MpiTheory]
    [RankCounts]
    public void BroadcastCopiesTheRootsTensorIntoEveryRank(int ranks)
    {
        var run = MpiRun.Of(ranks);
        foreach (var (dtype, layout) in Cases())
        {
            var root = Logical(layout, Inputs.Values(ranks - 1, layout.BaseShape, dtype));
            for (int r = 0; r < ranks; r++)
                AssertBase(run, r, $"broadcast/{dtype}/{layout.Name}", Inputs.Values(r, layout.BaseShape, dtype), layout, root);
        }
    }

    [MpiTheory]
    [RankCounts]
    public void AllGatherPutsRankIsTensorInElementIOnEveryRank(int ranks)
    {
        var run = MpiRun.Of(ranks);
        foreach (var (dtype, layout) in Cases())
            for (int i = 0; i < ranks; i++)
            {
                var fromRankI = Logical(layout, Inputs.Values(i, layout.BaseShape, dtype));
                for (int r = 0; r < ranks; r++)
                    AssertBase(run, r, $"all_gather/{dtype}/{layout.Name}/{i}", Tensor.Zeros(layout.BaseShape, dtype), layout, fromRankI);
            }
    }

    [MpiTheory]
    [RankCounts]
    public void ReduceScatterLeavesTheIthReductionOnRankI(int ranks)
    {
        var run = MpiRun.Of(ranks);
        foreach (var (dtype, layout) in Cases())
            foreach (var op in CollectiveScenario.ScatterOps)
                for (int r = 0; r < ranks; r++)
                {
                    // Rank r receives the reduction over all ranks q of q's input number r.
                    var inputs = Enumerable.Range(0, ranks).Select(q => Logical(layout, Inputs.Values(q, layout.BaseShape, dtype, salt: r + 1))).ToArray();
                    AssertBase(run, r, $"reduce_scatter/{op}/{dtype}/{layout.Name}", Inputs.Values(r, layout.BaseShape, dtype, salt: 50), layout, Reduce(inputs, op, dtype));
                }
    }

    private static IEnumerable<(DType DType, Inputs.Layout Layout)> Cases()
        => Inputs.DTypes.SelectMany(dtype => Inputs.Layouts.Select(layout => (dtype, layout)));

    /// <summary>The view's values in row-major order, as doubles.</summary>
    private static double[] Logical(Inputs.Layout layout, Tensor inputBase) => layout.View(inputBase).ToArray<double>();

    /// <summary>What MPI must compute, in double; the average is divided in the tensor's own precision, as the collective does.</summary>
    private static double[] Reduce(double[][] inputs, ReduceOp op, DType dtype)
    {
        var result = new double[inputs[0].Length];
        for (int i = 0; i < result.Length; i++)
        {
            var column = inputs.Select(values => values[i]).ToArray();
            result[i] = op switch
            {
                ReduceOp.Sum => column.Sum(),
                ReduceOp.Avg => dtype == DType.Float32 ? (float)column.Sum() / inputs.Length : column.Sum() / inputs.Length,
                ReduceOp.Product => column.Aggregate(1.0, (a, b) => a * b),
                ReduceOp.Min => column.Min(),
                _ => column.Max(),
            };
        }
        return result;
    }

    /// <summary>The recorded base equals <paramref name="inputBase"/> with the layout's view replaced by <paramref name="expectedView"/>.</summary>
    private static void AssertBase(MpiRun run, int rank, string name, Tensor inputBase, Inputs.Layout layout, double[] expectedView)
    {
        var view = layout.View(inputBase);
        view.CopyFromInPlace(Tensor.FromArray(expectedView, view.Shape.AsSpan()));
        var actual = run.Tensor(rank, name);
        Assert.True(actual.DType == inputBase.DType && actual.Shape == inputBase.Shape,
            $"{name} on rank {rank}: recorded {actual.DType} {actual.Shape}, expected {inputBase.DType} {inputBase.Shape}");
        double[] want = inputBase.ToArray<double>(), got = actual.ToArray<double>();
        Assert.True(want.SequenceEqual(got), $"{name} on rank {rank}: expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]");
    }
}
