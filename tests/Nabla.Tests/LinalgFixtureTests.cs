using System.Text.Json;

namespace Nabla.Tests;

/// <summary>
/// The linear-algebra ops against what PyTorch 1.13 computed for the same inputs
/// (tests/fixtures/linalg/expected.json, written by make_linalg.py): values, and gradients of fixed
/// weighted sums, in float64 (to 1e-8) and again from float32 inputs (to float32 accuracy). Eigenvectors
/// and singular vectors are compared up to the sign of each vector, the only freedom they have.
/// </summary>
public class LinalgFixtureTests
{
    private static readonly Lazy<JsonElement> s_cases = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(DocsTests.Root, "tests", "fixtures", "linalg", "expected.json"))).RootElement.GetProperty("cases"));

    // What each case computes, in the order make_linalg.py recorded its outputs. Weights are arange(n).reshape(...), as there.
    private static readonly Dictionary<string, Func<Tensor[], Tensor[]>> s_calls = new()
    {
        ["solve"] = x => [Linalg.Solve(x[0], x[1]), .. Grads(x, y => (Linalg.Solve(y[0], y[1]) * Weights(3, 2)).Sum())],
        ["solve batched vector"] = x => [Linalg.Solve(x[0], x[1])],
        ["solve left=false"] = x => [Linalg.Solve(x[0], x[1], left: false)],
        ["solve_triangular"] = x => [Linalg.SolveTriangular(x[0], x[1], upper: true),
            Linalg.SolveTriangular(x[0], x[1].T, upper: false, left: false, unitriangular: true)],
        ["inv"] = x => [Linalg.Inv(x[0]), .. Grads(x, y => (Linalg.Inv(y[0]) * Weights(3, 3)).Sum())],
        ["inv batched"] = x => [Linalg.Inv(x[0])],
        ["det"] = x => [Linalg.Det(x[0]), .. Grads(x, y => Linalg.Det(y[0]).Sum())],
        ["det singular"] = x => [Linalg.Det(x[0]), .. Grads(x, y => Linalg.Det(y[0]))],
        ["slogdet"] = x => [.. Pair(Linalg.Slogdet(x[0])), .. Grads(x, y => Linalg.Slogdet(y[0]).LogAbsDet.Sum())],
        ["slogdet singular"] = x => [.. Pair(Linalg.Slogdet(x[0]))],
        ["cholesky"] = x => [Linalg.Cholesky(x[0]), Linalg.Cholesky(x[0], upper: true), .. Grads(x, y => (Linalg.Cholesky(y[0]) * Weights(3, 3)).Sum())],
        ["qr tall"] = x => [.. Pair(Linalg.Qr(x[0])), .. Grads(x, y => WeightedSum(Linalg.Qr(y[0]) is var (q, r) ? [q, r] : []))],
        ["qr wide"] = x => [.. Pair(Linalg.Qr(x[0])), .. Grads(x, y => WeightedSum(Linalg.Qr(y[0]) is var (q, r) ? [q, r] : []))],
        ["qr complete"] = x => [.. Pair(Linalg.Qr(x[0], mode: "complete"))],
        ["qr r"] = x => [Linalg.Qr(x[0], mode: "r").R],
        ["eigh"] = x => [.. Pair(Linalg.Eigh(x[0])), .. Grads(x, y => Linalg.Eigh(y[0]) is var (l, v) ? (l * Weights(4)).Sum() + (v * v * Weights(4, 4)).Sum() : null!)],
        ["eigh upper"] = x => [.. Pair(Linalg.Eigh(x[0], UPLO: "U"))],
        ["eigvalsh"] = x => [Linalg.Eigvalsh(x[0])],
        ["svd tall"] = x => [.. Triple(Linalg.Svd(x[0])),
            .. Grads(x, y => Linalg.Svd(y[0], fullMatrices: false) is var (u, s, _) ? (s * Weights(3)).Sum() + (u * u * Weights(4, 3)).Sum() : null!)],
        ["svd wide"] = x => [.. Triple(Linalg.Svd(x[0], fullMatrices: false))],
        ["svdvals batched"] = x => [Linalg.Svdvals(x[0])],
        ["svdvals rank deficient"] = x => [Linalg.Svdvals(x[0])],
        ["pinv"] = x => [Linalg.Pinv(x[0]), Linalg.Pinv(x[1]), Linalg.Pinv(x[2]), Linalg.Pinv(x[3], hermitian: true),
            .. Grads([x[0]], y => (Linalg.Pinv(y[0]) * Weights(3, 4)).Sum())],
        ["lstsq gelsd"] = x => [.. Lstsq(Linalg.Lstsq(x[0], x[1], driver: "gelsd")),
            .. Grads(x, y => Linalg.Lstsq(y[0], y[1], driver: "gelsd") is var r ? (r.Solution * Weights(3, 2)).Sum() : null!)],
        ["lstsq rank deficient"] = x => Linalg.Lstsq(x[0], x[1]) is var r ? [r.Solution, r.Rank] : [],
        ["lstsq vector"] = x => [Linalg.Lstsq(x[0], x[1]).Solution],
        ["matrix_norm"] = x => [Linalg.MatrixNorm(x[0]), Linalg.MatrixNorm(x[0], "nuc"), .. new[] { 1, -1, 2, -2, double.PositiveInfinity, double.NegativeInfinity }.Select(o => Linalg.MatrixNorm(x[0], o))],
        ["vector_norm"] = x => [.. new[] { 2, 1, 0, 3, 0.5, double.PositiveInfinity, double.NegativeInfinity }.Select(o => Linalg.VectorNorm(x[0], o)), Linalg.VectorNorm(x[0], 2, [1])],
        ["matrix_exp"] = x => [Linalg.MatrixExp(x[0]), Linalg.MatrixExp(x[1]), Linalg.MatrixExp(x[2]), .. Grads([x[0]], y => (Linalg.MatrixExp(y[0]) * Weights(3, 3)).Sum())],
        ["cross"] = x => [Linalg.Cross(x[0], x[1]), Linalg.Cross(Tensor.FromArray([1L, 2, 3]), Tensor.FromArray([4L, 5, 6]))],
        ["einsum"] = x => [Tensor.Einsum("bij,bjk->bik", x[0], x[1]), Tensor.Einsum("ii", x[2]), Tensor.Einsum("ii->i", x[2]), Tensor.Einsum("i,j->ij", x[3], x[4]),
            Tensor.Einsum("bij,bjk", x[0], x[1]), Tensor.Einsum("...jk,...ij->...ik", x[1], x[0]), Tensor.Einsum("ij,jk,k->i", x[2], x[2], x[3]),
            Tensor.Einsum("bij->jb", x[0]), Tensor.Einsum("Ab,bA->", x[2], x[2])],
        ["products"] = x => Products(x[0], x[1], x[2], x[3], x[4]),
        ["cdist"] = x => [Tensor.Cdist(x[0], x[1].Narrow(0, 0, 4)), Tensor.Cdist(x[0], x[1].Narrow(0, 0, 4), p: 1), Tensor.Cdist(x[0], x[1].Narrow(0, 0, 4), p: 0),
            Tensor.Cdist(x[0], x[1].Narrow(0, 0, 4), p: double.PositiveInfinity), Tensor.Cdist(x[0], x[1].Narrow(0, 0, 4), p: 3.5), Tensor.Cdist(x[0], x[1]),
            Tensor.Cdist(x[2], x[0]), .. Grads([x[0], x[1]], y => (Tensor.Cdist(y[0], y[1]) * Weights(5, 30)).Sum())],
        ["integer products"] = x => [x[0].Kron(x[1]), x[0].Trace(), Tensor.Einsum("ij,jk->ik", x[0], x[1]), x[0].Select(0, 0).Outer(x[1].Select(0, 1)),
            Tensor.Tensordot(x[0], x[1], dims: 1)],
    };

    private static Tensor[] Products(Tensor v3, Tensor v2, Tensor sq, Tensor a3, Tensor b3) =>
    [
        v3.Outer(v2), sq.Trace(), a3.Select(0, 0).Trace(), sq.Narrow(0, 0, 2).Narrow(1, 0, 2).Kron(v2), v2.Kron(a3.Select(0, 0)),
        sq.Narrow(1, 0, 1).Baddbmm(a3.Transpose(1, 2).Narrow(1, 0, 3), b3.Transpose(1, 2).Narrow(1, 0, 3).Narrow(2, 0, 4), beta: 0.5, alpha: -2),
        Tensor.Cat([v2, v2]).Reshape(4, 1).Expand(4, 5).Addbmm(a3.Transpose(1, 2), b3.Narrow(1, 0, 3), beta: 2),
        v3.Addmv(sq, v3, beta: 0, alpha: 3),
        Tensor.Tensordot(a3, b3, ([0, 2], [0, 1])), Tensor.Tensordot(v3, v2, dims: 0), Tensor.Tensordot(sq, sq, dims: 2),
    ];

    // Outputs compared up to the sign of each column (eigenvectors, U) or row (Vh).
    private static readonly Dictionary<string, (int Output, bool Rows)[]> s_signFree = new()
    {
        ["eigh"] = [(1, false)],
        ["eigh upper"] = [(1, false)],
        ["svd tall"] = [(0, false), (2, true)],
        ["svd wide"] = [(0, false), (2, true)],
        ["qr complete"] = [(0, false), (1, true)],   // the column of Q past n (and R's zero row) is any unit vector orthogonal to the rest
    };

    public static TheoryData<string> Cases => [.. s_calls.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64MatchesPyTorch(string name) => Check(name, DType.Float64, 1e-8);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32MatchesPyTorch(string name) => Check(name, DType.Float32, 2e-3);

    [Fact]
    public void EveryFixtureCaseIsCalled() => Assert.Equal(s_cases.Value.EnumerateObject().Select(p => p.Name).Order(), s_calls.Keys.Order());

    private static void Check(string name, DType dtype, double tolerance)
    {
        var entry = s_cases.Value.GetProperty(name);
        var inputs = entry.GetProperty("inputs").EnumerateArray().Select(e => Decode(e, dtype)).ToArray();
        var expected = entry.GetProperty("outputs").EnumerateArray().ToArray();
        var actual = s_calls[name](inputs);
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            var want = Decode(expected[k], dtype);   // float outputs are expected in the dtype of the run
            Assert.True(want.DType == actual[k].DType, $"{name} output {k}: dtype {actual[k].DType}, expected {want.DType}");
            Assert.Equal(want.Shape.ToArray(), actual[k].Shape.ToArray());
            var w = Decode(expected[k], DType.Float64).To(DType.Float64).ToArray<double>();
            var a = actual[k].To(DType.Float64).ToArray<double>();
            foreach (var (output, rows) in s_signFree.GetValueOrDefault(name, []))
                if (output == k) AlignSigns(w, a, want.Shape.ToArray(), rows);
            double scale = Math.Max(1, w.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty().Max());
            for (int i = 0; i < w.Length; i++)
                Assert.True(w[i].Equals(a[i]) || Math.Abs(w[i] - a[i]) <= tolerance * scale,
                    $"{name} output {k} [{i}]: PyTorch {w[i]}, Nabla {a[i]} ({dtype})");
        }
    }

    // Flips each vector of actual (a column, or a row) to the sign of the matching expected vector.
    private static void AlignSigns(double[] expected, double[] actual, int[] shape, bool rows)
    {
        int m = shape[^2], n = shape[^1], count = expected.Length / Math.Max(1, m * n);
        for (int b = 0; b < count; b++)
            for (int v = 0; v < (rows ? m : n); v++)
            {
                double dot = 0;
                for (int e = 0; e < (rows ? n : m); e++)
                {
                    int i = b * m * n + (rows ? v * n + e : e * n + v);
                    dot += expected[i] * actual[i];
                }
                if (dot >= 0) continue;
                for (int e = 0; e < (rows ? n : m); e++) actual[b * m * n + (rows ? v * n + e : e * n + v)] *= -1;
            }
    }

    private static Tensor Decode(JsonElement e, DType floatAs)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        string dtype = e.GetProperty("dtype").GetString()!;
        var values = e.GetProperty("values").EnumerateArray();
        if (dtype == "int64") return Tensor.FromArray(values.Select(v => v.GetInt64()).ToArray(), shape);
        var numbers = values.Select(v => v.ValueKind == JsonValueKind.String
            ? v.GetString() switch { "nan" => double.NaN, "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, _ => -0.0 }
            : v.GetDouble()).ToArray();
        return Tensor.FromArray(numbers, shape, DType.Float64).To(floatAs);
    }

    private static Tensor Weights(params int[] shape) => Tensor.Arange(0.0, shape.Aggregate(1, (p, s) => p * s)).Reshape(shape);

    private static Tensor WeightedSum(Tensor[] parts) => parts.Select(t => (t * Weights(t.Shape.ToArray())).Sum()).Aggregate((a, b) => a + b);

    private static Tensor Spd(Tensor x) => x.MatMul(x.T) + Tensor.Eye(x.Size(-1), dtype: x.DType) * 0.5;

    private static Tensor[] Grads(Tensor[] inputs, Func<Tensor[], Tensor> f)
    {
        var leaves = inputs.Select(x => x.Detach().RequiresGradInPlace()).ToArray();
        return [.. Autograd.Grad([f(leaves)], leaves).Select(g => g!)];
    }

    private static Tensor[] Pair((Tensor, Tensor) t) => [t.Item1, t.Item2];

    private static Tensor[] Triple((Tensor, Tensor, Tensor) t) => [t.Item1, t.Item2, t.Item3];

    private static Tensor[] Lstsq((Tensor Solution, Tensor Residuals, Tensor Rank, Tensor SingularValues) r) => [r.Solution, r.Residuals, r.Rank, r.SingularValues];
}
