using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Export;

/// <summary>
/// What a dynamic batch needs to know: which dims of each value follow the batch size. The forward pass
/// is traced a second time with one more sample (the first one repeated), and the two traces are
/// compared op by op: a dim whose size changed follows the batch.
/// </summary>
internal static class OtherBatch
{
    /// <summary>The example input with its first sample appended: a batch one larger, of valid values (embedding indices stay in range).</summary>
    public static Tensor Input(Tensor input)
    {
        using (Autograd.NoGrad()) return Tensor.Cat([input, input.Narrow(0, 0, 1)], 0);
    }

    /// <summary>Records the second trace's shapes and arguments on the first trace's ops, and finds the constants whose shape changed.</summary>
    public static void Align(TraceSummary first, IReadOnlyList<TracedOp> second, Tensor secondInput)
    {
        var ops = first.Ops;
        int batch = first.Input.Size(0);
        for (int i = 0; i < Math.Max(ops.Count, second.Count); i++)
        {
            if (i >= ops.Count || i >= second.Count || ops[i].Name != second[i].Name)
                throw new NotSupportedException($"ONNX export with dynamicBatch: the forward pass ran other ops with a batch of {batch + 1} than with {batch} " +
                    $"(op {i}: {Name(ops, i)} against {Name(second, i)}), so its graph depends on the batch size. Export with dynamicBatch: false.");
            var (a, b) = (ops[i], second[i]);
            if (a.Results.Length != b.Results.Length)
                throw ExportErrors.Unsupported(a, $"gives {a.Results.Length} results with a batch of {batch} but {b.Results.Length} with {batch + 1}. Export with dynamicBatch: false.");
            for (int k = 0; k < a.Results.Length; k++)
                if (a.Results[k].Dim != b.Results[k].Dim)
                    throw ExportErrors.Unsupported(a, $"gives a result of {a.Results[k].Dim} dims with a batch of {batch} but {b.Results[k].Dim} with {batch + 1}. Export with dynamicBatch: false.");
            a.OtherBatchShapes = [.. b.Results.Select(r => r.ShapeArray)];
            a.OtherBatchArgs = b.Args;
            CompareLeaves(first, a.Inputs, b.Inputs);
            CompareLeaves(first, [.. a.Saved.Select(s => s.Ref)], [.. b.Saved.Select(s => s.Ref)]);
        }
        first.OtherBatchInputShape = secondInput.ShapeArray;
    }

    private static void CompareLeaves(TraceSummary first, ValueRef[] a, ValueRef[] b)
    {
        for (int j = 0; j < Math.Min(a.Length, b.Length); j++)
            if (a[j].IsLeaf && b[j].Leaf is { } other && !a[j].Leaf!.ShapeArray.AsSpan().SequenceEqual(other.ShapeArray))
                first.BatchShapedLeaves.Add(a[j].Leaf!);
    }

    private static string Name(IReadOnlyList<TracedOp> ops, int i) => i < ops.Count ? ops[i].Name : "nothing";
}
