using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// Finite-difference checks of the recurrent layers in float64: the cells and a 2-layer bidirectional stack over a
/// packed batch, with every weight as an input (through the internal cell math the modules run), and double
/// backward through the public modules.
/// </summary>
public sealed class RecurrentGradientTests
{
    public static TheoryData<string> Kinds => ["lstm", "gru", "rnn_tanh", "rnn_relu"];

    private static CellKind Kind(string name) => name switch
    {
        "lstm" => CellKind.Lstm,
        "gru" => CellKind.Gru,
        "rnn_tanh" => CellKind.RnnTanh,
        _ => CellKind.RnnRelu,
    };

    private static Tensor Leaf(Generator g, params int[] shape) => Tensor.Randn(shape, DType.Float64, requiresGrad: true, generator: g);

    // x, h (and c), then w_ih, w_hh, b_ih, b_hh per layer and direction.
    private static Tensor[] Weights(CellKind kind, Generator g, int input, int hidden) =>
        [Leaf(g, kind.Gates * hidden, input), Leaf(g, kind.Gates * hidden, hidden), Leaf(g, kind.Gates * hidden), Leaf(g, kind.Gates * hidden)];

    private static CellWeights CellWeightsOf(ReadOnlySpan<Tensor> w) => new(w[0], w[1], w[2], w[3], null);

    [Theory, MemberData(nameof(Kinds))]
    public void CellGradCheckAndGradGradCheck(string name)
    {
        var kind = Kind(name);
        var g = new Generator(11);
        Tensor[] states = kind.HasCell ? [Leaf(g, 2, 2), Leaf(g, 2, 2)] : [Leaf(g, 2, 2)];
        Tensor[] inputs = [Leaf(g, 2, 3), .. states, .. Weights(kind, g, 3, 2)];
        Tensor Step(Tensor[] xs)
        {
            int s = states.Length + 1;
            var w = CellWeightsOf(xs.AsSpan(s));
            var next = kind.Step(kind.InputGates(xs[0], w), new RecurrentState(xs[1], kind.HasCell ? xs[2] : null), w);
            return next.C is null ? next.H : Tensor.Cat([next.H, next.C], 1);
        }
        Assert.True(Autograd.GradCheck(Step, inputs));
        Assert.True(Autograd.GradGradCheck(Step, inputs));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void TwoLayerBidirectionalPackedStackGradCheck(string name)
    {
        var kind = Kind(name);
        var g = new Generator(12);
        int[] batchSizes = [2, 2, 1];   // lengths 3 and 2: a sequence ends early forward and starts late in reverse
        var data = Leaf(g, 5, 2);
        var h0 = Leaf(g, 4, 2, 2);
        var c0 = kind.HasCell ? Leaf(g, 4, 2, 2) : null;
        Tensor[] weights = [.. Weights(kind, g, 2, 2), .. Weights(kind, g, 2, 2), .. Weights(kind, g, 4, 2), .. Weights(kind, g, 4, 2)];
        Tensor[] inputs = [data, h0, .. c0 is null ? Array.Empty<Tensor>() : [c0], .. weights];
        Tensor Run(Tensor[] xs)
        {
            int w = c0 is null ? 2 : 3;
            CellWeights[][] layers = [[CellWeightsOf(xs.AsSpan(w)), CellWeightsOf(xs.AsSpan(w + 4))], [CellWeightsOf(xs.AsSpan(w + 8)), CellWeightsOf(xs.AsSpan(w + 12))]];
            var (output, h, c) = Recurrence.Run(kind, layers, xs[0], batchSizes, xs[1], c0 is null ? null : xs[2], dropout: 0);
            return Tensor.Cat([output.Reshape(-1), h.Reshape(-1), .. c is null ? Array.Empty<Tensor>() : [c.Reshape(-1)]]);
        }
        Assert.True(Autograd.GradCheck(Run, inputs));
    }

    [Fact]
    public void LstmWithProjectionsGradCheck()
    {
        var lstm = new Lstm(2, 3, numLayers: 2, bidirectional: true, projSize: 2, generator: new Generator(3));
        lstm.To(DType.Float64);
        var g = new Generator(13);
        Tensor[] inputs = [Leaf(g, 3, 2, 2), Leaf(g, 4, 2, 2), Leaf(g, 4, 2, 3)];
        Tensor Run(Tensor[] xs)
        {
            var (output, (h, c)) = lstm.Forward(xs[0], (xs[1], xs[2]));
            return Tensor.Cat([output.Reshape(-1), h.Reshape(-1), c.Reshape(-1)]);
        }
        Assert.True(Autograd.GradCheck(Run, inputs));
    }

    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    public void TwoLayerBidirectionalModuleGradGradCheck(string type)
    {
        var g = new Generator(14);
        RnnBase module = type == "LSTM"
            ? new Lstm(2, 2, numLayers: 2, bidirectional: true, generator: g)
            : new Gru(2, 2, numLayers: 2, bidirectional: true, generator: g);
        module.To(DType.Float64);
        Tensor[] inputs = [Leaf(g, 2, 2, 2), Leaf(g, 4, 2, 2)];
        Tensor Run(Tensor[] xs) => module switch
        {
            Lstm lstm => lstm.Forward(xs[0], (xs[1], xs[1] * 0.5)).Output,
            Gru gru => gru.Forward(xs[0], xs[1]).Output,
            _ => throw new InvalidOperationException(),
        };
        Assert.True(Autograd.GradGradCheck(Run, inputs));
    }
}
