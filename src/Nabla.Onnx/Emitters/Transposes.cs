using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>x.T, transpose and permute as Transpose with the permutation of the result's dims.</summary>
internal static class Transposes
{
    /// <summary>x.T: the transpose of a matrix (a 0-d or 1-d tensor stays as it is).</summary>
    public static readonly OpMapping T = new(c => Permute(c, c.InputTensor(0).Dim < 2 ? null : [1, 0]));

    /// <summary>transpose(a, b) (<c>Args</c>).</summary>
    public static readonly OpMapping Transpose = new(c =>
    {
        var (a, b) = c.Args<(int A, int B)>();
        var order = Enumerable.Range(0, c.InputTensor(0).Dim).Select(d => (long)d).ToArray();
        if (order.Length > 0) (order[a], order[b]) = (order[b], order[a]);
        Permute(c, a == b ? null : order);
    });

    /// <summary>permute, whose <c>Args</c> is the inverse permutation (what the gradient applies).</summary>
    public static readonly OpMapping FromInverse = new(c =>
    {
        var inverse = c.Args<int[]>();
        var order = new long[inverse.Length];
        for (int d = 0; d < inverse.Length; d++) order[inverse[d]] = d;   // result dim inverse[d] is input dim d
        Permute(c, order);
    });

    private static void Permute(EmitContext c, long[]? order)
        => c.Bind(order is null || order.Select((d, i) => d == i).All(same => same)
            ? c.Input(0)
            : c.Node("Transpose", [c.Input(0)], OnnxAttribute.Of("perm", order)));
}
