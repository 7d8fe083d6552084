using Nabla;
using Nabla.NN;

namespace Nabla.Tests.DocSnippets;

/// <summary>
/// The mistakes of a newcomer's first hour, as docs/getting-started.md shows them: each program,
/// the exact message it gets (which says what to do), and the fix. The messages are checked
/// word for word here and must appear in the doc too.
/// </summary>
[Collection(nameof(DocSnippets))]
public sealed class FirstHourMistakesSnippets
{
    private const string InPlaceOnParameter =
        "a leaf Variable that requires grad is being used in an in-place operation. Update parameters inside `using (Autograd.NoGrad()) { ... }`, or use the out-of-place form.";

    private const string FloatLabels =
        "cross_entropy: expected class-index targets of dtype int64, but got float32 (shape [4]). Pass the class indices as Int64: labels.To(DType.Int64). " +
        "A floating-point target is read as class probabilities only when it has the input's shape [4, 3].";

    private const string LinearMismatch =
        "linear: mat1 and mat2 shapes cannot be multiplied (896x28 and 784x10): the input [32, 1, 28, 28] has 28 features in its last dim, " +
        "but the weight [10, 784] expects in_features=784. Flatten each sample first: input.Flatten(1) has shape [32, 784].";

    private const string BackwardTwice =
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
        "Saved intermediate values of the graph are freed when you call Backward() or Autograd.Grad(). " +
        "Specify retainGraph: true if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

    [Fact]
    public void TheDocQuotesEachMessage()
    {
        string doc = File.ReadAllText(Path.Combine(DocsTests.Root, "docs", "getting-started.md")).ReplaceLineEndings(" ");
        foreach (var message in new[] { InPlaceOnParameter, FloatLabels, LinearMismatch, BackwardTwice })
            Assert.Contains(message, doc);
    }

    [Fact]
    public void ForgettingZeroGradAccumulates()
    {
        var lines = Snippet.Lines(() =>
        {
            var w = Tensor.Ones([2], requiresGrad: true);
            for (int step = 0; step < 3; step++)
            {
                var loss = (w * 2).Sum();
                loss.Backward();                 // adds this step's gradient to w.Grad
            }
            Console.WriteLine(w.Grad);           // tensor([6., 6.]): three steps' gradients, not tensor([2., 2.])
        });
        Assert.Equal(["tensor([6., 6.])"], lines);

        lines = Snippet.Lines(() =>
        {
            var w = Tensor.Ones([2], requiresGrad: true);
            for (int step = 0; step < 3; step++)
            {
                var loss = (w * 2).Sum();
                w.Grad = null;                   // or optimizer.ZeroGrad(), or model.ZeroGrad()
                loss.Backward();
            }
            Console.WriteLine(w.Grad);           // tensor([2., 2.])
        });
        Assert.Equal(["tensor([2., 2.])"], lines);
    }

    [Fact]
    public void UpdatingAParameterOutsideNoGrad()
    {
        var model = new Linear(3, 1);
        model.Forward(Tensor.Ones([4, 3])).Sum().Backward();
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            model.Weight.SubInPlace(model.Weight.Grad!, alpha: 0.1);     // throws InvalidOperationException
        });
        Assert.Equal(InPlaceOnParameter, error.Message);

        var before = model.Weight.ToArray<float>();
        using (Autograd.NoGrad())
            model.Weight.SubInPlace(model.Weight.Grad!, alpha: 0.1);     // what an optimizer's Step() does
        Assert.Equal(before.Zip(model.Weight.Grad!.ToArray<float>(), (w, g) => w - 0.1f * g), model.Weight.ToArray<float>());
    }

    [Fact]
    public void IntegerLabelsAsFloat()
    {
        var logits = Tensor.Randn([4, 3]);
        var labels = Tensor.FromArray([0f, 2f, 1f, 1f]);                 // float32, as read from a CSV file
        var error = Assert.Throws<ArgumentException>(() =>
        {
            var loss = F.CrossEntropy(logits, labels);                   // throws ArgumentException
        });
        Assert.Equal(FloatLabels, error.Message);

        var loss = F.CrossEntropy(logits, labels.To(DType.Int64));      // class indices are Int64
        Assert.Equal(0, loss.Dim);
        Assert.Contains("Pass the class indices as Int64", Assert.Throws<ArgumentException>(() => new NllLoss().Forward(logits.LogSoftmax(1), labels)).Message);
        Assert.Contains("Pass the class indices as Int64", Assert.Throws<ArgumentException>(() => new CrossEntropyLoss().Forward(logits, labels)).Message);
    }

    [Fact]
    public void ShapeMismatchInLinear()
    {
        var images = Tensor.Randn([32, 1, 28, 28]);
        var layer = new Linear(784, 10);
        var error = Assert.Throws<ArgumentException>(() =>
        {
            var output = layer.Forward(images);                          // throws ArgumentException
        });
        Assert.Equal(LinearMismatch, error.Message);

        var output = layer.Forward(images.Flatten(1));                   // [32, 784] -> [32, 10]
        Assert.Equal([32, 10], output.Shape.ToArray());

        // Without a flatten that fits, the message names both fixes.
        var other = Assert.Throws<ArgumentException>(() => new Linear(20, 5).Forward(Tensor.Randn([8, 12]))).Message;
        Assert.Equal("linear: mat1 and mat2 shapes cannot be multiplied (8x12 and 20x5): the input [8, 12] has 12 features in its last dim, " +
            "but the weight [5, 20] expects in_features=20. Either make the layer's in_features 12 (new Linear(12, 5)) or give it inputs whose last dim is 20.", other);
    }

    [Fact]
    public void CallingBackwardTwice()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            var loss = (x * x).Sum();
            loss.Backward();
            loss.Backward();                                             // throws InvalidOperationException
        });
        Assert.Equal(BackwardTwice, error.Message);
        Assert.Equal([2f, 2f], x.Grad!.ToArray<float>());                // the first backward counted, the failed one did not

        x.Grad = null;
        {
            var loss = (x * x).Sum();
            loss.Backward(retainGraph: true);                            // keep the saved tensors for a second pass
            loss.Backward();
        }
        Assert.Equal([4f, 4f], x.Grad!.ToArray<float>());
    }
}
