using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// The recurrent layers and cells through their public API: API.md's calls verbatim, reprs as PyTorch prints them,
/// initialisation, dropout, the layouts (batch first, unbatched, packed), and PyTorch's errors. Values and gradients
/// against PyTorch are in <see cref="RecurrentReferenceTests"/>.
/// </summary>
public sealed class RecurrentLayerTests
{
    private static Tensor Randn(int seed, params int[] shape) => Tensor.Randn(shape, generator: new Generator(seed));

    [Fact]
    public void ApiMdCallsWorkAsWritten()
    {
        var x = Randn(1, 4, 5, 8);
        var xt = Randn(2, 4, 8);
        var (h0, c0) = (Randn(3, 4, 16), Randn(4, 4, 16));
        var lstm = new Lstm(inputSize: 8, hiddenSize: 16, numLayers: 2, batchFirst: true, bidirectional: false);
        var (output, (h, c)) = lstm.Forward(x);              // zero initial state
        Assert.Equal([4, 5, 16], output.Shape.ToArray());
        Assert.Equal([2, 4, 16], h.Shape.ToArray());
        Assert.Equal([2, 4, 16], c.Shape.ToArray());
        var first = output;
        (output, (h, c)) = lstm.Forward(x, (h, c));
        Assert.NotEqual(first.ToArray<float>(), output.ToArray<float>());   // the carried state changes the outputs
        var gru = new Gru(8, 16, batchFirst: true); var (o, hN) = gru.Forward(x);
        Assert.Equal([4, 5, 16], o.Shape.ToArray());
        Assert.Equal([1, 4, 16], hN.Shape.ToArray());
        var cell = new LstmCell(8, 16); var (h1, c1) = cell.Forward(xt, (h0, c0));
        Assert.Equal([4, 16], h1.Shape.ToArray());
        Assert.Equal([4, 16], c1.Shape.ToArray());
        Module[] modules = [lstm, gru, cell];
        Assert.Equal(3, modules.Length);
    }

    [Fact]
    public void TheLastOutputStepIsTheFinalStateOfTheLastLayer()
    {
        var lstm = new Lstm(3, 4, numLayers: 2, generator: new Generator(5));
        var (output, (h, _)) = lstm.Forward(Randn(6, 5, 2, 3));
        Assert.Equal(h.Select(0, 1).ToArray<float>(), output.Select(0, 4).ToArray<float>());
    }

    [Fact]
    public void ReprsAreTorchs()
    {
        Assert.Equal("LSTM(8, 16, proj_size=4, num_layers=2, batch_first=True, dropout=0.1, bidirectional=True)",
            new Lstm(8, 16, 2, batchFirst: true, dropout: 0.1, bidirectional: true, projSize: 4).ToString());
        Assert.Equal("RNN(8, 16, bias=False)", new Rnn(8, 16, nonlinearity: "relu", bias: false).ToString());
        Assert.Equal("GRU(3, 4)", new Gru(3, 4).ToString());
        Assert.Equal("GRUCell(3, 4, bias=False)", new GruCell(3, 4, bias: false).ToString());
        Assert.Equal("RNNCell(3, 4, nonlinearity=relu)", new RnnCell(3, 4, nonlinearity: "relu").ToString());
        Assert.Equal("LSTMCell(3, 4)", new LstmCell(3, 4).ToString());
    }

    [Fact]
    public void EveryParameterStartsUniformInPlusMinusOneOverSqrtHidden()
    {
        var lstm = new Lstm(5, 16, numLayers: 2, bidirectional: true, projSize: 3, generator: new Generator(7));
        Assert.Equal(20, lstm.Parameters().Count());
        var all = lstm.Parameters().SelectMany(p => p.ToArray<float>()).ToArray();
        Assert.All(all, v => Assert.InRange(v, -0.25f, 0.25f));
        Assert.True(all.Max() > 0.24f && all.Min() < -0.24f, "the draws should fill the range");
        var again = new Lstm(5, 16, numLayers: 2, bidirectional: true, projSize: 3, generator: new Generator(7));
        Assert.Equal(all, again.Parameters().SelectMany(p => p.ToArray<float>()));
        Assert.NotEqual(all, new Lstm(5, 16, numLayers: 2, bidirectional: true, projSize: 3, generator: new Generator(8)).Parameters().SelectMany(p => p.ToArray<float>()));
        var cell = new GruCell(3, 4, generator: new Generator(1));
        Assert.All(cell.Parameters().SelectMany(p => p.ToArray<float>()), v => Assert.InRange(v, -0.5f, 0.5f));
        Assert.Equal([[12, 3], [12, 4], [12], [12]], cell.Parameters().Select(p => p.Shape.ToArray()));
    }

    [Fact]
    public void AllWeightsGroupsTheParametersByLayerAndDirection()
    {
        var lstm = new Lstm(5, 6, numLayers: 2, bidirectional: true, projSize: 2);
        Assert.Equal(4, lstm.AllWeights.Count);
        Assert.Equal([[24, 5], [24, 2], [24], [24], [2, 6]], lstm.AllWeights[1].Select(p => p.Shape.ToArray()));
        Assert.Equal([24, 4], lstm.AllWeights[2][0].Shape.ToArray());   // layer 1 reads both directions' projected outputs
        Assert.Equal(2, new Gru(2, 3, bias: false).AllWeights[0].Count);
    }

