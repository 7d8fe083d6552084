using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// The scans ONNX has no operator for (cumprod, cummax, cummin, logcumsumexp), written without loops as a
/// reduction over a triangle: output j reduces the elements i ≤ j of its line, the others masked to the
/// reduction's neutral value. Exact (zeros, negatives and infinities as the scan gives them, no
/// exp(cumsum(log x))), at the cost of an n×n intermediate per line for a dim of size n.
/// </summary>
internal static class Scans
{
    /// <summary>cumprod along <c>Args</c>: ReduceProd of the prefix, the rest masked to 1.</summary>
    public static readonly OpMapping CumProd = Prefix((c, p) =>
        c.Node("ReduceProd", [c.Node("Where", [p.Mask, p.Earlier, c.Scalar(1, c.ResultType)]), p.Axes], OnnxAttribute.Of("keepdims", 0L)));

    /// <summary>
    /// cummax and cummin along <c>Args</c> (values; the indices are not traced): ReduceMax or ReduceMin of the prefix, the rest masked
    /// to the current element; NaN from the first NaN on, as PyTorch's scan keeps it (ONNX's reductions leave NaN unspecified).
    /// </summary>
    public static OpMapping Extreme(string onnxReduce) => Prefix((c, p) =>
    {
        string picked = c.Node(onnxReduce, [c.Node("Where", [p.Mask, p.Earlier, p.Current]), p.Axes], OnnxAttribute.Of("keepdims", 0L));
        if (!c.ResultType.IsFloatingPoint()) return picked;
        string nanCount = c.Node("CumSum", [c.Node("Cast", [c.Node("IsNaN", [p.Input])], OnnxAttribute.Of("to", (long)OnnxTypes.ElementType(c.ResultType))), c.Constant(Tensor.Scalar((long)p.Dim))]);
        return c.Node("Where", [c.Node("Greater", [nanCount, c.Scalar(0, c.ResultType)]), c.Scalar(double.NaN, c.ResultType), picked]);
    });

    /// <summary>
    /// logcumsumexp along <c>Args</c>: m + ln Σ e^(xᵢ - m) over the prefix (the rest masked to -∞), m the prefix's max, or 0 where
    /// that max is infinite (so that a prefix of -∞ gives -∞, and +∞ gives +∞, not NaN).
    /// </summary>
    public static readonly OpMapping LogCumSumExp = Prefix((c, p) =>
    {
        var dtype = c.ResultType;
        string masked = c.Node("Where", [p.Mask, p.Earlier, c.Scalar(double.NegativeInfinity, dtype)]);
        string max = c.Node("ReduceMax", [masked, p.Axes], OnnxAttribute.Of("keepdims", 1L));
        string shift = c.Node("Where", [c.Node("IsInf", [max]), c.Scalar(0, dtype), max]);
        string sum = c.Node("ReduceSum", [c.Node("Exp", [c.Node("Sub", [masked, shift])]), p.Axes], OnnxAttribute.Of("keepdims", 0L));
        return c.Node("Add", [c.Node("Log", [sum]), c.Node("Squeeze", [shift, p.Axes])]);
    });

    /// <summary>
    /// The input (in the result's dtype) with the dim it scans (<see cref="Dim"/>) seen two ways: <see cref="Earlier"/> has the
    /// elements i along the new axis <see cref="Axes"/> (dim + 1), <see cref="Current"/> the output's position j along dim;
    /// <see cref="Mask"/> holds where i ≤ j.
    /// </summary>
    private readonly record struct Triangle(string Input, int Dim, string Earlier, string Current, string Mask, string Axes);

    private static OpMapping Prefix(Func<EmitContext, Triangle, string> reduce) => new(c =>
    {
        int dim = c.Args<int>();
        string x = c.Input(0, c.ResultType);
        var input = c.InputTensor(0);
        if (input.Dim == 0)
        {
            c.Bind(x);   // a 0-d tensor scans to itself
            return;
        }
        c.RequireStaticDim(dim, "scans along");
        int n = input.Size(dim);
        var below = new bool[n * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i <= j; i++) below[j * n + i] = true;
        string mask = c.Constant(Tensor.FromArray(below, [n, n, .. Enumerable.Repeat(1, input.Dim - dim - 1)]));
        var triangle = new Triangle(x, dim, c.Node("Unsqueeze", [x, c.Ints(dim)]), c.Node("Unsqueeze", [x, c.Ints(dim + 1)]), mask, c.Ints(dim + 1));
        c.Bind(reduce(c, triangle));
    });
}
