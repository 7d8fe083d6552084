using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// Modules whose forward is not one tensor in, one tensor out: the two patterns docs/modules.md describes
/// (an overload with another arity, a same-arity forward that returns a tuple) and the error that
/// Module.Forward(Tensor) gives for them.
/// </summary>
public sealed class NNForwardSignatureTests
{
    /// <summary>Like an LSTM: an overload whose extra parameter is optional, so <c>m.Forward(x)</c> picks it.</summary>
    private sealed class Recurrent : Module
    {
        private readonly Linear _cell = new(3, 3, bias: false, generator: new Generator(0));

        public Recurrent() => RegisterModule("cell", _cell);

        public (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor input, (Tensor H, Tensor C)? hx = null)
        {
            var (h, c) = hx ?? (Tensor.Zeros(3), Tensor.Zeros(3));
            var newC = c + _cell.Forward(input);
            var newH = (h + newC).Tanh();
            return (newH * 2, (newH, newC));
        }

        protected override string ForwardUsage => "Forward(input, hx) on a Recurrent, which returns (output, (h, c))";
    }

    /// <summary>The same arity as Module.Forward(Tensor) but a tuple result: hidden with <c>new</c>.</summary>
    private sealed class Splitter : Module
    {
        public new (Tensor Low, (Tensor Middle, Tensor High) Others) Forward(Tensor input)
            => (input[..1], (input[1..2], input[2..]));

        protected override string ForwardUsage => "Forward(input) on a Splitter, which returns (low, (middle, high))";
    }

    private sealed class NoForward : Module;

    [Fact]
    public void AnOverloadWithAnOptionalStateIsWhatForwardOfOneTensorCalls()
    {
        var m = new Recurrent();
        var x = Tensor.FromArray(new float[] { 1, 0, -1 });
        var (output, (h, c)) = m.Forward(x);                 // picks the overload: it is declared on Recurrent
        Assert.Equal([3], output.Shape.ToArray());
        Assert.Equal((h * 2).ToArray<float>(), output.ToArray<float>());
        var (output2, (h2, c2)) = m.Forward(x, (h, c));
        Assert.Equal((c + c).ToArray<float>(), c2.ToArray<float>());   // the state carried over
        Assert.Equal(["cell.weight"], m.NamedParameters().Select(p => p.Name));

        Module asModule = m;
        var error = Assert.Throws<NotSupportedException>(() => asModule.Forward(x)).Message;
        Assert.Equal("Recurrent does not implement Module.Forward(Tensor): call Forward(input, hx) on a Recurrent, which returns (output, (h, c)).", error);
        Assert.Throws<NotSupportedException>(() => asModule.Call(x));
    }

    [Fact]
    public void ATupleForwardOfOneTensorHidesModuleForward()
    {
        var m = new Splitter();
        var (a, (b, c)) = m.Forward(Tensor.FromArray(new float[] { 1, 2, 3, 4 }));
        Assert.Equal([1f], a.ToArray<float>());
        Assert.Equal([2f], b.ToArray<float>());
        Assert.Equal([3f, 4f], c.ToArray<float>());

        Module m2 = m;
        var error = Assert.Throws<NotSupportedException>(() => m2.Forward(Tensor.Zeros(4))).Message;
        Assert.StartsWith("Splitter does not implement Module.Forward(Tensor): call Forward(input) on a Splitter", error);
    }

    [Fact]
    public void AModuleWithoutForwardSaysSoAsPyTorchDoes()
    {
        var error = Assert.Throws<NotSupportedException>(() => new NoForward().Forward(Tensor.Zeros(1))).Message;
        Assert.StartsWith("Module [NoForward] is missing the required \"forward\" function", error);
        Assert.StartsWith("Module [ModuleList] is missing the required \"forward\" function",
            Assert.Throws<NotSupportedException>(() => new ModuleList(new Relu()).Forward(Tensor.Zeros(1))).Message);
        Assert.Equal("MseLoss does not implement Module.Forward(Tensor): call Forward(input, target) (a loss compares an input with a target).",
            Assert.Throws<NotSupportedException>(() => ((Module)new MseLoss()).Forward(Tensor.Zeros(1))).Message);
    }
}
