using Nabla;

namespace Nabla.Tests.DocSnippets;

/// <summary>The code of docs/concepts.md, run; each test checks what the block's comments say.</summary>
[Collection(nameof(DocSnippets))]
public sealed class ConceptsSnippets
{
    [Fact]
    public void Views()
    {
        var lines = Snippet.Lines(() =>
        {
            var x = Tensor.Zeros(2, 3);
            var row = x[1];                                    // a view of the second row: no copy
            row.FillInPlace(7);                                // writes through to x
            Console.WriteLine(x);                              // tensor([[0., 0., 0.],
                                                               //         [7., 7., 7.]])
            var t = x.T;                                       // a view with the strides swapped
            Console.WriteLine(t.IsContiguous);                 // False
            Console.WriteLine(string.Join(", ", t.Strides));   // 1, 3
            var c = t.Contiguous();                            // a copy, laid out row by row
            Console.WriteLine(c.IsContiguous);                 // True
        });
        Assert.Equal(["tensor([[0., 0., 0.],", "        [7., 7., 7.]])", "False", "1, 3", "True"], lines);
    }

    [Fact]
    public void DTypesAndPromotion()
    {
        var lines = Snippet.Lines(() =>
        {
            var i = Tensor.Arange(3);                          // int64, like torch.arange
            var f = i * 0.5;                                   // int64 tensor × C# double: float32, the default float
            Console.WriteLine(f);                              // tensor([0.0000, 0.5000, 1.0000])
            var d = Tensor.Ones([3], DType.Float64) + Tensor.Ones([3]);
            Console.WriteLine(d);                              // tensor([2., 2., 2.], dtype=float64)
        });
        Assert.Equal(["tensor([0.0000, 0.5000, 1.0000])", "tensor([2., 2., 2.], dtype=float64)"], lines);
    }

    [Fact]
    public void TheGraph()
    {
        var lines = Snippet.Lines(() =>
        {
            var a = Tensor.Ones([2], requiresGrad: true);
            var b = a * 3;
            var c = b.Exp().Sum();
            Console.WriteLine(c.GradFn);                                  // <SumBackward0>
            Console.WriteLine(c.GradFn!.NextFunctions[0].Node);           // <ExpBackward0>
            Console.WriteLine(b.GradFn!.NextFunctions[0].Node);           // <AccumulateGrad>: where a's gradient goes
            Console.WriteLine($"{a.IsLeaf} {b.IsLeaf}");                  // True False
        });
        Assert.Equal(["<SumBackward0>", "<ExpBackward0>", "<AccumulateGrad>", "True False"], lines);
    }

    [Fact]
    public void HigherOrder()
    {
        var lines = Snippet.Lines(() =>
        {
            var x = Tensor.FromArray([2.0], requiresGrad: true);              // float64, from a double[]
            var y = x.Pow(3);
            var dy = Autograd.Grad(y.Sum(), x, createGraph: true)!;           // 3x² = 12, recorded as a graph
            var d2y = Autograd.Grad(dy.Sum(), x)!;                            // 6x = 12
            Console.WriteLine(dy);                                            // tensor([12.], dtype=float64, grad_fn=<MulBackward0>)
            Console.WriteLine(d2y);                                           // tensor([12.], dtype=float64)
        });
        Assert.Equal(["tensor([12.], dtype=float64, grad_fn=<MulBackward0>)", "tensor([12.], dtype=float64)"], lines);
    }

    [Fact]
    public void NoGradScope()
    {
        var lines = Snippet.Lines(() =>
        {
            var w = Tensor.Ones([3], requiresGrad: true);
            using (Autograd.NoGrad())
            {
                var y = w * 2;
                Console.WriteLine(y.RequiresGrad);     // False: nothing recorded
            }
            Console.WriteLine(Autograd.IsGradEnabled); // True again after the scope
        });
        Assert.Equal(["False", "True"], lines);
    }

    [Fact]
    public async Task GradModeFlowsWithAwait()
    {
        string output = await Snippet.OutputAsync(async () =>
        {
            using (Autograd.NoGrad())
            {
                await Task.Delay(1);                              // may resume on another thread
                Console.WriteLine(Autograd.IsGradEnabled);        // False: the scope flows with the async context
                var inner = Task.Run(() => Autograd.IsGradEnabled);
                Console.WriteLine(await inner);                   // False: work started inside inherits it
            }
        });
        Assert.Equal("False\nFalse", output);
    }

    [Fact]
    public void VersionCounter()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            var a = Tensor.FromArray([1f, 2f, 3f], requiresGrad: true);
            var b = a.Exp();            // ExpBackward0 saves its result, b, at version 0
            b *= 2;                     // in place: b's version is now 1
            b.Sum().Backward();         // throws: "... modified by an inplace operation ... is at version 1; expected version 0 ..."
        });
        Assert.Contains("modified by an inplace operation", error.Message);
        Assert.Contains("is at version 1; expected version 0", error.Message);
    }

    [Fact]
    public void UpdateALeaf()
    {
        var w = Tensor.Ones([3], requiresGrad: true);
        (w * w).Sum().Backward();
        using (Autograd.NoGrad())
            w.SubInPlace(w.Grad!, alpha: 0.1);       // w -= 0.1 * w.Grad, not recorded
        Assert.Equal([0.8f, 0.8f, 0.8f], w.ToArray<float>());
    }

    [Fact]
    public void KeepNumbersNotGraphs()
    {
        var w = Tensor.Ones([3], requiresGrad: true);
        var data = Enumerable.Range(0, 4).Select(i => Tensor.Full([3], i)).ToArray();
        double total = 0;
        foreach (var x in data)
        {
            var loss = (w * x).Sum();
            loss.Backward();
            total += loss.Item<float>();             // a number: the step's graph can be collected
        }
        Assert.Equal(0.0 + 3 + 6 + 9, total);
    }
}
