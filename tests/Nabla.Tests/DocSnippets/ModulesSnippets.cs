using Nabla;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests.DocSnippets;

/// <summary>The code of docs/modules.md, run; each test checks what the block's comments say.</summary>
[Collection(nameof(DocSnippets))]
public sealed class ModulesSnippets
{
    sealed class Mlp : Module
    {
        private readonly Linear _fc1, _fc2;

        public Mlp(int inputs, int hidden, int outputs)
        {
            _fc1 = RegisterModule("fc1", new Linear(inputs, hidden));
            _fc2 = RegisterModule("fc2", new Linear(hidden, outputs));
        }

        public override Tensor Forward(Tensor x) => _fc2.Call(F.Relu(_fc1.Call(x)));
    }

    sealed class DecayingMemory : Module
    {
        private readonly Linear _input;

        public DecayingMemory(int size) => _input = RegisterModule("input", new Linear(size, size));

        public (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor x, (Tensor H, Tensor C)? state = null)
        {
            var (h, c) = state ?? (Tensor.Zeros(x.Shape.ToArray()), Tensor.Zeros(x.Shape.ToArray()));
            var newC = c * 0.5 + _input.Call(x);
            var newH = (newC + h).Tanh();
            return (newH, (newH, newC));
        }

        protected override string ForwardUsage => "Forward(x, state) on a DecayingMemory, which returns (output, (h, c))";
    }

    sealed class TinyLm : Module
    {
        private readonly Embedding _wte;
        private readonly ModuleList _h;
        private readonly Linear _head;

        public TinyLm(int vocab, int width, int layers)
        {
            _wte = RegisterModule("wte", new Embedding(vocab, width));
            _h = RegisterModule("h", new ModuleList(Enumerable.Range(0, layers).Select(_ => new Linear(width, width))));
            _head = RegisterModule("lm_head", new Linear(width, vocab, bias: false));
            _head.Weight = _wte.Weight;                    // weight tying, as nanoGPT's lm_head.weight = wte.weight
        }

        public override Tensor Forward(Tensor tokens)
        {
            var x = _wte.Call(tokens);
            foreach (var block in _h) x = x + F.Gelu(block.Call(x));
            return _head.Call(x);
        }
    }

    [Fact]
    public void AModuleOfOneTensor()
    {
        var mlp = new Mlp(3, 5, 2);
        Assert.Equal([4, 2], mlp.Forward(Tensor.Randn([4, 3])).Shape.ToArray());
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], mlp.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void AForwardWithAnotherSignature()
    {
        var lines = Snippet.Lines(() =>
        {
            var memory = new DecayingMemory(4);
            var x = Tensor.Randn([2, 4]);
            var (output, (h, c)) = memory.Forward(x);              // zero state
            (output, (h, c)) = memory.Forward(x, (h, c));          // carried state
            Module asModule = memory;                              // still a Module: parameters, state dict, Train/Eval
            try { asModule.Forward(x); }
            catch (NotSupportedException e) { Console.WriteLine(e.Message); }
            // DecayingMemory does not implement Module.Forward(Tensor): call Forward(x, state) on a DecayingMemory, which returns (output, (h, c)).
            Assert.Equal([2, 4], output.Shape.ToArray());
            Assert.Same(output, h);
        });
        Assert.Equal(["DecayingMemory does not implement Module.Forward(Tensor): call Forward(x, state) on a DecayingMemory, which returns (output, (h, c))."], lines);
    }

    [Fact]
    public void ForwardHooks()
    {
        var lines = Snippet.Lines(() =>
        {
            var model = new Sequential(new Linear(4, 8), new Relu(), new Linear(8, 2));
            var activations = new Dictionary<string, Tensor>();
            var handles = new List<IDisposable>();
            foreach (var (name, module) in model.NamedModules())
                if (name != "")
                    handles.Add(module.RegisterForwardHook((m, input, output) => { activations[name] = output.Detach(); return null; }));
            model.Forward(Tensor.Randn([3, 4]));
            Console.WriteLine(string.Join(", ", activations.Select(a => $"{a.Key}: {a.Value.Shape}")));   // 0: [3, 8], 1: [3, 8], 2: [3, 2]
            foreach (var handle in handles) handle.Dispose();
            activations.Clear();
            model.Forward(Tensor.Randn([3, 4]));
            Assert.Empty(activations);
        });
        Assert.Equal(["0: [3, 8], 1: [3, 8], 2: [3, 2]"], lines);
    }

    [Fact]
    public void ContainersAndTying()
    {
        var lines = Snippet.Lines(() =>
        {
            var lm = new TinyLm(vocab: 10, width: 4, layers: 2);
            Console.WriteLine(string.Join(", ", lm.NamedParameters().Select(p => p.Name)));   // wte.weight, h.0.weight, h.0.bias, h.1.weight, h.1.bias
            Console.WriteLine(string.Join(", ", lm.StateDict().Keys));                       // wte.weight, h.0.weight, h.0.bias, h.1.weight, h.1.bias, lm_head.weight
            Console.WriteLine(lm.Forward(Tensor.FromArray(new long[] { 1, 2, 3 })).Shape);   // [3, 10]
        });
        Assert.Equal([
            "wte.weight, h.0.weight, h.0.bias, h.1.weight, h.1.bias",
            "wte.weight, h.0.weight, h.0.bias, h.1.weight, h.1.bias, lm_head.weight",
            "[3, 10]"], lines);
    }

    [Fact]
    public void ApplyAndTo()
    {
        var lines = Snippet.Lines(() =>
        {
            var net = new Sequential(new Linear(3, 3), new BatchNorm1d(3), new Linear(3, 1));
            net.Apply(m => { if (m is Linear linear) { Init.XavierUniform(linear.Weight); Init.Zeros(linear.Bias!); } });
            Console.WriteLine(string.Join(", ", net.NamedModules().Select(m => $"'{m.Name}'")));   // '', '0', '1', '2'
            var optimizer = new Adam(net.Parameters(), lr: 1e-3);
            net.To(DType.Float64);                                  // e.g. to gradcheck it
            Console.WriteLine(net.StateDict()["1.running_mean"].DType);                              // Float64
            Console.WriteLine(net.StateDict()["1.num_batches_tracked"].DType);                       // Int64
            var x = Tensor.Randn([4, 3], DType.Float64);
            (net.Forward(x) * Tensor.Arange(4).Reshape(4, 1)).Sum().Backward();
            var before = ((Linear)net[0]).Weight.Clone();
            optimizer.Step();
            Assert.NotEqual(before.ToArray<double>(), ((Linear)net[0]).Weight.ToArray<double>());
        });
        Assert.Equal(["'', '0', '1', '2'", "Float64", "Int64"], lines);
    }
}
