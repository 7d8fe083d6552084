namespace Nabla.Tests;

public static partial class OpCases
{
    // Constant, non-differentiable operands (indices, conditions) shared by the cases below.
    private static readonly Tensor GatherIndex1 = Tensor.FromArray(new long[] { 0, 2, 2, 1, 0, 0 }, [2, 3]);
    private static readonly Tensor GatherIndex0 = Tensor.FromArray(new long[] { 1, 0, 1, 1 }, [2, 2]);
    private static readonly Tensor SelectIndex = Tensor.FromArray(new long[] { 2, 0, 2 });
    private static readonly Tensor Condition = Tensor.FromArray(new[] { true, false, true, false, false, true }, [2, 3]);
    private static readonly Tensor RowCondition = Tensor.FromArray(new[] { true, false, true });

    // Basic indexing, narrow/select, cat/stack, where, gather, index_select.
    private static IEnumerable<OpCase> Indexing()
    {
        yield return Case("x[0]", "SelectBackward0", x => x[0][0], A(4, 3));
        yield return Case("x[.., 1]", "SelectBackward0", x => x[0][.., 1], A(4, 3));
        yield return Case("x[1..3, ^1]", "SelectBackward0", x => x[0][1..3, ^1], A(4, 3));
        yield return Case("x[^1]", "SelectBackward0", x => x[0][^1], A(4, 3));
        yield return Case("x[-2, 1..]", "SliceBackward0", x => x[0][-2, 1..], A(4, 3));
        yield return Case("x[.., 1..]", "SliceBackward0", x => x[0][.., 1..], A(4, 3));
        yield return Case("xᵀ[1..3, ..2]", "SliceBackward0", x => x[0].T[1..3, ..2], A(3, 4));
        yield return Case("narrow(1, 1, 2)", "SliceBackward0", x => x[0].Narrow(1, 1, 2), A(2, 4));
        yield return Case("narrow(0, 0, 1)", "SliceBackward0", x => x[0].Narrow(0, 0, 1), A(3, 2));
        yield return Case("select(1, -1)", "SelectBackward0", x => x[0].Select(1, -1), A(2, 3, 2));
        yield return Case("select(0, 1) transposed", "SelectBackward0", x => x[0].T.Select(0, 1), A(2, 3));
        yield return Case("cat dim 0", "CatBackward0", x => Tensor.Cat([x[0], x[1]]), A(2, 3), A(1, 3));
        yield return Case("cat dim 1", "CatBackward0", x => Tensor.Cat([x[0], x[1]], 1), A(2, 3), A(2, 1));
        yield return Case("cat three dim -1", "CatBackward0", x => Tensor.Cat([x[0], x[1], x[2]], -1), A(2), A(3), A(1));
        yield return Case("cat same input twice", "CatBackward0", x => Tensor.Cat([x[0], x[0].T], 0), A(2, 2));
        yield return Case("cat transposed", "CatBackward0", x => Tensor.Cat([x[0].T, x[1]], 1), A(2, 3), A(3, 2));
        yield return Case("stack dim 0", "StackBackward0", x => Tensor.Stack([x[0], x[1]]), A(2, 3), A(2, 3));
        yield return Case("stack dim 1", "StackBackward0", x => Tensor.Stack([x[0], x[1], x[2]], 1), A(2, 2), A(2, 2), A(2, 2));
        yield return Case("stack dim -1 transposed", "StackBackward0", x => Tensor.Stack([x[0].T, x[1]], -1), A(3, 2), A(2, 3));
        yield return Case("where", "WhereBackward0", x => x[0].Where(Condition, x[1]), A(2, 3), A(2, 3));
        yield return Case("where broadcast", "WhereBackward0", x => x[0].Where(RowCondition, x[1]), A(2, 1), A(3));
        yield return Case("where 0-d other", "WhereBackward0", x => x[0].Where(Condition, x[1]), A(2, 3), A());
        yield return Case("where number", "WhereBackward0", x => x[0].Where(Condition, 0.5), A(2, 3));
        yield return Case("where transposed", "WhereBackward0", x => x[0].T.Where(Condition, x[1]), A(3, 2), A(2, 3));
        yield return Case("gather dim 1", "GatherBackward0", x => x[0].Gather(1, GatherIndex1), A(2, 3));
        yield return Case("gather dim 0", "GatherBackward0", x => x[0].Gather(0, GatherIndex0), A(2, 3));
        yield return Case("gather transposed", "GatherBackward0", x => x[0].T.Gather(1, GatherIndex1), A(3, 2));
        yield return Case("index_select dim 0", "IndexSelectBackward0", x => x[0].IndexSelect(0, SelectIndex), A(3, 2));
        yield return Case("index_select dim 1", "IndexSelectBackward0", x => x[0].IndexSelect(1, SelectIndex), A(2, 3));
        yield return Case("index_select transposed", "IndexSelectBackward0", x => x[0].T.IndexSelect(1, SelectIndex), A(3, 2));
    }
}
