using Nabla;

namespace Nabla.Tests;

/// <summary>Tests that measure process-wide memory: they must not share the process with other tests' allocations.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

/// <summary>DetectAnomaly, ToDot, saved-tensor hooks and checkpointing.</summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class AnomalyAndGraphTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void AnomalyModeNamesTheNodeThatProducedNaN()
    {
        var x = Tensor.FromArray([0.0, 1.0], requiresGrad: true);
        using (Autograd.DetectAnomaly())
        {
            var y = x.Sqrt();   // d/dx √x at 0 is inf; times 0 from the Mul below gives NaN
            var z = (y * 0.0).Sum();
            var ex = Assert.Throws<InvalidOperationException>(() => z.Backward());
            Assert.Contains("SqrtBackward0", ex.Message);
            Assert.Contains("nan", ex.Message);
            Assert.Contains(nameof(AnomalyModeNamesTheNodeThatProducedNaN), ex.Message);   // the forward stack trace
        }
        Assert.Null(x.Grad);
    }

    [Fact]
    public void AnomalyModeWrapsErrorsOfANode()
    {
        var x = Tensor.FromArray([1.0], requiresGrad: true);
        using var scope = Autograd.DetectAnomaly();
        var y = x.Exp();
        using (Autograd.NoGrad()) y.AddInPlace(1.0);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("ExpBackward0", ex.Message);
        Assert.Contains("modified by an inplace operation", ex.Message);
        Assert.Contains("ExpBackward0", ex.Message[..ex.Message.IndexOf(':')]);   // "Error in ExpBackward0 during backward: ..."
        Assert.IsType<InvalidOperationException>(ex.InnerException);            // the node's own error, kept
        Assert.Contains(nameof(AnomalyModeWrapsErrorsOfANode), ex.Message);     // the forward call's stack trace
    }

    [Fact]
    public void OutsideAnomalyModeNaNPassesSilently()
    {
        var x = Tensor.FromArray([0.0], requiresGrad: true);
        (x.Sqrt() * 0.0).Sum().Backward();
        Assert.True(double.IsNaN(x.Grad!.Item<double>()));
    }

    [Fact]
    public void ToDotDrawsTheGraph()
    {
        var x = Tensor.Ones([2, 2], requiresGrad: true);
        var y = x + 2;
        var o = (y * y).Mean();
        const string expected = """
            digraph autograd {
                node [shape=box, fontname="monospace"];
                n0 [label="MeanBackward0"];
                n1 [label="MulBackward0"];
                n2 [label="AddBackward0"];
                n3 [label="AccumulateGrad\n[2, 2]", style=filled, fillcolor=lightblue];
                n1 -> n0;
                n2 -> n1;
                n2 -> n1;
                n3 -> n2;
            }

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Autograd.ToDot(o));
    }

    [Fact]
    public void SavedTensorsHooksPackAndUnpack()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        int packed = 0, unpacked = 0;
        Tensor y;
        using (Autograd.SavedTensorsHooks(t => { packed++; return t.Detach().Clone().ToArray<double>(); },
                   o => { unpacked++; return Tensor.FromArray((double[])o); }))
            y = (x * x).Sum();
        Assert.Equal(2, packed);
        y.Backward();
        Assert.Equal(2, unpacked);
        Assert.Equal([2.0, 4.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void CheckpointGivesTheSameGradientsWithoutKeepingActivations()
    {
        var w = Tensor.FromArray(new double[] { 0.5, -0.25, 1.5, 2.0 }, [2, 2], requiresGrad: true);
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [2, 2], requiresGrad: true);
        Func<Tensor, Tensor> block = h => h.MatMul(w).Tanh().MatMul(w).Sigmoid();

        block(x).Sum().Backward();
        var expectedW = w.Grad!.ToArray<double>();
        var expectedX = x.Grad!.ToArray<double>();
        w.Grad = null; x.Grad = null;

        var y = Autograd.Checkpoint(block, x);
        Assert.Equal("CheckpointFunctionBackward", y.GradFn!.Name);
        y.Sum().Backward();
        Assert.Equal(expectedW, w.Grad!.ToArray<double>(), new ToleranceComparer(1e-12));
        Assert.Equal(expectedX, x.Grad!.ToArray<double>(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void CheckpointingADeepMlpLowersTheMemoryHeldByTheGraph()
    {
        var g = new Generator(3);
        var weights = Enumerable.Range(0, 16).Select(_ => (Tensor.Randn([256, 256], generator: g) * 0.05).RequiresGradInPlace()).ToArray();
        var input = Tensor.Randn([256, 256], generator: g);
        Tensor Layer(Tensor h, int i) => h.MatMul(weights[i]).Tanh();

        long plain = HeldByGraph(() => Enumerable.Range(0, 16).Aggregate(input, Layer).Sum());
        long checkpointed = HeldByGraph(() => Enumerable.Range(0, 4)
            .Aggregate(input, (h, s) => Autograd.Checkpoint(t => Enumerable.Range(s * 4, 4).Aggregate(t, Layer), h)).Sum());
        output.WriteLine($"16 layers of 256x256, batch 256: the graph holds {plain / 1e6:F2} MB plain, {checkpointed / 1e6:F2} MB in 4 checkpointed segments");
        // Plain keeps each layer's tanh output (16 × 256 KiB); checkpointing keeps one input per segment.
        Assert.True(plain > 4_000_000, $"plain graph holds {plain} bytes");
        Assert.True(checkpointed * 4 < plain, $"checkpointed graph holds {checkpointed} bytes, plain {plain}");
    }

    // The bytes still live after a forward pass, with idle pooled buffers dropped (they are not the graph's).
    private static long HeldByGraph(Func<Tensor> forward)
    {
        long before = LiveBytes();
        var loss = forward();
        long after = LiveBytes();
        loss.Backward();
        GC.KeepAlive(loss);
        return after - before;
    }

    // GC.GetTotalMemory(true) stops collecting once two readings are within 5%, which in this
    // process (tens of MB live) can leave megabytes of garbage freed only behind finalizers: a dead
    // storage's buffer waits for its PooledBuffer's finalizer, goes idle in the pool, and is freed
    // by the collection after the pool drops it. So each round collects, finalizes, drops the idle
    // buffers and collects again, until the reading settles.
    private static long LiveBytes()
    {
        long previous, now = -1;
        int round = 0;
        do
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            BufferPool.Clear();
            GC.Collect();
            previous = now;
            now = GC.GetTotalMemory(forceFullCollection: false);
        } while (++round < 20 && Math.Abs(now - previous) > 16 * 1024);
        return now;
    }
}