    [Fact]
    public void DropoutActsBetweenLayersInTrainingOnly()
    {
        var x = Randn(9, 4, 2, 3);
        var lstm = new Lstm(3, 5, numLayers: 2, dropout: 0.5, generator: new Generator(2));
        var trained = lstm.Forward(x).Output.ToArray<float>();
        lstm.Eval();
        var evaluated = lstm.Forward(x).Output.ToArray<float>();
        Assert.NotEqual(evaluated, trained);
        Assert.Equal(evaluated, lstm.Forward(x).Output.ToArray<float>());
        var single = new Gru(3, 5, dropout: 0.5, generator: new Generator(2));   // one layer: nothing to drop (PyTorch warns)
        var inTraining = single.Forward(x).Output.ToArray<float>();
        single.Eval();
        Assert.Equal(inTraining, single.Forward(x).Output.ToArray<float>());
    }

    [Fact]
    public void BatchFirstUnbatchedAndPackedAgreeWithTheTimeMajorBatch()
    {
        var x = Randn(3, 5, 2, 3);   // [T, B, in]
        var timeMajor = new Gru(3, 4, numLayers: 2, bidirectional: true, generator: new Generator(4));
        var batchFirst = new Gru(3, 4, numLayers: 2, bidirectional: true, batchFirst: true, generator: new Generator(4));
        var (expected, h) = timeMajor.Forward(x);
        var (output, h2) = batchFirst.Forward(x.Transpose(0, 1));
        Assert.Equal(expected.ToArray<float>(), output.Transpose(0, 1).ToArray<float>());
        Assert.Equal(h.ToArray<float>(), h2.ToArray<float>());

        var (unbatched, hu) = timeMajor.Forward(x.Select(1, 1));
        Assert.Equal([5, 8], unbatched.Shape.ToArray());
        Assert.Equal([4, 4], hu.Shape.ToArray());
        AssertClose(expected.Select(1, 1), unbatched);
        AssertClose(h.Select(1, 1), hu);

        var (packed, hp) = timeMajor.Forward(RnnUtils.PackPaddedSequence(x, [5, 5]));
        AssertClose(expected, RnnUtils.PadPackedSequence(packed).Padded);
        AssertClose(h, hp);
    }

    [Fact]
    public void PackedFinalStatesAreEachSequencesOwnLastStep()
    {
        var x = Randn(10, 4, 3, 2);
        var rnn = new Rnn(2, 3, generator: new Generator(3));
        int[] lengths = [2, 4, 1];
        var (_, h) = rnn.Forward(RnnUtils.PackPaddedSequence(x, lengths, enforceSorted: false));
        for (int b = 0; b < 3; b++)
        {
            var (alone, hb) = rnn.Forward(x.Narrow(0, 0, lengths[b]).Narrow(1, b, 1));
            AssertClose(hb.Select(1, 0), h.Select(1, b));
            AssertClose(alone.Select(0, lengths[b] - 1).Select(0, 0), h.Select(1, b).Select(0, 0));
        }
    }

    [Fact]
    public void CellsWithOneTensorAreModulesWithHooks()
    {
        var cell = new GruCell(3, 4, generator: new Generator(1));
        var x = Randn(2, 2, 3);
        Tensor? seen = null;
        using (cell.RegisterForwardHook((m, input, output) => { seen = output; return null; }))
            Assert.Equal(cell.Forward(x).ToArray<float>(), cell.Call(x).ToArray<float>());
        Assert.NotNull(seen);
        var model = new Sequential(new RnnCell(3, 4), new Linear(4, 1));
        Assert.Equal([2, 1], model.Forward(x).Shape.ToArray());
        Assert.Equal([4], new RnnCell(3, 4).Forward(Randn(3, 3)).Shape.ToArray());   // unbatched
    }

    [Fact]
    public void LayersThroughAModuleReferenceSayWhichCallToMake()
    {
        Module lstm = new Lstm(2, 3);
        var e = Assert.Throws<NotSupportedException>(() => lstm.Forward(Tensor.Zeros(4, 1, 2)));
        Assert.Equal("Lstm does not implement Module.Forward(Tensor): call Forward(input, (h0, c0)) on an Lstm, which returns (output, (h, c)).", e.Message);
        Module cell = new LstmCell(2, 3);
        Assert.Contains("Forward(input, (h0, c0)) on an LstmCell", Assert.Throws<NotSupportedException>(() => cell.Forward(Tensor.Zeros(1, 2))).Message);
    }

    [Fact]
    public void StateDictMovesBetweenModulesAndDTypes()
    {
        var a = new Lstm(3, 4, numLayers: 2, bidirectional: true, projSize: 2, generator: new Generator(1));
        var b = new Lstm(3, 4, numLayers: 2, bidirectional: true, projSize: 2, generator: new Generator(2));
        var x = Randn(5, 3, 2, 3);
        b.LoadStateDict(a.StateDict());
        Assert.Equal(a.Forward(x).Output.ToArray<float>(), b.Forward(x).Output.ToArray<float>());
        b.To(DType.Float64);
        AssertClose(a.Forward(x).Output, b.Forward(x.To(DType.Float64)).Output, 1e-5);
    }

