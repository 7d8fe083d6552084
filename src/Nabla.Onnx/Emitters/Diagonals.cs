using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Diagonals, which ONNX has no operator for: the two dims moved last (Transpose), flattened into one
/// (Reshape), and the diagonal's elements gathered from it (Gather of constant positions). trace is the
/// ReduceSum of a matrix's diagonal. diag_embed gathers the other way: from the last dim with one zero appended (Pad),
/// a constant matrix of positions picks each element or the zero.
/// </summary>
internal static class Diagonals
{
    /// <summary>diagonal(offset, dim1, dim2) and diag of a matrix (<c>Args</c>): the diagonal as the last dim, as PyTorch puts it.</summary>
    public static readonly OpMapping Diagonal = new(c =>
    {
        var (offset, dim1, dim2) = c.Args<(int Offset, int Dim1, int Dim2)>();
        c.Bind(Gathered(c, offset, dim1, dim2));
    });

    /// <summary>trace of a matrix: ReduceSum of its main diagonal.</summary>
    public static readonly OpMapping Trace = new(c => c.Bind(c.Node("ReduceSum", [Gathered(c, 0, 0, 1)], OnnxAttribute.Of("keepdims", 0L))));

    /// <summary>
    /// diag_embed(offset, dim1, dim2) (<c>Args</c>: the dims of the result): Pad the last dim with a zero, Gather an [m, m] constant
    /// of positions (the diagonal's element, else the zero), and Transpose the two new dims to dim1 and dim2.
    /// </summary>
    public static readonly OpMapping DiagEmbed = new(c =>
    {
        var (offset, dim1, dim2) = c.Args<(int Offset, int Dim1, int Dim2)>();
        int rank = c.InputTensor(0).Dim, n = c.InputTensor(0).Size(-1), m = n + Math.Abs(offset);
        c.RequireStaticDim(rank - 1, "embeds a diagonal from");
        long[] pads = new long[2 * rank];
        pads[^1] = 1;
        string padded = c.Node("Pad", [c.Input(0), c.Ints(pads)]);
        var positions = new long[m * m];
        Array.Fill(positions, n);   // the appended zero
        for (int k = 0; k < n; k++) positions[(k + Math.Max(0, -offset)) * m + k + Math.Max(0, offset)] = k;
        string square = c.Node("Gather", [padded, c.Constant(Tensor.FromArray(positions, [m, m]))], OnnxAttribute.Of("axis", (long)rank - 1));
        // The gathered dims are rank - 1 (dim1's role) and rank (dim2's); the batch dims fill the other places in order.
        var perm = new long[rank + 1];
        for (int d = 0, batch = 0; d <= rank; d++) perm[d] = d == dim1 ? rank - 1 : d == dim2 ? rank : batch++;
        c.Bind(c.Node("Transpose", [square], OnnxAttribute.Of("perm", perm)));
    });

    private static string Gathered(EmitContext c, int offset, int dim1, int dim2)
    {
        var input = c.InputTensor(0);
        c.RequireStaticDim(dim1, "takes a diagonal along");
        c.RequireStaticDim(dim2, "takes a diagonal along");
        int rows = input.Size(dim1), columns = input.Size(dim2);
        long[] order = [.. Enumerable.Range(0, input.Dim).Where(d => d != dim1 && d != dim2).Select(d => (long)d), dim1, dim2];
        string moved = c.Node("Transpose", [c.Input(0)], OnnxAttribute.Of("perm", order));
        // The other dims are copied (0, which also keeps a dim that follows the batch); the two dims become one.
        string flat = c.Node("Reshape", [moved, c.Ints([.. Enumerable.Repeat(0L, input.Dim - 2), rows * columns])]);
        int first = Math.Max(0, -offset), length = Math.Max(0, Math.Min(rows - first, columns - Math.Max(0, offset)));
        long[] positions = [.. Enumerable.Range(first, length).Select(r => (long)r * columns + r + offset)];
        return c.Node("Gather", [flat, c.Ints(positions)], OnnxAttribute.Of("axis", (long)input.Dim - 2));
    }
}
