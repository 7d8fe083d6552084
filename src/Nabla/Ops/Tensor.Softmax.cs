using Nabla.Kernels;

namespace Nabla;

// Softmax and log-softmax: one node each. Along a contiguous last dim the forward and (when the
// backward is not itself recorded) the backward are fused row kernels; otherwise they are composed
// from ops (stable: the max is subtracted), which also makes the rules twice differentiable.
public partial class Tensor
{
    /// <summary>e^x / Σ e^x along <paramref name="dim"/>, like <c>torch.softmax(x, dim)</c>.</summary>
    public Tensor Softmax(int dim) => SoftmaxCore(dim, log: false);

    /// <summary>x - log Σ e^x along <paramref name="dim"/>, like <c>torch.log_softmax(x, dim)</c>.</summary>
    public Tensor LogSoftmax(int dim) => SoftmaxCore(dim, log: true);

    private Tensor SoftmaxCore(int dim, bool log)
    {
        int d = ShapeMath.NormalizeDim(dim, Dim);
        var x = Detach().AsFloat();   // the rule gives the gradient (and the tangent): no inner recording
        Tensor result;
        if (SoftmaxKernels.Applies(x, d)) result = SoftmaxKernels.Forward(x, log);
        else
            using (GradMode.Set(false))
            {
                var shifted = x - x.Max(d, keepDim: true).Values;
                var e = shifted.Exp();
                result = log ? shifted - e.Sum(d, keepDim: true).Log() : e / e.Sum(d, keepDim: true);
            }
        return result.Record(log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", (n, g) => [SoftmaxBackward(g, n.Saved(0), d, log)], [this], [result]);
    }

    // softmax: dx = y ⊙ (g - Σ g⊙y); log-softmax: dx = g - e^y ⊙ Σ g.
    private static Tensor SoftmaxBackward(Tensor g, Tensor y, int d, bool log)
    {
        if (!GradMode.IsEnabled && !y.RequiresGrad && SoftmaxKernels.Applies(y, d) && g.IsContiguous && g.DType == y.DType && g.Shape == y.Shape)
            return SoftmaxKernels.Backward(g, y, log);
        return log ? g - y.Exp() * g.Sum(d, keepDim: true) : y * (g - (g * y).Sum(d, keepDim: true));
    }
}
