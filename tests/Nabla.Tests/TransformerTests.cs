using System.Text.Json;
using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// MultiheadAttention and the Transformer layers against PyTorch (Fixtures/transformer_reference.json):
/// PyTorch's state dict loads as it is, and the outputs, attention weights and input gradients match.
/// </summary>
public sealed class TransformerTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Cases = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "transformer_reference.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    });

    private static Tensor Read(JsonElement t)
    {
        var shape = t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        if (t.TryGetProperty("bools", out var bools)) return Tensor.FromArray(bools.EnumerateArray().Select(b => b.GetBoolean()).ToArray(), shape);
        return Tensor.FromArray(t.GetProperty("values").EnumerateArray().Select(Number).ToArray(), shape);
    }

    // Infinities are strings in the fixture ("-inf"), as JSON has none.
    private static double Number(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? v.GetString() == "-inf" ? double.NegativeInfinity : v.GetString() == "inf" ? double.PositiveInfinity : double.NaN
        : v.GetDouble();

    private static readonly Dictionary<string, (int Inputs, Func<Module> Make, Func<Module, Tensor[], (Tensor, Tensor?)> Run)> Modules = new()
    {
        ["mha self seq-first weights"] = (1, () => new MultiheadAttention(8, 2), (m, x) => Mha(m).Forward(x[0], x[0], x[0])),
        ["mha cross batch-first no weights"] = (2, () => new MultiheadAttention(8, 2, batchFirst: true), (m, x) => Mha(m).Forward(x[0], x[1], x[1], needWeights: false)),
        ["mha masks per-head weights"] = (2, () => new MultiheadAttention(8, 2, batchFirst: true),
            (m, x) => Mha(m).Forward(x[0], x[1], x[1], keyPaddingMask: x[3], attnMask: x[2], averageAttnWeights: false)),
        ["mha float mask no weights"] = (2, () => new MultiheadAttention(8, 2, batchFirst: true), (m, x) => Mha(m).Forward(x[0], x[1], x[1], attnMask: x[2], needWeights: false)),
        ["mha kdim vdim"] = (3, () => new MultiheadAttention(8, 2, kdim: 3, vdim: 4, batchFirst: true), (m, x) => Mha(m).Forward(x[0], x[1], x[2])),
        ["encoder layer norm_first=False relu"] = (1, () => Encoder(false, "relu"), (m, x) => (((TransformerEncoderLayer)m).Forward(x[0], x[1]), null)),
        ["encoder layer norm_first=False gelu"] = (1, () => Encoder(false, "gelu"), (m, x) => (((TransformerEncoderLayer)m).Forward(x[0], x[1]), null)),
        ["encoder layer norm_first=True relu"] = (1, () => Encoder(true, "relu"), (m, x) => (((TransformerEncoderLayer)m).Forward(x[0], x[1]), null)),
        ["encoder layer norm_first=True gelu"] = (1, () => Encoder(true, "gelu"), (m, x) => (((TransformerEncoderLayer)m).Forward(x[0], x[1]), null)),
        ["encoder 2 layers causal"] = (1, () => new TransformerEncoder(Encoder(true, "relu"), 2, new LayerNorm(8)), (m, x) => (((TransformerEncoder)m).Forward(x[0], x[1]), null)),
        ["decoder layer seq-first"] = (2, () => new TransformerDecoderLayer(8, 2, 16, 0.0), (m, x) => (((TransformerDecoderLayer)m).Forward(x[0], x[1]), null)),
        ["decoder 2 layers causal"] = (2, () => new TransformerDecoder(new TransformerDecoderLayer(8, 2, 16, 0.0, batchFirst: true, normFirst: true), 2),
            (m, x) => (((TransformerDecoder)m).Forward(x[0], x[1], tgtMask: x[2]), null)),
    };

    private static MultiheadAttention Mha(Module m) => (MultiheadAttention)m;

    private static TransformerEncoderLayer Encoder(bool normFirst, string activation)
        => new(8, 2, dimFeedforward: 16, dropout: 0.0, activation: activation, batchFirst: true, normFirst: normFirst);

    public static TheoryData<string> Names => [.. Modules.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesPyTorch(string name)
    {
        var c = Cases.Value[name];
        var (count, make, run) = Modules[name];
        var module = make().To(DType.Float64);
        module.LoadStateDict(c.GetProperty("state").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Read(p.Value))));
        module.Eval();
        // The data inputs require grad; masks (the inputs after them) do not, as in a model.
        var inputs = c.GetProperty("inputs").EnumerateArray().Select(Read).Select((t, i) => i < count ? t.RequiresGradInPlace() : t).ToArray();
        var (output, weights) = run(module, inputs);
        NNTesting.AssertClose(Read(c.GetProperty("output")).ToArray<double>(), output, 1e-10);
        if (c.GetProperty("weights").ValueKind != JsonValueKind.Null) NNTesting.AssertClose(Read(c.GetProperty("weights")).ToArray<double>(), weights!, 1e-10);
        else Assert.Null(weights);
        (output * Read(c.GetProperty("upstream"))).Sum().Backward();
        var grads = c.GetProperty("grads").EnumerateArray().ToArray();
        for (int i = 0; i < count; i++)
            if (grads[i].ValueKind != JsonValueKind.Null) NNTesting.AssertClose(Read(grads[i]).ToArray<double>(), inputs[i].Grad!, 1e-9);
    }

    [Fact]
    public void TheApiMdCallsWorkAsWritten()
    {
        var x = Tensor.Randn([2, 6, 32], generator: new Generator(1));
        var mha = new MultiheadAttention(embedDim: 32, numHeads: 4, batchFirst: true);
        var (attnOut, attnWeights) = mha.Forward(x, x, x, attnMask: null, needWeights: true);
        Assert.Equal([2, 6, 32], attnOut.Shape);
        Assert.Equal([2, 6, 6], attnWeights!.Shape);
        var layer = new TransformerEncoderLayer(dModel: 32, nhead: 4, dimFeedforward: 64, dropout: 0.0,
            batchFirst: true, normFirst: true);
        var encoder = new TransformerEncoder(layer, numLayers: 2);
        var z = encoder.Forward(x, mask: null, isCausal: true);
        Assert.Equal([2, 6, 32], z.Shape);
        // Causal: changing the last position changes nothing before it.
        var changed = x.Clone();
        using (Autograd.NoGrad()) changed[.., 5].FillInPlace(3.0);
        var z2 = encoder.Forward(changed, mask: null, isCausal: true);
        NNTesting.AssertClose(z[.., ..5].To(DType.Float64).ToArray<double>(), z2[.., ..5].To(DType.Float64), 1e-5);
        Assert.Equal(["layers.0.self_attn.in_proj_weight", "layers.0.self_attn.in_proj_bias", "layers.0.self_attn.out_proj.weight"],
            encoder.StateDict().Keys.Take(3));
        Assert.Equal(encoder.Layers[0].StateDict()["linear1.weight"].ToArray<float>(), encoder.Layers[1].StateDict()["linear1.weight"].ToArray<float>());
    }
}
