using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Diagonals, which ONNX has no operator for: the two dims moved last (Transpose), flattened into one
/// (Reshape), and the diagonal's elements gathered from it (Gather of constant positions). trace is the
/// ReduceSum of a matrix's diagonal.
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
