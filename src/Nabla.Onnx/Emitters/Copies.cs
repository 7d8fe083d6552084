using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Ops that split a tensor or copy parts of it: split, split_with_sizes and unbind as Split (one node
/// with an output per piece), tril and triu as Trilu, repeat as Tile, roll as two Slices swapped by Concat.
/// </summary>
internal static class Copies
{
    /// <summary>split and split_with_sizes along <c>Args.Dim</c> into pieces of <c>Args.Sizes</c>.</summary>
    public static readonly OpMapping Split = new(c =>
    {
        var (dim, sizes) = c.Args<(int Dim, int[] Sizes)>();
        CheckStatic(c, dim);
        var pieces = c.Node("Split", [c.Input(0), c.Ints([.. sizes.Select(s => (long)s)])], sizes.Length, OnnxAttribute.Of("axis", (long)dim));
        for (int k = 0; k < pieces.Length; k++) c.Bind(pieces[k], k);
    });

    /// <summary>unbind along <c>Args</c>: Split into pieces of 1, each squeezed.</summary>
    public static readonly OpMapping Unbind = new(c =>
    {
        long dim = c.Args<int>();
        int count = c.Op.Results.Length;
        string axes = c.Ints(dim);
        var pieces = c.Node("Split", [c.Input(0), c.Ints([.. Enumerable.Repeat(1L, count)])], count, OnnxAttribute.Of("axis", dim));
        for (int k = 0; k < count; k++) c.Bind(c.Node("Squeeze", [pieces[k], axes]), k);
    });

    /// <summary>tril or triu with the diagonal offset <c>Args</c>: Trilu.</summary>
    public static OpMapping Triangle(bool upper) => new(c =>
        c.Bind(c.Node("Trilu", [c.Input(0), c.Constant(Tensor.Scalar((long)c.Args<int>()))], OnnxAttribute.Of("upper", upper ? 1L : 0L))));

    /// <summary>repeat(repeats) (<c>Args</c>): Tile, after unsqueezing the leading dims that the extra repeats add.</summary>
    public static readonly OpMapping Repeat = new(c =>
    {
        var repeats = c.Args<int[]>();
        int lead = repeats.Length - c.InputTensor(0).Dim;
        string x = lead == 0 ? c.Input(0) : c.Node("Unsqueeze", [c.Input(0), c.Ints([.. Enumerable.Range(0, lead).Select(d => (long)d)])]);
        c.Bind(c.Node("Tile", [x, c.Ints([.. repeats.Select(r => (long)r)])]));
    });

    /// <summary>roll by <c>Args.Shifts</c> along <c>Args.Dims</c> (none: the flattened tensor, reshaped back): per dim, the last s elements, then the others.</summary>
    public static readonly OpMapping Roll = new(c =>
    {
        var (shifts, dims) = c.Args<(int[] Shifts, int[] Dims)>();
        var input = c.InputTensor(0);
        string x = c.Input(0);
        if (dims.Length == 0)
        {
            for (int d = 0; d < input.Dim; d++) c.RequireStaticDim(d, "rolls the flattened tensor, and");
            string rolled = Rotated(c, c.Node("Reshape", [x, c.Ints(-1)]), 0, input.Count, shifts[0]);
            c.Bind(c.Node("Reshape", [rolled, c.Ints([.. input.ShapeArray.Select(s => (long)s)])]));
            return;
        }
        for (int i = 0; i < dims.Length; i++)
        {
            c.RequireStaticDim(dims[i], "rolls along");
            x = Rotated(c, x, dims[i], input.Size(dims[i]), shifts[i]);
        }
        c.Bind(x);
    });

    // x rolled by shift along dim (of the given size): Concat of x[size - s:] and x[:size - s], s = shift mod size.
    private static string Rotated(EmitContext c, string x, int dim, int size, int shift)
    {
        int s = size == 0 ? 0 : ((shift % size) + size) % size;
        if (s == 0) return x;
        string axes = c.Ints(dim);
        string tail = c.Node("Slice", [x, c.Ints(size - s), c.Ints(size), axes]), head = c.Node("Slice", [x, c.Ints(0), c.Ints(size - s), axes]);
        return c.Node("Concat", [tail, head], OnnxAttribute.Of("axis", (long)dim));
    }

    private static void CheckStatic(EmitContext c, int dim)
    {
        if (c.DynamicDims(c.Op.Inputs[0])[dim])
            throw c.Unsupported($"splits dim {dim}, which follows the batch size, into pieces of fixed sizes. Export with dynamicBatch: false.");
    }
}
