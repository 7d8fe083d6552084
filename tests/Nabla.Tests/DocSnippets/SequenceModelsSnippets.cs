using Nabla;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests.DocSnippets;

/// <summary>The code of docs/sequence-models.md, run; each test checks what the block's comments say.</summary>
[Collection(nameof(DocSnippets))]
public sealed class SequenceModelsSnippets
{
    sealed class SequenceClassifier : Module
    {
        private readonly Embedding _embed;
        private readonly Lstm _lstm;
        private readonly Linear _head;

        public SequenceClassifier(int vocab, int width, int hidden, int classes)
        {
            _embed = RegisterModule("embed", new Embedding(vocab, width));
            _lstm = RegisterModule("lstm", new Lstm(width, hidden, batchFirst: true, bidirectional: true));
            _head = RegisterModule("head", new Linear(2 * hidden, classes));
        }

        public Tensor Forward(Tensor tokens, Tensor lengths)
        {
            var packed = RnnUtils.PackPaddedSequence(_embed.Call(tokens), lengths, batchFirst: true, enforceSorted: false);
            var (_, (h, _)) = _lstm.Forward(packed);
            return _head.Call(Tensor.Cat([h.Select(0, 0), h.Select(0, 1)], 1));   // each sequence's last forward and reverse states
        }

        protected override string ForwardUsage => "Forward(tokens, lengths) on a SequenceClassifier";
    }

    [Fact]
    public void AFirstLstm()
    {
        var lines = Snippet.Lines(() =>
        {
            var lstm = new Lstm(inputSize: 8, hiddenSize: 16, numLayers: 2, batchFirst: true);
            var x = Tensor.Randn([4, 10, 8]);                      // batch 4, 10 steps, 8 features
            var (output, (h, c)) = lstm.Forward(x);                // zero initial state
            Console.WriteLine($"{output.Shape} {h.Shape} {c.Shape}");   // [4, 10, 16] [2, 4, 16] [2, 4, 16]
            (output, (h, c)) = lstm.Forward(x, (h.Detach(), c.Detach()));   // the next chunk, carrying the state on
            Console.WriteLine(lstm);                               // LSTM(8, 16, num_layers=2, batch_first=True)
        });
        Assert.Equal(["[4, 10, 16] [2, 4, 16] [2, 4, 16]", "LSTM(8, 16, num_layers=2, batch_first=True)"], lines);
    }

    [Fact]
    public void VariableLengths()
    {
        var lines = Snippet.Lines(() =>
        {
            var gru = new Gru(3, 5, batchFirst: true);
            var padded = Tensor.Randn([3, 4, 3]);                  // 3 sequences of 4, 2 and 3 steps, padded to 4
            var packed = RnnUtils.PackPaddedSequence(padded, lengths: [4, 2, 3], batchFirst: true, enforceSorted: false);
            Console.WriteLine(packed.BatchSizes);                  // tensor([3, 3, 2, 1])
            var (packedOutput, hN) = gru.Forward(packed);          // hN[0, b]: sequence b's state after its own last step
            var (output, lengths) = RnnUtils.PadPackedSequence(packedOutput, batchFirst: true);
            Console.WriteLine(output.Shape);                       // [3, 4, 5]
            Console.WriteLine(lengths);                            // tensor([4, 2, 3])
            Console.WriteLine(output[1, 2]);                       // tensor([0., 0., 0., 0., 0.], grad_fn=<SelectBackward0>)

            var (alone, hAlone) = gru.Forward(padded.Narrow(0, 1, 1).Narrow(1, 0, 2));
            NNTesting.AssertClose(hAlone.Select(1, 0).ToArray<double>(), hN.Select(1, 1), 1e-6);
        });
        Assert.Equal(["tensor([3, 3, 2, 1])", "[3, 4, 5]", "tensor([4, 2, 3])", "tensor([0., 0., 0., 0., 0.], grad_fn=<SelectBackward0>)"], lines);
    }

    [Fact]
    public void AClassifierOverPackedSequences()
    {
        var lines = Snippet.Lines(() =>
        {
            var model = new SequenceClassifier(vocab: 20, width: 8, hidden: 16, classes: 2);
            var optimizer = new Adam(model.Parameters(), lr: 0.01);
            var tokens = Tensor.RandInt(1, 20, [4, 6]);            // 4 sequences, padded to 6 tokens
            var lengths = Tensor.FromArray(new long[] { 6, 3, 5, 2 });
            var labels = Tensor.FromArray(new long[] { 1, 0, 1, 0 });
            for (int step = 0; step <= 60; step++)
            {
                optimizer.ZeroGrad();
                var loss = F.CrossEntropy(model.Forward(tokens, lengths), labels);
                loss.Backward();
                optimizer.Step();
                if (step % 30 == 0) Console.WriteLine($"step {step}: loss {loss.Item<float>():F3}");   // falls towards 0
            }
        });
        Assert.Equal(3, lines.Length);
        double Loss(string line) => double.Parse(line[(line.IndexOf("loss ") + 5)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Loss(lines[2]) < Loss(lines[0]) / 5, string.Join("; ", lines));
    }

    [Fact]
    public void ACellByHand()
    {
        var lines = Snippet.Lines(() =>
        {
            var cell = new LstmCell(8, 16);
            var inputs = Tensor.Randn([10, 4, 8]);                 // 10 steps of a batch of 4
            var (hx, cx) = (Tensor.Zeros(4, 16), Tensor.Zeros(4, 16));
            var outputs = new List<Tensor>();
            for (int t = 0; t < inputs.Size(0); t++)
            {
                (hx, cx) = cell.Forward(inputs[t], (hx, cx));
                outputs.Add(hx);
            }
            Console.WriteLine(Tensor.Stack([.. outputs]).Shape);   // [10, 4, 16]
        });
        Assert.Equal(["[10, 4, 16]"], lines);
    }

    [Fact]
    public void WeightsBetweenPyTorchAndNabla()
    {
        using var folder = new TempFolder();
        var lines = Snippet.Lines(() =>
        {
            var lstm = new Lstm(8, 16, numLayers: 2, bidirectional: true, projSize: 4);
            Console.WriteLine(string.Join(", ", lstm.StateDict().Keys.Take(6)));
            // weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_hr_l0, weight_ih_l0_reverse
            lstm.Save("lstm.safetensors");                         // or TorchCheckpoint.Save("lstm.pt", lstm.StateDict())
            lstm.Load("lstm.safetensors");                         // a state dict PyTorch's nn.LSTM saved loads the same way
        });
        Assert.Equal(["weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_hr_l0, weight_ih_l0_reverse"], lines);
        Assert.True(File.Exists("lstm.safetensors"));
    }

    [Fact]
    public void TheGraphOfAStep()
    {
        var lines = Snippet.Lines(() =>
        {
            var cell = new LstmCell(2, 3);
            var (h, c) = cell.Forward(Tensor.Randn([1, 2]));
            Console.WriteLine(h.GradFn?.Name);                     // ThnnFusedLstmCellBackward0
            var gru = new GruCell(2, 3);
            Console.WriteLine(gru.Forward(Tensor.Randn([1, 2])).GradFn?.Name);   // ThnnFusedGruCellBackward0
        });
        Assert.Equal(["ThnnFusedLstmCellBackward0", "ThnnFusedGruCellBackward0"], lines);
    }
}
