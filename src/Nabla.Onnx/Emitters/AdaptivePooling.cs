using Nabla.Kernels;
using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// adaptive_avg_pool2d and adaptive_max_pool2d. ONNX's pooling has fixed windows, so: GlobalAveragePool / GlobalMaxPool
/// for a 1×1 output, AveragePool / MaxPool when the output size divides the input size (equal windows that tile it),
/// and otherwise PyTorch's windows written out, output i of n along an axis of size s covering [⌊i·s/n⌋, ⌈(i+1)·s/n⌉):
/// a Slice and a ReduceMean / ReduceMax per window, Concat along the axis, the columns first and then the rows (a mean
/// over a rectangle is the mean of its rows' means, as every row of it is equally long; a maximum likewise).
/// </summary>
internal static class AdaptivePooling
{
    /// <summary>adaptive_max_pool2d (its indices are not traced: only the values are exported).</summary>
    public static readonly OpMapping MaxPool = new(c => Emit(c, "Max"));

    /// <summary>Adaptive <paramref name="kind"/> ("Average" or "Max") pooling of input 0 to the result's size.</summary>
    public static void Emit(EmitContext c, string kind)
    {
        var (input, result) = (c.InputTensor(0), c.Result());
        var windows = PoolWindows.Adaptive(input.Size(-2), input.Size(-1), result.Size(-2), result.Size(-1));
        if (windows is { OH: 1, OW: 1 }) c.Bind(Pooling.Pool(c, $"Global{kind}Pool", []));
        else if (windows.H % windows.OH == 0 && windows.W % windows.OW == 0)
        {
            long kh = windows.H / windows.OH, kw = windows.W / windows.OW;
            c.Bind(Pooling.Pool(c, $"{kind}Pool", [OnnxAttribute.Of("kernel_shape", kh, kw), OnnxAttribute.Of("strides", kh, kw)]));
        }
        else
        {
            string reduce = kind == "Max" ? "ReduceMax" : "ReduceMean";
            string columns = EachWindow(c, c.Input(0, c.ResultType), -1, windows.W, windows.ColStart, windows.ColEnd, reduce);
            c.Bind(EachWindow(c, columns, -2, windows.H, windows.RowStart, windows.RowEnd, reduce));
        }
    }

    // Each window [start, end) along the axis reduced to one position, then joined along it (nothing to do where each window is one position).
    private static string EachWindow(EmitContext c, string x, long axis, int size, int[] start, int[] end, string reduce)
    {
        if (start.Length == size) return x;
        var pooled = start.Select((s, i) =>
            c.Node(reduce, [c.Node("Slice", [x, c.Ints(s), c.Ints(end[i]), c.Ints(axis)]), c.Ints(axis)], OnnxAttribute.Of("keepdims", 1L))).ToArray();
        return pooled.Length == 1 ? pooled[0] : c.Node("Concat", pooled, OnnxAttribute.Of("axis", axis));
    }
}
