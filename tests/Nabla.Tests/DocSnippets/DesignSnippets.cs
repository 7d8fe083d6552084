using Nabla;

namespace Nabla.Tests.DocSnippets;

/// <summary>The code of docs/design.md, run.</summary>
[Collection(nameof(DocSnippets))]
public sealed class DesignSnippets
{
    [Fact]
    public void BackwardIsTransactional()
    {
        var lines = Snippet.Lines(() =>
        {
            var w = Tensor.Ones([2], requiresGrad: true);
            var h = w * 3;
            var hook = h.RegisterHook(g => throw new InvalidOperationException("a hook failed"));
            var loss = h.Sum() + w.Sum();                    // w's gradient arrives along two paths
            try { loss.Backward(); } catch (InvalidOperationException) { }
            Console.WriteLine(w.Grad is null);               // True: the pass failed, nothing was committed
            hook.Dispose();
            loss.Backward();                                 // the graph was not freed either: run it again
            Console.WriteLine(w.Grad);                       // tensor([4., 4.])
        });
        Assert.Equal(["True", "tensor([4., 4.])"], lines);
    }
}
