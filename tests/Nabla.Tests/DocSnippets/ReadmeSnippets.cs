using Nabla;

namespace Nabla.Tests.DocSnippets;

/// <summary>The code of README.md, run.</summary>
[Collection(nameof(DocSnippets))]
public sealed class ReadmeSnippets
{
    [Fact]
    public void TwentyLines()
    {
        var lines = Snippet.Lines(() =>
        {
            var g = new Generator(seed: 0);
            var x = Tensor.Randn([64, 3], generator: g);                    // inputs
            var yTrue = x.MatMul(Tensor.FromArray([2f, -1f, 0.5f])) + 0.3;  // a linear target
            var w = Tensor.Zeros([3], requiresGrad: true);
            var b = Tensor.Zeros([1], requiresGrad: true);

            for (int step = 0; step < 200; step++)
            {
                var loss = (x.MatMul(w) + b - yTrue).Pow(2).Mean();
                w.Grad = null; b.Grad = null;
                loss.Backward();
                using (Autograd.NoGrad())
                {
                    w.SubInPlace(w.Grad!, alpha: 0.1);                    // w -= 0.1 * w.grad
                    b.SubInPlace(b.Grad!, alpha: 0.1);
                }
            }
            Console.WriteLine(w);   // tensor([ 2.0000, -1.0000,  0.5000], requires_grad=True)
            Console.WriteLine(b);   // tensor([0.3000], requires_grad=True)
        });
        Assert.Equal(["tensor([ 2.0000, -1.0000,  0.5000], requires_grad=True)", "tensor([0.3000], requires_grad=True)"], lines);
    }

    [Fact]
    public void AutogradAllOfIt()
    {
        using var folder = new TempFolder();
        var output = Snippet.Lines(() =>
        {
            var x = Tensor.Randn([3], requiresGrad: true);
            var w = Tensor.Randn([3], requiresGrad: true);
            var v = Tensor.OnesLike(x);

            // Hooks: inspect or replace gradients; every registration returns an IDisposable handle.
            var h = x * w;
            var y = h.Exp().Sum();
            using var clip = h.RegisterHook(g => g.Clamp(-1.0, 1.0));
            using var keep = y.GradFn!.RegisterPrehook(gradOutputs => null);     // null keeps them
            using var step = w.RegisterPostAccumulateGradHook(p => { /* e.g. an optimiser step inside backward */ });

            // Anomaly mode: a NaN or an error in backward names the node and its forward stack trace.
            using (Autograd.DetectAnomaly()) y.Backward();

            // Custom functions (class MyExp, below): the node is named after the class.
            var e = new MyExp().Apply(x)[0];
            Console.WriteLine(e.GradFn);                                         // <MyExpBackward>

            // Whole-function transforms, like torch.autograd.functional.
            Tensor j = Autograd.Functional.Jacobian(t => t.Sin(), x);
            var (value, hv) = Autograd.Functional.Hvp(t => (t * t * t).Sum(), x, v);

            // Forward mode, with nested levels (PyTorch refuses nesting; here levels never mix).
            using (Autograd.ForwardAD.DualLevel())
            {
                var dual = Autograd.ForwardAD.MakeDual(x, v);
                var (sin, jvp) = Autograd.ForwardAD.UnpackDual(dual.Sin());      // jvp = cos(x)·v
            }

            // The graph in Graphviz DOT, checkpointed segments, and hooks on every saved tensor.
            var loss = (x * w).Tanh().Sum();
            File.WriteAllText("graph.dot", Autograd.ToDot(loss));
            Func<Tensor, Tensor> block = t => (t * w).Tanh();
            var h2 = Autograd.Checkpoint(block, x);                               // recomputed in backward
            using (Autograd.SavedTensorsHooks(pack: t => t.Clone(), unpack: o => (Tensor)o))
            {
                var z = (x * w).Sum();                                            // z's node saves clones of x and w
            }

            // What the comments promise.
            var clipped = ((x * w).Exp().Clamp(-1.0, 1.0) * w).ToArray<float>();       // h's gradient was clipped on its way to x
            Assert.All(clipped.Zip(x.Grad!.ToArray<float>()), p => Assert.Equal(p.First, p.Second, 5));
            Assert.Equal([3, 3], j.Shape.ToArray());
            var expected = x.Mul(6).ToArray<float>();                                   // ∇²(Σt³)·v = 6x·v, with v = 1
            Assert.All(expected.Zip(hv.ToArray<float>()), p => Assert.Equal(p.First, p.Second, 4));
            Assert.StartsWith("digraph autograd", File.ReadAllText("graph.dot"));
            Assert.Equal("CheckpointFunctionBackward", h2.GradFn!.Name);
        });
        Assert.Equal(["<MyExpBackward>"], output);
    }
}

// Custom functions: the node is named after the class (MyExpBackward).
sealed class MyExp : Function
{
    protected override Tensor[] Forward(FunctionContext ctx, Tensor[] inputs)
    {
        var result = inputs[0].Exp();
        ctx.SaveForBackward(result);
        return [result];
    }
    protected override Tensor?[] Backward(FunctionContext ctx, Tensor[] gradOutputs)
        => [gradOutputs[0] * ctx.SavedTensors[0]];
}
