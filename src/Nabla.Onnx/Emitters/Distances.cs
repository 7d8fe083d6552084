using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// cdist, in Nabla's two formulas: the p-norm of every row difference (Unsqueeze, Sub, then the norm over the last
/// axis as <see cref="Reductions.Norm"/> writes it), and for p = 2 on many rows PyTorch's matrix-product form
/// √(‖a‖² - 2a·b + ‖b‖²) (<c>EuclideanDistBackward0</c>: Concat, MatMul, Clip above 1e-30, Sqrt).
/// </summary>
internal static class Distances
{
    /// <summary>cdist(x1, x2, p) (<c>Args</c>: p): the norm of x1[..., i, :] - x2[..., j, :] over the columns.</summary>
    public static readonly OpMapping Cdist = new(c =>
    {
        string rows1 = c.Node("Unsqueeze", [c.Input(0, c.ResultType), c.Ints(-2)]), rows2 = c.Node("Unsqueeze", [c.Input(1, c.ResultType), c.Ints(-3)]);
        c.Bind(Reductions.Norm(c, c.Node("Sub", [rows1, rows2]), c.Args<double>(), [c.Ints(-1)], keepDim: false));
    });

    /// <summary>
    /// _euclidean_dist(x1, x2): [-2a, ‖a‖², 1] times [b, 1, ‖b‖²] transposed, clamped above 1e-30 and square-rooted, as
    /// Nabla and PyTorch compute it.
    /// </summary>
    public static readonly OpMapping EuclideanDist = new(c =>
    {
        var dtype = c.ResultType;
        string a = c.Input(0, dtype), b = c.Input(1, dtype), lastAxis = c.Ints(-1);
        string SquaredNorm(string x) => c.Node("ReduceSum", [c.Node("Mul", [x, x]), lastAxis], OnnxAttribute.Of("keepdims", 1L));
        string OnesLike(string x) => c.Node("Expand", [c.Scalar(1, dtype), c.Node("Shape", [x])]);
        string aSquared = SquaredNorm(a), bSquared = SquaredNorm(b);
        string left = c.Node("Concat", [c.Node("Mul", [a, c.Scalar(-2, dtype)]), aSquared, OnesLike(aSquared)], OnnxAttribute.Of("axis", -1L));
        string right = c.Node("Concat", [b, OnesLike(bSquared), bSquared], OnnxAttribute.Of("axis", -1L));
        int rank = c.InputTensor(1).Dim;
        long[] swapLast = [.. Enumerable.Range(0, rank).Select(d => (long)(d < rank - 2 ? d : 2 * rank - 3 - d))];
        string products = c.Node("MatMul", [left, c.Node("Transpose", [right], OnnxAttribute.Of("perm", swapLast))]);
        c.Bind(c.Node("Sqrt", [c.Node("Clip", [products, c.Scalar(1e-30, dtype)])]));
    });
}
