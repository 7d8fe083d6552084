using System.Text.Json;
using Nabla.NN;
using static Nabla.Tests.RecurrentReference;

namespace Nabla.Tests;

/// <summary>
/// Nabla's recurrent layers and cells against PyTorch 1.13 (Fixtures/recurrent_reference.json): PyTorch's state dict
/// loaded into the Nabla module gives PyTorch's outputs and, for a fixed upstream gradient, PyTorch's gradients of the
/// input, the initial state and every parameter; in float64 to 1e-10, in float32 to 1e-5 (of the float64 values).
/// </summary>
public sealed class RecurrentReferenceTests
{
    public static TheoryData<string> Layers => Names(cells: false);

    public static TheoryData<string> Cells => Names(cells: true);

    [Theory, MemberData(nameof(Layers)), MemberData(nameof(Cells))]
    public void MatchesPyTorchInFloat64(string name) => Check(name, DType.Float64, 1e-10);

    [Theory, MemberData(nameof(Layers)), MemberData(nameof(Cells))]
    public void MatchesPyTorchInFloat32(string name) => Check(name, DType.Float32, 1e-5);

    [Theory, MemberData(nameof(Layers)), MemberData(nameof(Cells))]
    public void StateDictHasPyTorchsKeysShapesAndOrder(string name)
    {
        var c = Case(name);
        var ours = Build(c).StateDict();
        var theirs = c.GetProperty("state_dict").EnumerateObject().ToArray();
        Assert.Equal(theirs.Select(p => p.Name), ours.Keys);
        foreach (var p in theirs)
            Assert.Equal(p.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), ours[p.Name].Shape.ToArray());
    }

    private static void Check(string name, DType dtype, double tolerance)
    {
        var c = Case(name);
        var module = Build(c).To(dtype);
        module.LoadStateDict(c.GetProperty("state_dict").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Tensor(p.Value, dtype))));
        var x = Tensor(c.GetProperty("input"), dtype, requiresGrad: true);
        var h0 = c.TryGetProperty("h0", out var h) ? Tensor(h, dtype, requiresGrad: true) : null;
        var c0 = c.TryGetProperty("c0", out var cc) ? Tensor(cc, dtype, requiresGrad: true) : null;

        var outputs = Run(module, c, x, h0, c0);
        Tensor? loss = null;
        foreach (var (key, value) in outputs)
        {
            AssertClose(c.GetProperty(key), value, tolerance, key);
            var term = (value * Tensor(c.GetProperty("grad_" + key), dtype)).Sum();
            loss = loss is null ? term : loss + term;
        }
        loss!.Backward();

        AssertClose(c.GetProperty("grad_input"), x.Grad, tolerance, "input.grad");
        if (h0 is not null) AssertClose(c.GetProperty("grad_h0"), h0.Grad, tolerance, "h0.grad");
        if (c0 is not null) AssertClose(c.GetProperty("grad_c0"), c0.Grad, tolerance, "c0.grad");
        var parameters = module.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        foreach (var grad in c.GetProperty("grads").EnumerateObject())
            AssertClose(grad.Value, parameters[grad.Name].Grad, tolerance, grad.Name + ".grad");
    }

    // The outputs by the fixture's names: output (padded back for packed cases), h_n and c_n.
    private static List<(string Key, Tensor Value)> Run(Module module, JsonElement c, Tensor x, Tensor? h0, Tensor? c0)
    {
        var hc = h0 is null ? null : ((Tensor, Tensor)?)(h0, c0!);
        if (c.TryGetProperty("lengths", out var lengths))
            return RunPacked((RnnBase)module, c, x, [.. lengths.EnumerateArray().Select(l => l.GetInt32())], h0, hc);
        return module switch
        {
            Lstm lstm when lstm.Forward(x, hc) is var (o, (hn, cn)) => [("output", o), ("h_n", hn), ("c_n", cn)],
            Gru gru when gru.Forward(x, h0) is var (o, hn) => [("output", o), ("h_n", hn)],
            Rnn rnn when rnn.Forward(x, h0) is var (o, hn) => [("output", o), ("h_n", hn)],
            LstmCell cell when cell.Forward(x, hc) is var (h1, c1) => [("h_n", h1), ("c_n", c1)],
            GruCell cell => [("h_n", cell.Forward(x, h0))],
            RnnCell cell => [("h_n", cell.Forward(x, h0))],
            _ => throw new InvalidOperationException(module.GetType().Name),
        };
    }

    private static List<(string Key, Tensor Value)> RunPacked(RnnBase module, JsonElement c, Tensor x, int[] lengths, Tensor? h0, (Tensor, Tensor)? hc)
    {
        var packed = RnnUtils.PackPaddedSequence(x, lengths, module.BatchFirst, c.GetProperty("enforce_sorted").GetBoolean());
        Assert.Equal(c.GetProperty("batch_sizes").EnumerateArray().Select(v => v.GetInt64()), packed.BatchSizes.ToArray<long>());
        var sorted = c.GetProperty("sorted_indices");
        Assert.Equal(sorted.ValueKind == JsonValueKind.Null ? null : sorted.EnumerateArray().Select(v => v.GetInt64()).ToArray(), packed.SortedIndices?.ToArray<long>());
        Tensor Padded(PackedSequence output)
        {
            var (padded, outputLengths) = RnnUtils.PadPackedSequence(output, module.BatchFirst);
            Assert.Equal(lengths.Select(l => (long)l), outputLengths.ToArray<long>());
            return padded;
        }
        return module switch
        {
            Lstm lstm when lstm.Forward(packed, hc) is var (o, (hn, cn)) => [("output", Padded(o)), ("h_n", hn), ("c_n", cn)],
            Gru gru when gru.Forward(packed, h0) is var (o, hn) => [("output", Padded(o)), ("h_n", hn)],
            Rnn rnn when rnn.Forward(packed, h0) is var (o, hn) => [("output", Padded(o)), ("h_n", hn)],
            _ => throw new InvalidOperationException(module.GetType().Name),
        };
    }
}
