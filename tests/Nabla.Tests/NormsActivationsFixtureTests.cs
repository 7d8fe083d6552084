using System.Text.Json;
using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// Issue 11's activations, normalisation layers and embeddings against what PyTorch 1.13 computed for the
/// same inputs (tests/fixtures/norms/expected.json, written by make_norms.py): each case's output, then the
/// gradients of (output ⊙ arange).sum() with respect to its floating inputs, in float64 (to 1e-10) and again
/// from float32 inputs (to float32 accuracy). RMSNorm's expected values come from its formula (it is not in 1.13).
/// </summary>
public class NormsActivationsFixtureTests
{
    private static readonly Lazy<JsonElement> s_cases = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(DocsTests.Root, "tests", "fixtures", "norms", "expected.json"))).RootElement.GetProperty("cases"));

    // What each case computes from its inputs (integer ones are indices and offsets), as make_norms.py did.
    private static readonly Dictionary<string, Func<Tensor[], Tensor>> s_calls = new()
    {
        ["gelu tanh"] = x => F.Gelu(x[0], approximate: "tanh"),
        ["softplus"] = x => F.Softplus(x[0]),
        ["softplus beta threshold"] = x => F.Softplus(x[0], beta: 2, threshold: 1.5),
        ["elu"] = x => F.Elu(x[0], alpha: 0.7),
        ["selu"] = x => F.Selu(x[0]),
        ["celu"] = x => F.Celu(x[0], alpha: 1.5),
        ["mish"] = x => F.Mish(x[0]),
        ["hardswish"] = x => F.Hardswish(x[0]),
        ["hardsigmoid"] = x => F.Hardsigmoid(x[0]),
        ["hardtanh"] = x => F.Hardtanh(x[0], -2, 1.5),
        ["relu6"] = x => F.Relu6(x[0]),
        ["logsigmoid"] = x => F.LogSigmoid(x[0]),
        ["softsign"] = x => F.Softsign(x[0]),
        ["tanhshrink"] = x => F.Tanhshrink(x[0]),
        ["glu"] = x => F.Glu(x[0], 1),
        ["prelu"] = x => F.PRelu(x[0], x[1]),
        ["prelu one slope"] = x => F.PRelu(x[0], x[1]),
        ["group_norm"] = x => F.GroupNorm(x[0], 3, x[1], x[2]),
        ["group_norm no affine"] = x => F.GroupNorm(x[0], 2, eps: 1e-3),
        ["instance_norm"] = x => F.InstanceNorm(x[0], weight: x[1], bias: x[2]),
        ["instance_norm 2d"] = x => F.InstanceNorm(x[0], eps: 1e-3),
        ["rms_norm"] = x => F.RmsNorm(x[0], [4], x[1], eps: 1e-6),
        ["rms_norm default eps"] = x => F.RmsNorm(x[0], [2, 3]),
        ["embedding padding_idx"] = x => F.Embedding(x[0], x[1], paddingIdx: 0),
        ["embedding scale_grad_by_freq"] = x => F.Embedding(x[0], x[1], paddingIdx: -1, scaleGradByFreq: true),
        ["embedding_bag sum"] = x => F.EmbeddingBag(x[0], x[2], x[1], mode: "sum"),
        ["embedding_bag sum padding"] = x => F.EmbeddingBag(x[0], x[2], x[1], mode: "sum", paddingIdx: 3),
        ["embedding_bag mean"] = x => F.EmbeddingBag(x[0], x[2], x[1], mode: "mean"),
        ["embedding_bag mean padding"] = x => F.EmbeddingBag(x[0], x[2], x[1], mode: "mean", paddingIdx: 3),
        ["embedding_bag max"] = x => F.EmbeddingBag(x[0], x[2], x[1], mode: "max"),
        ["embedding_bag max padding"] = x => F.EmbeddingBag(x[0], x[2], x[1], mode: "max", paddingIdx: 3),
        ["embedding_bag sum weighted"] = x => F.EmbeddingBag(x[0], x[2], x[1], mode: "sum", perSampleWeights: x[3]),
        ["embedding_bag include_last_offset"] = x => F.EmbeddingBag(x[0], x[2], x[1], includeLastOffset: true),
        ["embedding_bag 2-d"] = x => F.EmbeddingBag(x[0], x[1], mode: "sum", paddingIdx: 0),
    };

    // Cases whose outputs are states rather than a differentiated value.
    private static readonly Dictionary<string, Func<Tensor[], Tensor[]>> s_states = new()
    {
        ["instance_norm running stats"] = x =>
        {
            var (mean, variance) = (x[1].Clone(), x[2].Clone());
            F.InstanceNorm(x[0], mean, variance, useInputStats: true, momentum: 0.3);
            return [mean, variance, F.InstanceNorm(x[0], x[1], x[2], useInputStats: false)];
        },
        ["embedding max_norm"] = x => Renormed(x, w => F.Embedding(x[0], w, maxNorm: 1.5)),
        ["embedding max_norm p1"] = x => Renormed(x, w => F.Embedding(x[0], w, maxNorm: 2.0, normType: 1.0)),
    };

    public static TheoryData<string> Cases => [.. s_calls.Keys, .. s_states.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64MatchesPyTorch(string name) => Check(name, DType.Float64, name == "hardsigmoid" ? 1e-7 : 1e-10);   // PyTorch's hardsigmoid_backward takes 1/6 as the float 1.0f/6.0f

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32MatchesPyTorch(string name) => Check(name, DType.Float32, 2e-5);

    [Fact]
    public void EveryFixtureCaseIsCalled() => Assert.Equal(s_cases.Value.EnumerateObject().Select(p => p.Name).Order(), s_calls.Keys.Concat(s_states.Keys).Order());

    // The output and the renormalised table (F.embedding writes the table in place).
    private static Tensor[] Renormed(Tensor[] x, Func<Tensor, Tensor> lookup)
    {
        var weight = x[1].Clone();
        return [lookup(weight), weight];
    }

    private static void Check(string name, DType dtype, double tolerance)
    {
        var entry = s_cases.Value.GetProperty(name);
        var inputs = entry.GetProperty("inputs").EnumerateArray().Select(e => Decode(e, dtype)).ToArray();
        var expected = entry.GetProperty("outputs").EnumerateArray().Select(e => Decode(e, DType.Float64)).ToArray();
        var actual = s_states.TryGetValue(name, out var state) ? state(inputs) : OutputAndGradients(s_calls[name], inputs);
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(dtype, actual[k].DType);
            Assert.Equal(expected[k].Shape.ToArray(), actual[k].Shape.ToArray());
            var (want, got) = (expected[k].ToArray<double>(), actual[k].To(DType.Float64).ToArray<double>());
            double scale = Math.Max(1, want.Select(Math.Abs).DefaultIfEmpty().Max());
            for (int i = 0; i < want.Length; i++)
                Assert.True(Math.Abs(want[i] - got[i]) <= tolerance * scale, $"{name} output {k} [{i}]: PyTorch {want[i]}, Nabla {got[i]} ({dtype})");
        }
    }

    private static Tensor[] OutputAndGradients(Func<Tensor[], Tensor> f, Tensor[] inputs)
    {
        var leaves = inputs.Select(x => x.DType.IsFloatingPoint() ? x.Detach().RequiresGradInPlace() : x).ToArray();
        var y = f(leaves);
        var weights = Tensor.Arange(0.0, y.Count).To(y.DType).Reshape(y.Shape.ToArray());
        var floats = leaves.Where(x => x.DType.IsFloatingPoint()).ToArray();
        return [y.Detach(), .. Autograd.Grad([(y * weights).Sum()], floats, allowUnused: true).Select((g, i) => g ?? Tensor.ZerosLike(floats[i]))];
    }

    private static Tensor Decode(JsonElement e, DType floatAs)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        var values = e.GetProperty("values").EnumerateArray();
        if (e.GetProperty("dtype").GetString() == "int64") return Tensor.FromArray(values.Select(v => v.GetInt64()).ToArray(), shape);
        return Tensor.FromArray(values.Select(v => v.GetDouble()).ToArray(), shape, DType.Float64).To(floatAs);
    }
}
