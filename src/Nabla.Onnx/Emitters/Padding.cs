using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// F.pad as Pad over the padded (trailing) axes: constant_pad_nd in mode "constant" (<c>Args</c>: the pads, last dim first;
/// negative pads crop, as in ONNX), reflection_pad{1,2,3}d as "reflect" and replication_pad{1,2,3}d as "edge"
/// (<c>Args</c>: <see cref="IndexPadArgs"/>). Circular padding is not an op of its own in Nabla (in-place copies), and ONNX's
/// "wrap" mode needs opset 19.
/// </summary>
internal static class Padding
{
    /// <summary>constant_pad_nd. The op keeps no value in its arguments: it is read from the result, where the padding wrote it.</summary>
    public static readonly OpMapping Constant = new(c =>
    {
        int[] pad = c.Args<int[]>();
        c.Bind(Pad(c, pad, "constant", c.Scalar(PaddedValue(c.Result(), pad), c.ResultType)));
    });

    /// <summary>reflection_pad and replication_pad.</summary>
    public static readonly OpMapping Indexed = new(c =>
    {
        var a = c.Args<IndexPadArgs>();
        c.Bind(Pad(c, a.Pad, a.Reflect ? "reflect" : "edge", ""));
    });

    // Pad's inputs: the data, every begin then every end (of the axes listed), the constant value, and the axes.
    private static string Pad(EmitContext c, int[] pad, string mode, string value)
    {
        int rank = c.InputTensor(0).Dim, padded = pad.Length / 2;
        long[] axes = [.. Enumerable.Range(rank - padded, padded).Select(d => (long)d)];
        long Before(long axis) => pad[2 * (rank - 1 - axis)];
        long After(long axis) => pad[2 * (rank - 1 - axis) + 1];
        long[] pads = [.. axes.Select(Before), .. axes.Select(After)];
        return c.Node("Pad", [c.Input(0, c.ResultType), c.Ints(pads), value, c.Ints(axes)], OnnxAttribute.Of("mode", mode));
    }

    // An element the padding wrote: the first one along a dim padded before (or the last along one padded after); 0 if the pads only crop.
    private static double PaddedValue(Tensor result, int[] pad)
    {
        for (int k = 0; k < pad.Length / 2; k++)
        {
            int d = result.Dim - 1 - k;
            if (result.Count == 0) break;
            if (pad[2 * k] > 0) return result.Narrow(d, 0, 1).ToArray<double>()[0];
            if (pad[2 * k + 1] > 0) return result.Narrow(d, result.Size(d) - 1, 1).ToArray<double>()[0];
        }
        return 0;
    }
}
