using Nabla.NN;
using TorchSharp;
using TT = TorchSharp.torch.Tensor;
using Tnn = TorchSharp.torch.nn;
using L = Nabla.Bench.LayerRow;

namespace Nabla.Bench;

/// <summary>
/// The rows of the layer check: one line per layer and configuration (add a row here, or a group as a new method
/// with one entry in <see cref="All"/>). Each gives the title, the inputs, the Nabla module, the libtorch module of
/// the same configuration, and the forward call on each side returning every output as an array.
/// </summary>
internal static partial class LayerRows
{
    public static IEnumerable<LayerRow> All() => [.. Basic(), .. Recurrent(), .. Attention(), .. NormalizationAndEmbedding(), .. Activations(),
        .. ConvolutionAndPooling(), .. Losses()];

    private static IEnumerable<LayerRow> Basic()
    {
        yield return L.Of("Linear", [X(4, 3)], () => new Linear(3, 5), () => Tnn.Linear(3, 5), (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
        yield return L.Of("Linear no bias 3-d", [X(2, 4, 3)], () => new Linear(3, 2, bias: false), () => Tnn.Linear(3, 2, hasBias: false),
            (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
        yield return L.Of("Conv2d stride=2 padding=1", [X(2, 3, 7, 7)], () => new Conv2d(3, 4, 3, stride: 2, padding: 1), () => Tnn.Conv2d(3, 4, 3, stride: 2, padding: 1),
            (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
        yield return L.Of("Conv2d groups=2 dilation=2 no bias", [X(1, 4, 8, 8)], () => new Conv2d(4, 6, 3, dilation: 2, groups: 2, bias: false),
            () => Tnn.Conv2d(4, 6, 3, dilation: 2, groups: 2, bias: false), (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
        yield return L.Of("BatchNorm1d training", [X(5, 3)], () => new BatchNorm1d(3), () => Tnn.BatchNorm1d(3), (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
        yield return L.Of("BatchNorm2d training", [X(2, 3, 4, 4)], () => new BatchNorm2d(3), () => Tnn.BatchNorm2d(3), (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
        yield return L.Of("BatchNorm2d eval", [X(2, 3, 4, 4)], () => EvalMode(new BatchNorm2d(3)), () => EvalModeTorch(Tnn.BatchNorm2d(3)), (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
        yield return L.Of("LayerNorm", [X(2, 3, 4)], () => new LayerNorm(4), () => Tnn.LayerNorm(4), (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
        yield return L.Of("LayerNorm [3, 4]", [X(2, 3, 4)], () => new LayerNorm([3, 4]), () => Tnn.LayerNorm([3L, 4L]), (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
        yield return L.Of("Embedding", [Ids(7, 2, 3)], () => new Embedding(7, 4), () => Tnn.Embedding(7, 4), (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
    }

    private static IEnumerable<LayerRow> Recurrent()
    {
        foreach (var (note, layers, bidirectional, batchFirst) in new[] { ("", 1, false, false), (" num_layers=2", 2, false, false),
                     (" bidirectional", 1, true, false), (" num_layers=2 bidirectional batch_first", 2, true, true) })
        {
            In input = batchFirst ? X(3, 5, 4) : X(5, 3, 4), state = X(layers * (bidirectional ? 2 : 1), 3, 6);
            yield return L.Of($"LSTM{note}", [input, state, state], () => new Lstm(4, 6, layers, batchFirst: batchFirst, bidirectional: bidirectional),
                () => Tnn.LSTM(4, 6, layers, batchFirst: batchFirst, bidirectional: bidirectional),
                (m, x) => m.Forward(x[0], (x[1], x[2])) is var (o, (h, c)) ? [o, h, c] : [],
                (m, x) => m.forward(x[0], (x[1], x[2])) is var (o, h, c) ? [o, h, c] : []);
            yield return L.Of($"GRU{note}", [input, state], () => new Gru(4, 6, layers, batchFirst: batchFirst, bidirectional: bidirectional),
                () => Tnn.GRU(4, 6, layers, batchFirst: batchFirst, bidirectional: bidirectional),
                (m, x) => m.Forward(x[0], x[1]) is var (o, h) ? [o, h] : [], (m, x) => m.forward(x[0], x[1]) is var (o, h) ? [o, h] : []);
            yield return L.Of($"RNN tanh{note}", [input, state], () => new Rnn(4, 6, layers, batchFirst: batchFirst, bidirectional: bidirectional),
                () => Tnn.RNN(4, 6, layers, batchFirst: batchFirst, bidirectional: bidirectional),
                (m, x) => m.Forward(x[0], x[1]) is var (o, h) ? [o, h] : [], (m, x) => m.forward(x[0], x[1]) is var (o, h) ? [o, h] : []);
        }
        yield return L.Of("RNN relu no bias, no initial state", [X(5, 3, 4)], () => new Rnn(4, 6, nonlinearity: "relu", bias: false),
            () => Tnn.RNN(4, 6, nonLinearity: Tnn.NonLinearities.ReLU, bias: false),
            (m, x) => m.Forward(x[0]) is var (o, h) ? [o, h] : [], (m, x) => m.forward(x[0], null) is var (o, h) ? [o, h] : []);
        yield return L.Of("LSTMCell", [X(3, 4), X(3, 6), X(3, 6)], () => new LstmCell(4, 6), () => Tnn.LSTMCell(4, 6),
            (m, x) => m.Forward(x[0], (x[1], x[2])) is var (h, c) ? [h, c] : [], (m, x) => m.forward(x[0], (x[1], x[2])) is var (h, c) ? [h, c] : []);
        yield return L.Of("LSTMCell no state", [X(3, 4)], () => new LstmCell(4, 6), () => Tnn.LSTMCell(4, 6),
            (m, x) => m.Forward(x[0]) is var (h, c) ? [h, c] : [], (m, x) => m.forward(x[0], (torch.zeros(3, 6, torch.float64), torch.zeros(3, 6, torch.float64))) is var (h, c) ? [h, c] : []);   // TorchSharp's LSTMCell mishandles no state: zeros, as PyTorch takes None
        yield return L.Of("GRUCell", [X(3, 4), X(3, 6)], () => new GruCell(4, 6), () => Tnn.GRUCell(4, 6), (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
        yield return L.Of("RNNCell", [X(3, 4), X(3, 6)], () => new RnnCell(4, 6), () => Tnn.RNNCell(4, 6), (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
        yield return L.Of("RNNCell relu no bias", [X(3, 4), X(3, 6)], () => new RnnCell(4, 6, bias: false, nonlinearity: "relu"),
            () => Tnn.RNNCell(4, 6, nonLinearity: Tnn.NonLinearities.ReLU, bias: false), (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1])]);
    }

    private static IEnumerable<LayerRow> Attention()
    {
        // Tnn.MultiheadAttention is sequence-first in TorchSharp; batch_first rows transpose around it.
        yield return L.Of("MultiheadAttention self", [X(5, 2, 8)], () => new MultiheadAttention(8, 2), () => Tnn.MultiheadAttention(8, 2),
            (m, x) => m.Forward(x[0], x[0], x[0]) is var (o, w) ? [o, w!] : [], (m, x) => m.forward(x[0], x[0], x[0], null, true, null) is var (o, w) ? [o, w] : []);
        yield return L.Of("MultiheadAttention cross, key padding mask, batch_first", [X(2, 4, 8), X(2, 5, 8), Mask([0, 0, 0, 1, 1, 0, 0, 0, 0, 1], 2, 5)],
            () => new MultiheadAttention(8, 4, batchFirst: true), () => Tnn.MultiheadAttention(8, 4),
            (m, x) => m.Forward(x[0], x[1], x[1], keyPaddingMask: x[2]) is var (o, w) ? [o, w!] : [],
            (m, x) => m.forward(x[0].transpose(0, 1), x[1].transpose(0, 1), x[1].transpose(0, 1), x[2], true, null) is var (o, w) ? [o.transpose(0, 1), w] : []);
        // (libtorch's C++ attention asserts that key and value have one shape, so kdim = vdim here)
        yield return L.Of("MultiheadAttention kdim=vdim=3, no weights", [X(4, 2, 8), X(5, 2, 3), X(5, 2, 3)], () => new MultiheadAttention(8, 2, kdim: 3, vdim: 3),
            () => Tnn.MultiheadAttention(8, 2, kdim: 3, vdim: 3),
            (m, x) => [m.Forward(x[0], x[1], x[2], needWeights: false).AttnOutput], (m, x) => [m.forward(x[0], x[1], x[2], null, false, null).Item1]);
        foreach (bool normFirst in new[] { false, true })
            foreach (string activation in new[] { "relu", "gelu" })
            {
                string note = $"{(normFirst ? "norm_first" : "norm last")} {activation}";
                yield return L.Of($"TransformerEncoderLayer {note} batch_first", [X(2, 5, 8)],
                    () => new TransformerEncoderLayer(8, 2, 16, dropout: 0, activation: activation, batchFirst: true, normFirst: normFirst),
                    () => new PyTorchEncoderLayer(8, 2, 16, activation, normFirst, batchFirst: true), (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
                yield return L.Of($"TransformerEncoderLayer {note} causal mask", [X(5, 2, 8)],
                    () => new TransformerEncoderLayer(8, 2, 16, dropout: 0, activation: activation, normFirst: normFirst),
                    () => new PyTorchEncoderLayer(8, 2, 16, activation, normFirst, batchFirst: false),
                    (m, x) => [m.Forward(x[0], Causal(5))], (m, x) => [((PyTorchEncoderLayer)m).Forward(x[0], CausalTorch(5))]);
                yield return L.Of($"TransformerDecoderLayer {note}", [X(4, 2, 8), X(5, 2, 8)],
                    () => new TransformerDecoderLayer(8, 2, 16, dropout: 0, activation: activation, normFirst: normFirst),
                    () => new PyTorchDecoderLayer(8, 2, 16, activation, normFirst, batchFirst: false),
                    (m, x) => [m.Forward(x[0], x[1], tgtMask: Causal(4))], (m, x) => [m.Forward(x[0], x[1], CausalTorch(4))]);
            }
        yield return L.Of("TransformerDecoderLayer norm_first batch_first", [X(2, 4, 8), X(2, 5, 8)],
            () => new TransformerDecoderLayer(8, 2, 16, dropout: 0, batchFirst: true, normFirst: true),
            () => new PyTorchDecoderLayer(8, 2, 16, "relu", normFirst: true, batchFirst: true),
            (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.Forward(x[0], x[1], null)]);
    }

    // ---- inputs and helpers ----------------------------------------------------------------------

    /// <summary>Standard normal float64 values that require grad.</summary>
    private static In X(params int[] shape) => new(shape, DType.Float64, (rng, n) =>
        [.. Enumerable.Range(0, n).Select(_ => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))]);

    /// <summary>Int64 indices in [0, <paramref name="high"/>).</summary>
    private static In Ids(int high, params int[] shape) => new(shape, DType.Int64, (rng, n) => [.. Enumerable.Range(0, n).Select(_ => (double)rng.Next(high))]);

    /// <summary>A bool mask with the given values (1 true).</summary>
    private static In Mask(double[] values, params int[] shape) => new(shape, DType.Bool, (_, _) => values);

    private static T EvalMode<T>(T module) where T : Module { module.Eval(); return module; }

    private static T EvalModeTorch<T>(T module) where T : Tnn.Module { module.eval(); return module; }

    // The float causal mask PyTorch's generate_square_subsequent_mask makes: -inf above the diagonal.
    private static Tensor Causal(int n) => Tensor.Full([n, n], double.NegativeInfinity, DType.Float64).Triu(1);

    private static TT CausalTorch(int n) => torch.full(n, n, double.NegativeInfinity, torch.float64).triu(1);
}
