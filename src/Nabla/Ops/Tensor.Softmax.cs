namespace Nabla;

// Softmax and log-softmax: composed forward (stable: max subtracted), one node each.
public partial class Tensor
{
    /// <summary>e^x / Σ e^x along <paramref name="dim"/>, like <c>torch.softmax(x, dim)</c>.</summary>
    public Tensor Softmax(int dim)
    {
        int d = ShapeMath.NormalizeDim(dim, Dim);
        Tensor result;
        using (GradMode.Set(false))
        {
            var x = Detach().AsFloat();   // the rule below gives the gradient (and the tangent): no inner recording
            var e = (x - x.Max(d, keepDim: true).Values).Exp();
            result = e / e.Sum(d, keepDim: true);
        }
        return result.Record("SoftmaxBackward0", (n, g) =>
        {
            var y = n.Saved(0);
            return [y * (g - (g * y).Sum(d, keepDim: true))];   // dx = y ⊙ (g - Σ g⊙y)
        }, [this], [result]);
    }

    /// <summary>x - log Σ e^x along <paramref name="dim"/>, like <c>torch.log_softmax(x, dim)</c>.</summary>
    public Tensor LogSoftmax(int dim)
    {
        int d = ShapeMath.NormalizeDim(dim, Dim);
        Tensor result;
        using (GradMode.Set(false))
        {
            var x = Detach().AsFloat();
            var shifted = x - x.Max(d, keepDim: true).Values;
            result = shifted - shifted.Exp().Sum(d, keepDim: true).Log();
        }
        return result.Record("LogSoftmaxBackward0", (n, g) => [g - n.Saved(0).Exp() * g.Sum(d, keepDim: true)], [this], [result]);   // dx = g - softmax·Σg
    }
}
