using Nabla.Onnx.Export;
using Nabla.Onnx.Model;
using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// embedding_bag (inputs [weight, per_sample_weights?], the flat indices saved as Index; <c>Args</c>: <see cref="EmbeddingBagArgs"/>):
/// Gather of the rows (times the per-sample weights), then each bag's ReduceSum, ReduceMean or ReduceMax. A 2-d input
/// [B, L] is B bags of L lookups: one reduction along axis 1, and the batch may vary. A 1-d input is cut at the offsets,
/// which the trace fixes: a Slice and a reduction per bag, then Concat; the last bag runs to the end of the input (unless
/// include_last_offset closed it), so the input's length may vary. Lookups of padding_idx are masked out (Equal, Not):
/// a mean divides by the lookups kept, and a bag with none gives zeros, as in PyTorch.
/// </summary>
internal static class EmbeddingBags
{
    public static readonly OpMapping Reduce = new(c =>
    {
        var a = c.Args<EmbeddingBagArgs>();
        var indicesRef = Embedding.Indices(c.Op, c.Ops);
        int[] indexShape = c.ShapeOf(indicesRef);
        string indices = c.Value(indicesRef, "the indices");
        string rows = c.Node("Gather", [c.Input(0, c.ResultType), indices], OnnxAttribute.Of("axis", 0L));
        if (c.HasInput(1)) rows = c.Node("Mul", [rows, WeightColumn(c, PerSampleWeights(c.Op, c.Ops), indexShape, "the per-sample weights")]);
        string? kept = a.PaddingIdx is { } padding
            ? KeptColumn(c, c.Node("Not", [c.Node("Equal", [indices, c.Scalar(padding, DType.Int64)])]))
            : null;
        var bag = new Bag(c, a.Mode, kept);
        c.Bind(indexShape.Length == 2 ? bag.Reduce(rows, axis: 1, keepDims: false) : EachBag(c, a, indicesRef, bag, rows));
    }, (op, ops) => [op.Inputs[0], .. op.Inputs.Length > 1 ? new[] { PerSampleWeights(op, ops) } : Array.Empty<ValueRef>(), Embedding.Indices(op, ops)]);

    private static ValueRef PerSampleWeights(TracedOp op, IReadOnlyList<TracedOp> ops) => Embedding.BeforeView(op.Inputs[1], ops);

    // A value per lookup as a column [..., L, 1] that scales the rows [..., L, D].
    private static string WeightColumn(EmitContext c, ValueRef value, int[] indexShape, string role)
    {
        if (!c.ShapeOf(value).AsSpan().SequenceEqual(indexShape))
            throw c.Unsupported($"reads {role} of shape [{string.Join(", ", c.ShapeOf(value))}], which the trace cannot follow back to the indices' shape [{string.Join(", ", indexShape)}].");
        return c.Node("Unsqueeze", [c.ValueAs(value, c.ResultType, role), c.Ints(-1)]);
    }

    // 1 for each lookup that counts, 0 for one of padding_idx, as a column of the rows' dtype.
    private static string KeptColumn(EmitContext c, string mask)
        => c.Node("Unsqueeze", [c.Node("Cast", [mask], OnnxAttribute.Of("to", (long)OnnxTypes.ElementType(c.ResultType))), c.Ints(-1)]);

    // The bags of a 1-d input at the traced offsets, each reduced to [1, D] and joined.
    private static string EachBag(EmitContext c, EmbeddingBagArgs a, ValueRef indicesRef, Bag bag, string rows)
    {
        bool lengthVaries = c.DynamicDims(indicesRef)[0];
        var other = c.Op.OtherBatchArgs as EmbeddingBagArgs;
        var parts = new string[a.Bounds.Length];
        for (int b = 0; b < parts.Length; b++)
        {
            var (start, end) = a.Bounds[b];
            bool toTheEnd = b == parts.Length - 1 && end == a.InputCount;
            if (lengthVaries && (other is null || other.Bounds.Length != parts.Length || other.Bounds[b].Start != start
                || (other.Bounds[b].End != end && !(toTheEnd && other.Bounds[b].End == other.InputCount))))
                throw c.Unsupported("cuts its 1-d input into bags at offsets that change with the input's length, which the graph cannot follow. " +
                    "Export with dynamicBatch: false, or give the input as 2-d [bags, lookups].");
            parts[b] = start == end && !(toTheEnd && lengthVaries)
                ? c.Constant(Tensor.Zeros([1, c.Result().Size(1)], c.ResultType))   // an empty bag: zeros, where a reduction of nothing would not be
                : bag.Reduce(rows, axis: 0, keepDims: true, start, toTheEnd && lengthVaries ? long.MaxValue : end);
        }
        return parts.Length == 1 ? parts[0] : c.Node("Concat", parts, OnnxAttribute.Of("axis", 0L));
    }

    /// <summary>
    /// The bags' reduction of the rows [..., L, D] along the lookups' axis, with the column of kept lookups [..., L, 1] when padding
    /// is left out: along axis 1 every row of a 2-d input is a bag; along axis 0 the bag is the lookups [start, end) of a 1-d input.
    /// </summary>
    private sealed class Bag(EmitContext c, string mode, string? kept)
    {
        public string Reduce(string rows, long axis, bool keepDims, long start = 0, long end = long.MaxValue)
        {
            string? keep = kept;
            if (axis == 0)
            {
                rows = Slice(rows, start, end);
                if (keep is not null) keep = Slice(keep, start, end);
            }
            if (keep is null) return Node(mode switch { "max" => "ReduceMax", "mean" => "ReduceMean", _ => "ReduceSum" }, rows, axis, keepDims);
            string count = Node("ReduceSum", keep, axis, keepDims);
            if (mode == "max")
            {
                string masked = c.Node("Where", [c.Node("Cast", [keep], OnnxAttribute.Of("to", (long)OnnxTypes.ElementType(DType.Bool))), rows, c.Scalar(double.NegativeInfinity, c.ResultType)]);
                return c.Node("Where", [c.Node("Greater", [count, c.Scalar(0, c.ResultType)]), Node("ReduceMax", masked, axis, keepDims), c.Scalar(0, c.ResultType)]);
            }
            string sum = Node("ReduceSum", c.Node("Mul", [rows, keep]), axis, keepDims);
            return mode == "mean" ? c.Node("Div", [sum, c.Node("Max", [count, c.Scalar(1, c.ResultType)])]) : sum;
        }

        private string Slice(string x, long start, long end) => c.Node("Slice", [x, c.Ints(start), c.Ints(end), c.Ints(0)]);

        private string Node(string reduce, string x, long axis, bool keepDims)
            => c.Node(reduce, [x, c.Ints(axis)], OnnxAttribute.Of("keepdims", keepDims ? 1L : 0L));
    }
}