    [Fact]
    public void ConstructorRefusesBadSettings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Gru(3, 4, numLayers: 0));
        Assert.StartsWith("dropout should be a number in range [0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => new Rnn(3, 4, dropout: 1.5)).Message);
        Assert.StartsWith("proj_size has to be smaller than hidden_size", Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 4, projSize: 4)).Message);
        Assert.StartsWith("proj_size should be a positive integer or zero", Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 4, projSize: -1)).Message);
        Assert.StartsWith("Unknown nonlinearity 'sig'", Assert.Throws<ArgumentException>(() => new Rnn(3, 4, nonlinearity: "sig")).Message);
        Assert.StartsWith("Unknown nonlinearity 'gelu'", Assert.Throws<ArgumentException>(() => new RnnCell(3, 4, nonlinearity: "gelu")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GruCell(3, -1));
    }

    [Fact]
    public void ForwardRefusesBadInputsWithPyTorchsMessages()
    {
        var lstm = new Lstm(2, 3);
        var x = Tensor.Zeros(4, 3, 2);
        Assert.Equal("LSTM: Expected input to be 2-D or 3-D but received 4-D tensor (Parameter 'input')",
            Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(4, 3, 2, 1))).Message);
        Assert.StartsWith("input.size(-1) must be equal to input_size. Expected 2, got 5", Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(4, 3, 5))).Message);
        Assert.StartsWith("input must have the type torch.float32, got type torch.float64", Assert.Throws<ArgumentException>(() => lstm.Forward(x.To(DType.Float64))).Message);
        Assert.StartsWith("Expected hidden[1] size (1, 3, 3), got [1, 2, 3]", Assert.Throws<ArgumentException>(() => lstm.Forward(x, (Tensor.Zeros(1, 3, 3), Tensor.Zeros(1, 2, 3)))).Message);
        Assert.StartsWith("Expected hidden[0] size (1, 3, 3), got [2, 3, 3]", Assert.Throws<ArgumentException>(() => lstm.Forward(x, (Tensor.Zeros(2, 3, 3), Tensor.Zeros(1, 3, 3)))).Message);
        Assert.StartsWith("For batched 3-D input, hx and cx should also be 3-D but got (2-D, 2-D) tensors", Assert.Throws<ArgumentException>(() => lstm.Forward(x, (Tensor.Zeros(3, 3), Tensor.Zeros(3, 3)))).Message);
        Assert.StartsWith("Expected sequence length to be larger than 0 in RNN", Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(0, 3, 2))).Message);
        var gru = new Gru(2, 3);
        Assert.StartsWith("Expected hidden size (1, 3, 3), got [2, 3, 3]", Assert.Throws<ArgumentException>(() => gru.Forward(x, Tensor.Zeros(2, 3, 3))).Message);
        Assert.StartsWith("For unbatched 2-D input, hx should also be 2-D but got 3-D tensor", Assert.Throws<ArgumentException>(() => gru.Forward(Tensor.Zeros(4, 2), Tensor.Zeros(1, 1, 3))).Message);
        Assert.StartsWith("input must have 2 dimensions, got 3", Assert.Throws<ArgumentException>(() => gru.Forward(new PackedSequence(Tensor.Zeros(3, 1, 2), Tensor.FromArray(new long[] { 2, 1 })))).Message);
    }

    [Fact]
    public void CellsRefuseBadInputsWithPyTorchsMessages()
    {
        var cell = new LstmCell(2, 3);
        Assert.StartsWith("input has inconsistent input_size: got 5 expected 2", Assert.Throws<ArgumentException>(() => cell.Forward(Tensor.Zeros(4, 5))).Message);
        Assert.StartsWith("Input batch size 4 doesn't match hidden0 batch size 3",
            Assert.Throws<ArgumentException>(() => cell.Forward(Tensor.Zeros(4, 2), (Tensor.Zeros(3, 3), Tensor.Zeros(3, 3)))).Message);
        Assert.StartsWith("hidden0 has inconsistent hidden_size: got 4, expected 3",
            Assert.Throws<ArgumentException>(() => cell.Forward(Tensor.Zeros(4, 2), (Tensor.Zeros(4, 4), Tensor.Zeros(4, 3)))).Message);
        Assert.StartsWith("hidden1 has inconsistent hidden_size: got 2, expected 3",
            Assert.Throws<ArgumentException>(() => cell.Forward(Tensor.Zeros(4, 2), (Tensor.Zeros(4, 3), Tensor.Zeros(4, 2)))).Message);
        Assert.StartsWith("GRUCell: Expected input to be 1-D or 2-D but received 3-D tensor", Assert.Throws<ArgumentException>(() => new GruCell(2, 3).Forward(Tensor.Zeros(4, 2, 2))).Message);
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        NNTesting.AssertClose(expected.ToArray<double>(), actual, tolerance);
    }
}
