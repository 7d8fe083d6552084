using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>
/// The rows of the differential check, split by theme over <c>OpRows.*.cs</c> (add a row to its theme's file,
/// or a theme as a new file with one entry in <see cref="All"/>). A row is the op's PyTorch name (first word of
/// the title, what the op count counts) and a note, its inputs, the Nabla call and the libtorch call.
/// Write the libtorch side as Python writes the call: Python passes a number to add/sub/mul/div (and the
/// comparisons) as a 0-d tensor, where TorchSharp would pick the Scalar overload, whose node differs
/// (AddBackward1 instead of AddBackward0): use <see cref="N"/> there.
/// </summary>
internal static partial class OpRows
{
    /// <summary>Every row, in table order.</summary>
    public static IEnumerable<OpRow> All() =>
    [
        .. Arithmetic(), .. Elementwise(), .. Reductions(), .. Shapes(), .. Indexing(), .. LinearAlgebra(), .. NN(), .. NewNN(), .. Random(),
        .. MoreElementwise(), .. MoreReductions(), .. MoreIndexing(), .. MoreLinearAlgebra(), .. Attention(),
    ];

    // ---- inputs --------------------------------------------------------------------------------

    /// <summary>Standard normal values.</summary>
    private static In A(params int[] shape) => new(shape, DType.Float64, Normal(1));

    /// <summary>Normal values scaled by 3 (logits, tails).</summary>
    private static In W(params int[] shape) => new(shape, DType.Float64, Normal(3));

    /// <summary>Uniform in [0.5, 2): logs, roots, divisors.</summary>
    private static In P(params int[] shape) => new(shape, DType.Float64, Uniform(0.5, 2));

    /// <summary>Uniform in (-0.9, 0.9): asin, acos, atanh, erfinv.</summary>
    private static In U(params int[] shape) => new(shape, DType.Float64, Uniform(-0.9, 0.9));

    /// <summary>Uniform in [0.1, 0.9]: probabilities and binary targets.</summary>
    private static In Pr(params int[] shape) => new(shape, DType.Float64, Uniform(0.1, 0.9));

    /// <summary>k + u, k in {-2..1}, u in [0.2, 0.8]: at least 0.2 from every integer (rounding, kinks at integers).</summary>
    private static In Z(params int[] shape) => new(shape, DType.Float64, (rng, n) =>
        [.. Enumerable.Range(0, n).Select(_ => rng.Next(-2, 2) + 0.2 + 0.6 * rng.NextDouble())]);

