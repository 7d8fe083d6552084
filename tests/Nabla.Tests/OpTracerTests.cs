namespace Nabla.Tests;

/// <summary>The op layer's trace seam (what the ONNX exporter builds on).</summary>
public sealed class OpTracerTests
{
    private sealed class Recorder : OpTracer
    {
        public readonly List<(string Name, object? Args, Tensor[] Results, Tensor[] Inputs)> Ops = [];

        public override void OnOp(Derivative op, object? args, ReadOnlySpan<Tensor> results, ReadOnlySpan<Tensor> inputs, ReadOnlySpan<(Slot Slot, Tensor Value)> saved)
            => Ops.Add((op.Name, args, results.ToArray(), inputs.ToArray()));
    }

    [Fact]
    public void SeesEachOpWithItsArgumentsInputsAndResultsEvenWithoutAGraph()
    {
        var x = Tensor.FromArray([1.0, -2.0, 3.0]);
        Tensor y;
        using (var trace = new Recorder())
        using (Autograd.NoGrad())
        {
            y = (x * 2).Sum(0, keepDim: true);
            Assert.Equal(["MulBackward0", "SumBackward1"], trace.Ops.Select(o => o.Name));
            Assert.Same(x, trace.Ops[0].Inputs[0]);
            Assert.Same(trace.Ops[0].Results[0], trace.Ops[1].Inputs[0]);
            Assert.Same(y, trace.Ops[1].Results[0]);
            var (mask, keepDim) = ((bool[], bool))trace.Ops[1].Args!;
            Assert.Equal([true], mask);
            Assert.True(keepDim);
        }
        Assert.Null(OpTracer.Current);
        Assert.Null(y.GradFn);
    }

    [Fact]
    public void NestsAndSeesNothingOnceClosed()
    {
        var x = Tensor.FromArray([1.0, 2.0]);
        var outer = new Recorder();
        using (var inner = new Recorder())
        {
            _ = x.Exp();
            Assert.Single(inner.Ops);
        }
        _ = x.Log();
        outer.Dispose();
        _ = x.Sin();
        Assert.Equal(["LogBackward0"], outer.Ops.Select(o => o.Name));
    }
}
