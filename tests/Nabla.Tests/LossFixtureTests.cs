using System.Text.Json;
using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// The losses of issue 11 against what PyTorch 1.13 computed for the same inputs
/// (tests/fixtures/losses/expected.json, written by make_losses.py): each loss's value and the
/// gradients of Σ loss·w (w = 1 + arange(n)/n in the loss's shape) of its float inputs, to 1e-10.
/// CTC takes the log-probabilities as leaves, so its raw gradient formula is compared too.
/// </summary>
public class LossFixtureTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> s_cases = new(() => JsonDocument.Parse(File.ReadAllText(
            Path.Combine(DocsTests.Root, "tests", "fixtures", "losses", "expected.json"))).RootElement.GetProperty("cases")
        .EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!));

    // What each case computes, as make_losses.py called it.
    private static readonly Dictionary<string, Func<Tensor[], Tensor>> s_calls = new()
    {
        ["huber delta 0.5"] = x => F.HuberLoss(x[0], x[1], delta: 0.5),
        ["huber none broadcast"] = x => F.HuberLoss(x[0], x[1], Reduction.None),
        ["smooth_l1 beta 0.3 sum"] = x => F.SmoothL1Loss(x[0], x[1], Reduction.Sum, beta: 0.3),
        ["smooth_l1 beta 0"] = x => F.SmoothL1Loss(x[0], x[1], beta: 0),
        ["kl_div batchmean"] = x => F.KlDiv(x[0], x[1], Reduction.BatchMean),
        ["kl_div mean"] = x => F.KlDiv(x[0], x[1]),
        ["kl_div log_target none"] = x => F.KlDiv(x[0], x[1], Reduction.None, logTarget: true),
        ["kl_div zero targets sum"] = x => F.KlDiv(x[0], x[1], Reduction.Sum),
        ["gaussian_nll full"] = x => F.GaussianNllLoss(x[0], x[1], x[2], full: true),
        ["gaussian_nll homoscedastic none"] = x => F.GaussianNllLoss(x[0], x[1], x[2], reduction: Reduction.None),
        ["gaussian_nll clamped sum"] = x => F.GaussianNllLoss(x[0], x[1], x[2], eps: 1e-2, reduction: Reduction.Sum),
        ["poisson_nll"] = x => F.PoissonNllLoss(x[0], x[1]),
        ["poisson_nll full sum"] = x => F.PoissonNllLoss(x[0], x[1], full: true, reduction: Reduction.Sum),
        ["poisson_nll rates none"] = x => F.PoissonNllLoss(x[0], x[1], logInput: false, reduction: Reduction.None),
        ["cosine_embedding margin"] = x => F.CosineEmbeddingLoss(x[0], x[1], x[2], margin: 0.2),
        ["cosine_embedding 1-d sum"] = x => F.CosineEmbeddingLoss(x[0], x[1], x[2], reduction: Reduction.Sum),
        ["margin_ranking"] = x => F.MarginRankingLoss(x[0], x[1], x[2], margin: 0.1),
        ["margin_ranking none"] = x => F.MarginRankingLoss(x[0], x[1], x[2], reduction: Reduction.None),
        ["triplet"] = x => F.TripletMarginLoss(x[0], x[1], x[2]),
        ["triplet swap p=1 sum"] = x => F.TripletMarginLoss(x[0], x[1], x[2], margin: 2, p: 1, swap: true, reduction: Reduction.Sum),
        ["pairwise_distance"] = x => F.PairwiseDistance(x[0], x[1]),
        ["pairwise_distance p=3 keepdim"] = x => F.PairwiseDistance(x[0], x[1], p: 3, keepDim: true),
        ["cosine_similarity"] = x => F.CosineSimilarity(x[0], x[1]),
        ["cosine_similarity dim 0 broadcast"] = x => F.CosineSimilarity(x[0], x[1], dim: 0),
        ["ctc padded mean"] = x => F.CtcLoss(x[0], x[1], x[2], x[3]),
        ["ctc concatenated blank 4 sum"] = x => F.CtcLoss(x[0], x[1], x[2], x[3], blank: 4, reduction: Reduction.Sum),
        ["ctc none empty target"] = x => F.CtcLoss(x[0], x[1], x[2], x[3], reduction: Reduction.None),
        ["ctc none impossible"] = x => F.CtcLoss(x[0], x[1], x[2], x[3], reduction: Reduction.None),
        ["ctc zero_infinity mean"] = x => F.CtcLoss(x[0], x[1], x[2], x[3], zeroInfinity: true),
        ["ctc unbatched"] = x => F.CtcLoss(x[0], x[1], x[2], x[3], reduction: Reduction.None),
    };

    public static TheoryData<string> Cases => [.. s_calls.Keys];

    [Fact]
    public void EveryFixtureCaseIsCalled() => Assert.Equal(s_cases.Value.Keys.Order(), s_calls.Keys.Order());

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var entry = s_cases.Value[name];
        var inputs = entry.GetProperty("inputs").EnumerateArray().Select(Decode).ToArray();
        foreach (var x in inputs) if (x.DType == DType.Float64) x.RequiresGradInPlace();
        var loss = s_calls[name](inputs);
        AssertClose(entry.GetProperty("value"), loss, $"{name}: the loss");

        int n = (int)loss.Numel;
        var weights = (Tensor.Arange(0L, n, dtype: DType.Float64) / n + 1).Reshape(loss.ShapeArray);
        var leaves = inputs.Where(x => x.RequiresGrad).ToArray();
        var grads = Autograd.Grad([(loss * weights).Sum()], leaves, allowUnused: true);
        var expected = entry.GetProperty("grads").EnumerateArray().Where((_, i) => inputs[i].RequiresGrad).ToArray();   // null: PyTorch found no path (a target used only in comparisons)
        Assert.Equal(expected.Length, grads.Length);
        for (int i = 0; i < grads.Length; i++)
        {
            Assert.True((expected[i].ValueKind == JsonValueKind.Null) == (grads[i] is null), $"{name}: whether float input {i} gets a gradient");
            if (grads[i] is { } grad) AssertClose(expected[i], grad, $"{name}: the gradient of float input {i}");
        }
    }

    private static void AssertClose(JsonElement expected, Tensor actual, string what)
    {
        var want = Decode(expected);
        Assert.Equal(want.Shape, actual.Shape);
        var (w, a) = (want.ToArray<double>(), actual.To(DType.Float64).ToArray<double>());
        for (int i = 0; i < w.Length; i++)
            Assert.True(w[i].Equals(a[i]) || Math.Abs(w[i] - a[i]) <= 1e-10 * Math.Max(1, Math.Abs(w[i])), $"{what} [{i}]: PyTorch {w[i]}, Nabla {a[i]}");
    }

    // A tensor as make_losses.py encoded it: shape, dtype, and the values flat (non-finite ones as 'inf', '-inf', 'nan').
    private static Tensor Decode(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        var data = e.GetProperty("data").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? double.Parse(v.GetString()!.Replace("inf", "Infinity").Replace("nan", "NaN"), System.Globalization.CultureInfo.InvariantCulture) : v.GetDouble()).ToArray();
        return e.GetProperty("dtype").GetString() == "int64"
            ? Tensor.FromArray(data.Select(v => (long)v).ToArray(), shape)
            : Tensor.FromArray(data, shape, DType.Float64);
    }
}