    /// <summary>Int64 values uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    private static In I(int low, int high, params int[] shape) => new(shape, DType.Int64, (rng, n) =>
        [.. Enumerable.Range(0, n).Select(_ => (double)rng.Next(low, high))]);

    /// <summary>Int64, a random permutation of 0..n-1 (distinct indices).</summary>
    private static In Perm(int n) => new([n], DType.Int64, (rng, _) => [.. Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Select(i => (double)i)]);

    /// <summary>Bool, true with probability one half.</summary>
    private static In B(params int[] shape) => new(shape, DType.Bool, (rng, n) => [.. Enumerable.Range(0, n).Select(_ => (double)rng.Next(2))]);

    /// <summary>The given values, as float64 (or <paramref name="dtype"/>).</summary>
    private static In V(double[] values, int[] shape, DType dtype = DType.Float64) => new(shape, dtype, (_, _) => values);

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    private static In Un(double low, double high, params int[] shape) => new(shape, DType.Float64, Uniform(low, high));

    /// <summary>Square matrices [..., n, n]: standard normal plus n·I, so well conditioned (solves, inverses).</summary>
    private static In Sq(params int[] shape) => new(shape, DType.Float64, Matrices(shape, (m, n) => m + n * Eye(n)));

    /// <summary>Symmetric matrices [..., n, n] with eigenvalues apart (eigh, eigvalsh).</summary>
    private static In Sym(params int[] shape) => new(shape, DType.Float64, Matrices(shape, (m, n) => m + m.T));

    /// <summary>Symmetric positive definite matrices [..., n, n]: M·Mᵀ + n·I (cholesky).</summary>
    private static In Spd(params int[] shape) => new(shape, DType.Float64, Matrices(shape, (m, n) => m.MatMul(m.T) + n * Eye(n)));

    private static Tensor Eye(int n) => Tensor.Eye(n, dtype: DType.Float64);

    // Draws each [n, n] matrix of a batch standard normal and maps it (computed in Nabla, then read back as values).
    private static Func<Random, int, double[]> Matrices(int[] shape, Func<Tensor, int, Tensor> map) => (rng, count) =>
    {
        int n = shape[^1];
        var values = new List<double>(count);
        for (int k = 0; k < count / (n * n); k++)
            values.AddRange(map(Tensor.FromArray(Normal(1)(rng, n * n), [n, n]), n).ToArray<double>());
        return [.. values];
    };

    /// <summary>Float64 values that are no input to differentiate (targets, constants).</summary>
    private static In Const(In input) => input with { Grad = false };

    private static Func<Random, int, double[]> Normal(double scale) => (rng, n) =>
        [.. Enumerable.Range(0, n).Select(_ => scale * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))];

    private static Func<Random, int, double[]> Uniform(double low, double high) => (rng, n) =>
        [.. Enumerable.Range(0, n).Select(_ => low + (high - low) * rng.NextDouble())];

    /// <summary>A Python number on the libtorch side: a 0-d float64 tensor, as Python wraps it for add, mul...</summary>
    private static TT N(double value) => torch.tensor(value, torch.float64);

    // ---- rows ----------------------------------------------------------------------------------

    private static OpRow R(string title, In a, Func<Tensor, Tensor> nabla, Func<TT, TT> torch)
        => new(title, [a], x => [nabla(x[0])], x => [torch(x[0])]);

    private static OpRow R(string title, In a, In b, Func<Tensor, Tensor, Tensor> nabla, Func<TT, TT, TT> torch)
        => new(title, [a, b], x => [nabla(x[0], x[1])], x => [torch(x[0], x[1])]);

    private static OpRow R(string title, In a, In b, In c, Func<Tensor, Tensor, Tensor, Tensor> nabla, Func<TT, TT, TT, TT> torch)
        => new(title, [a, b, c], x => [nabla(x[0], x[1], x[2])], x => [torch(x[0], x[1], x[2])]);

    private static OpRow R(string title, In[] inputs, Func<Tensor[], Tensor> nabla, Func<TT[], TT> torch)
        => new(title, inputs, x => [nabla(x)], x => [torch(x)]);

    /// <summary>A row whose libtorch side is TorchScript over inputs named a, b, c... (see <see cref="Script"/>).</summary>
    private static OpRow S(string title, In a, Func<Tensor, Tensor> nabla, string script)
        => new(title, [a], x => [nabla(x[0])], Script.Of(script));

    private static OpRow S(string title, In a, In b, Func<Tensor, Tensor, Tensor> nabla, string script)
        => new(title, [a, b], x => [nabla(x[0], x[1])], Script.Of(script));

    private static OpRow S(string title, In a, In b, In c, Func<Tensor, Tensor, Tensor, Tensor> nabla, string script)
        => new(title, [a, b, c], x => [nabla(x[0], x[1], x[2])], Script.Of(script));

    private static OpRow S(string title, In[] inputs, Func<Tensor[], Tensor> nabla, string script)
        => new(title, inputs, x => [nabla(x)], Script.Of(script));

    /// <summary>An op with several outputs, its libtorch side in TorchScript (returning a tuple or a list).</summary>
    private static OpRow MS(string title, In[] inputs, Func<Tensor[], Tensor[]> nabla, string script)
        => new(title, inputs, nabla, Script.Of(script));

    /// <summary>An op with several outputs (every one compared; gradients through their weighted sum).</summary>
    private static OpRow M(string title, In a, Func<Tensor, Tensor[]> nabla, Func<TT, TT[]> torch)
        => new(title, [a], x => nabla(x[0]), x => torch(x[0]));

    private static OpRow M(string title, In[] inputs, Func<Tensor[], Tensor[]> nabla, Func<TT[], TT[]> torch)
        => new(title, inputs, nabla, torch);
}
