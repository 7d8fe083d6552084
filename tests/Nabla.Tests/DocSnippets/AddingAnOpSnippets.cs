namespace Nabla.Tests.DocSnippets;

// docs/adding-an-op.md walks through the library's own atan, atan2 and cumsum (its blocks quote
// src/ and the test tables); what it shows through the public API is run here.
[Collection(nameof(DocSnippets))]
public sealed class AddingAnOpSnippets
{
    [Fact]
    public void ForwardAndNodeName()
    {
        var lines = Snippet.Lines(() =>
        {
            var x = Tensor.FromArray([0f, 1f, -1f], requiresGrad: true);
            var y = x.Atan();
            Console.WriteLine(y);               // tensor([ 0.0000,  0.7854, -0.7854], grad_fn=<AtanBackward0>)
            y.Sum().Backward();
            Console.WriteLine(x.Grad);          // tensor([1.0000, 0.5000, 0.5000])
        });
        Assert.Equal(["tensor([ 0.0000,  0.7854, -0.7854], grad_fn=<AtanBackward0>)", "tensor([1.0000, 0.5000, 0.5000])"], lines);
    }

    [Fact]
    public void ForwardModeComesFromTheRule()
    {
        var x = Tensor.FromArray([0.0, 1.0, 2.0]);
        var v = Tensor.FromArray([1.0, 1.0, 0.5]);
        using (Autograd.ForwardAD.DualLevel())
        {
            var dual = Autograd.ForwardAD.MakeDual(x, v);
            var (y, jvp) = Autograd.ForwardAD.UnpackDual(dual.Atan());   // jvp = v/(1+x²), from the reverse rule
            Assert.Equal([1.0, 0.5, 0.1], jvp!.ToArray<double>());
            Assert.Equal([0, Math.PI / 4, Math.Atan(2)], y.ToArray<double>());
        }
    }
}
