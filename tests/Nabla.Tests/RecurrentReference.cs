using System.Text.Json;
using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// PyTorch's recurrent layers and cells on fixed inputs, from Fixtures/recurrent_reference.json (written by
/// Fixtures/recurrent_reference.py with PyTorch 1.13): per case the module's type and arguments, its state dict,
/// the input and initial state, the outputs, the upstream gradients and the gradients backward gave.
/// </summary>
internal static class RecurrentReference
{
    private static readonly Lazy<JsonElement> s_cases = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "recurrent_reference.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("cases");
    });

    public static JsonElement Case(string name) => s_cases.Value.GetProperty(name);

    public static TheoryData<string> Names(bool cells) =>
        [.. s_cases.Value.EnumerateObject().Where(c => c.Value.GetProperty("type").GetString()!.EndsWith("Cell") == cells).Select(c => c.Name)];

    /// <summary>The module a case describes, built with Nabla's constructor and the case's arguments.</summary>
    public static Module Build(JsonElement c)
    {
        var a = c.GetProperty("kwargs");
        int Int(string name, int fallback) => a.TryGetProperty(name, out var v) ? v.GetInt32() : fallback;
        bool Bool(string name, bool fallback) => a.TryGetProperty(name, out var v) ? v.GetBoolean() : fallback;
        string nonlinearity = a.TryGetProperty("nonlinearity", out var n) ? n.GetString()! : "tanh";
        int input = Int("input_size", -1), hidden = Int("hidden_size", -1), layers = Int("num_layers", 1);
        bool bias = Bool("bias", true), batchFirst = Bool("batch_first", false), bidirectional = Bool("bidirectional", false);
        return c.GetProperty("type").GetString() switch
        {
            "LSTM" => new Lstm(input, hidden, layers, bias, batchFirst, bidirectional: bidirectional, projSize: Int("proj_size", 0)),
            "GRU" => new Gru(input, hidden, layers, bias, batchFirst, bidirectional: bidirectional),
            "RNN" => new Rnn(input, hidden, layers, nonlinearity, bias, batchFirst, bidirectional: bidirectional),
            "LSTMCell" => new LstmCell(input, hidden, bias),
            "GRUCell" => new GruCell(input, hidden, bias),
            "RNNCell" => new RnnCell(input, hidden, bias, nonlinearity),
            var type => throw new InvalidDataException($"unknown module type {type}"),
        };
    }

    /// <summary>A recorded tensor as a Nabla tensor of <paramref name="dtype"/>.</summary>
    public static Tensor Tensor(JsonElement t, DType dtype, bool requiresGrad = false)
    {
        int[] shape = [.. t.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32())];
        double[] values = [.. t.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())];
        return Nabla.Tensor.FromArray(values, shape).To(dtype).RequiresGradInPlace(requiresGrad);
    }

    /// <summary>Asserts the shape and values of <paramref name="actual"/> against a recorded tensor, within <paramref name="tolerance"/>·max(1, |expected|).</summary>
    public static void AssertClose(JsonElement expected, Tensor? actual, double tolerance, string what)
    {
        Assert.True(actual is not null, $"{what}: no tensor");
        int[] shape = [.. expected.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32())];
        Assert.True(shape.SequenceEqual(actual.Shape.ToArray()), $"{what}: shape {actual.Shape}, expected [{string.Join(", ", shape)}]");
        double[] want = [.. expected.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())];
        double[] got = actual.ToArray<double>();
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(want[i] - got[i]) <= tolerance * Math.Max(1, Math.Abs(want[i])), $"{what}[{i}]: expected {want[i]}, got {got[i]}");
    }
}
