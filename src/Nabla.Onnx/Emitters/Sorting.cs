using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Sorting and order statistics (sort, topk, kthvalue, median, nanmedian) as ONNX's TopK, values only (the
/// indices are integers, which the trace does not follow). PyTorch orders NaN above every number; TopK's
/// order of NaN is unspecified, so NaN is sorted as +∞ and written back where PyTorch puts it: the last
/// places ascending, the first descending. Equal values are equal, so ties cannot show in the values
/// (TopK, like a stable sort, keeps them in index order: only -0 and +0 could tell).
/// </summary>
internal static class Sorting
{
    /// <summary>
    /// sort along <c>Args.Dim</c>. The row records no direction: the traced values tell it (a sort that matches the
    /// ascending one is ascending; lines of equal values sort the same both ways).
    /// </summary>
    public static readonly OpMapping Sort = Sorted("sorts along", (c, dim, x) => (x.Size(dim), !SameValues(x.Sort(dim).Values, c.Result())));

    /// <summary>
    /// topk(k) along <c>Args.Dim</c>, k being the result's size there. Whether it kept the largest follows from the traced
    /// values, as for sort; the file gives them sorted (PyTorch leaves the order of <c>sorted: false</c> unspecified).
    /// </summary>
    public static readonly OpMapping TopK = Sorted("takes the top k along", (c, dim, x) =>
    {
        int n = x.Size(dim), k = c.Result().Size(dim);
        bool largest = k == n
            ? !SameValues(x.Sort(dim).Values, c.Result())
            : !SameValues(x.TopK(k, dim, largest: false).Values.Sort(dim).Values, c.Result().Sort(dim).Values);
        return (k, largest);
    });

    /// <summary>kthvalue(k) along <c>Args.Dim</c> (k offered as Other): the k-th of the k smallest, NaN where it falls among the NaNs.</summary>
    public static readonly OpMapping Kthvalue = new(c =>
    {
        long k = c.Saved(Slot.Other).Leaf?.Item<long>() ?? throw new InvalidOperationException("ONNX export: internal error: kthvalue offered no k");
        Pick(c, (n, _) => (k, k - 1));
    });

    /// <summary>median along <c>Args.Dim</c> (or of all elements): the lower middle value, NaN where the line has a NaN.</summary>
    public static readonly OpMapping Median = new(c => Pick(c, (n, _) => ((n - 1) / 2 + 1, (n - 1) / 2), nanIfAnyNaN: true));

    /// <summary>nanmedian along <c>Args.Dim</c> (or of all elements): the lower middle of the values that are not NaN, at position (n - NaNs - 1)/2.</summary>
    public static readonly OpMapping NanMedian = new(c => Pick(c, (n, nanCount) =>
    {
        if (nanCount is null) return (n, (n - 1) / 2);
        string below = c.Node("Sub", [c.Ints(n - 1), nanCount]);
        return (n, c.Node("Max", [c.Node("Div", [below, c.Ints(2)]), c.Ints(0)]));
    }));

    // sort or topk along Args.Dim: the k largest or smallest that `choose` reads from the traced values (a 0-d tensor is itself).
    private static OpMapping Sorted(string doing, Func<EmitContext, int, Tensor, (long K, bool Largest)> choose) => new(c =>
    {
        var (dim, _) = c.Args<(int Dim, bool KeepDim)>();
        var x = c.InputTensor(0);
        if (x.Dim == 0)
        {
            c.Bind(c.Input(0));
            return;
        }
        c.RequireStaticDim(dim, doing);
        var (k, largest) = choose(c, dim, x);
        string input = c.Input(0);
        c.Bind(Top(c, input, dim, x.Dim, x.Size(dim), k, largest, NaNs(c, input, dim)));
    });

