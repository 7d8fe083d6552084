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
        return (log ? Derivatives.LogSoftmax : Derivatives.Softmax).Record(result, [this], d);
    }

    /// <summary>
    /// The softmax (or log-softmax) backward by the fused row kernel, when it applies and nothing
    /// records the backward itself; null otherwise (the derivative table then composes it from ops).
    /// </summary>
    internal static Tensor? FusedSoftmaxBackward(Tensor g, Tensor y, int dim, bool log)
        => !GradMode.IsEnabled && !y.RequiresGrad && SoftmaxKernels.Applies(y, dim) && g.IsContiguous && g.DType == y.DType && g.Shape == y.Shape
            ? SoftmaxKernels.Backward(g, y, log)
            : null;
}
