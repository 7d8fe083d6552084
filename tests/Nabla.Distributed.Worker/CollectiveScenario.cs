using Nabla;

namespace Nabla.Distributed.Worker;

/// <summary>
/// Every collective on every dtype and layout. Each input is a view of a fresh tensor (its "base");
/// the whole base is recorded, so the tests check both the view's result and that the elements
/// around the view were left alone. Half the all-reduces are non-blocking and waited for at the end.
/// </summary>
public static class CollectiveScenario
{
    /// <summary>The reduce operations tried.</summary>
    public static readonly ReduceOp[] Ops = [ReduceOp.Sum, ReduceOp.Avg, ReduceOp.Product, ReduceOp.Min, ReduceOp.Max];

    /// <summary>Avg only for floating-point dtypes.</summary>
    public static bool Applies(ReduceOp op, DType dtype) => op != ReduceOp.Avg || dtype is DType.Float32 or DType.Float64;

    /// <summary>The reduce operations tried with reduce-scatter.</summary>
    public static readonly ReduceOp[] ScatterOps = [ReduceOp.Sum, ReduceOp.Max];

    public static void Run(ProcessGroup group, Results results)
    {
        var pending = new List<Work>();
        int rank = group.Rank, size = group.WorldSize;
        foreach (var dtype in Inputs.DTypes)
            foreach (var layout in Inputs.Layouts)
            {
                string where = $"{dtype}/{layout.Name}";
                foreach (var op in Ops.Where(op => Applies(op, dtype)))
                {
                    var reduced = Inputs.Values(rank, layout.BaseShape, dtype);
                    if (op is ReduceOp.Sum or ReduceOp.Min) group.AllReduce(layout.View(reduced), op);
                    else pending.Add(group.AllReduceAsync(layout.View(reduced), op));
                    results.Add($"all_reduce/{op}/{where}", reduced);
                }

                var broadcast = Inputs.Values(rank, layout.BaseShape, dtype);
                group.Broadcast(layout.View(broadcast), root: size - 1);
                results.Add($"broadcast/{where}", broadcast);

                var gathered = Enumerable.Range(0, size).Select(_ => Tensor.Zeros(layout.BaseShape, dtype)).ToArray();
                pending.Add(group.AllGatherAsync(gathered.Select(layout.View).ToArray(), layout.View(Inputs.Values(rank, layout.BaseShape, dtype))));
                for (int i = 0; i < size; i++) results.Add($"all_gather/{where}/{i}", gathered[i]);

                foreach (var op in ScatterOps)
                {
                    var inputs = Enumerable.Range(0, size).Select(j => layout.View(Inputs.Values(rank, layout.BaseShape, dtype, salt: j + 1))).ToArray();
                    var output = Inputs.Values(rank, layout.BaseShape, dtype, salt: 50);
                    group.ReduceScatter(layout.View(output), inputs, op);
                    results.Add($"reduce_scatter/{op}/{where}", output);
                }
            }
        foreach (var work in pending) work.Wait();
        group.Barrier();
    }
}