    // A line's pick: sort the k smallest (NaN last), take position `at` (a number, or a graph value of the line's
    // shape with the dim kept), squeeze the dim unless kept. Median and nanmedian of all elements (no Args) pick from
    // the flattened tensor.
    private static void Pick(EmitContext c, Func<long, string?, (long K, object At)> rank, bool nanIfAnyNaN = false)
    {
        var x = c.InputTensor(0);
        string input = c.Input(0);
        bool all = c.Op.Args is not ValueTuple<int, bool> || x.Dim == 0;   // median() and nanmedian() have no arguments
        var (dim, keepDim) = c.Op.Args is ValueTuple<int, bool> args ? args : (0, false);
        if (all)
        {
            for (int d = 0; d < x.Dim; d++) c.RequireStaticDim(d, "picks from all elements, and");
            input = c.Node("Reshape", [input, c.Ints(-1)]);
            (dim, keepDim) = (0, false);
        }
        else c.RequireStaticDim(dim, "picks along");
        long n = all ? x.Count : x.Size(dim);
        var nans = NaNs(c, input, dim);
        string? nanCount = nans?.Count;
        var (k, at) = rank(n, nanCount);
        string values = Top(c, input, dim, all ? 1 : x.Dim, n, k, largest: false, nans);
        string picked = at is long position
            ? c.Node("Slice", [values, c.Ints(position), c.Ints(position + 1), c.Ints(dim)])
            : c.Node("GatherElements", [values, (string)at], OnnxAttribute.Of("axis", (long)dim));
        if (nanIfAnyNaN && nanCount is not null)
            picked = c.Node("Where", [c.Node("Greater", [nanCount, c.Ints(0)]), c.Scalar(double.NaN, c.ResultType), picked]);
        c.Bind(keepDim ? picked : c.Node("Squeeze", [picked, c.Ints(dim)]));
    }

    // The k largest or smallest along dim of x (of rank `rank`), sorted, with NaN placed as PyTorch places it
    // (nans: where x is NaN and how many per line; null for integers).
    private static string Top(EmitContext c, string x, int dim, int rank, long n, long k, bool largest, (string IsNaN, string Count)? nans)
    {
        var dtype = c.ResultType;
        OnnxAttribute[] attributes = [OnnxAttribute.Of("axis", (long)dim), OnnxAttribute.Of("largest", largest ? 1L : 0L), OnnxAttribute.Of("sorted", 1L)];
        if (nans is null) return c.Node("TopK", [x, c.Ints(k)], 2, attributes)[0];
        var (isNaN, nanCount) = nans.Value;
        string ordered = c.Node("Where", [isNaN, c.Scalar(double.PositiveInfinity, dtype), x]);
        string values = c.Node("TopK", [ordered, c.Ints(k)], 2, attributes)[0];
        string positions = c.Constant(Tensor.Arange(0, k).Reshape([(int)k, .. Enumerable.Repeat(1, rank - dim - 1)]));
        string nanAt = largest
            ? c.Node("Less", [positions, nanCount])
            : c.Node("GreaterOrEqual", [positions, c.Node("Sub", [c.Ints(n), nanCount])]);
        return c.Node("Where", [nanAt, c.Scalar(double.NaN, dtype), values]);
    }

    // Where x is NaN, and the number of NaNs of each line along dim (int64, the dim kept); null for integers.
    private static (string IsNaN, string Count)? NaNs(EmitContext c, string x, int dim)
    {
        if (!c.ResultType.IsFloatingPoint()) return null;
        string isNaN = c.Node("IsNaN", [x]);
        var toInt64 = OnnxAttribute.Of("to", (long)OnnxTypes.ElementType(DType.Int64));
        return (isNaN, c.Node("ReduceSum", [c.Node("Cast", [isNaN], toInt64), c.Ints(dim)], OnnxAttribute.Of("keepdims", 1L)));
    }

    // The same values in the same places (NaN equal to NaN): how the traced values tell a sort's direction.
    private static bool SameValues(Tensor a, Tensor b)
        => a.To(DType.Float64).ToArray<double>().AsSpan().SequenceEqual(b.To(DType.Float64).ToArray<double>());
}
