using System.Text;

namespace Nabla;

public static partial class Autograd
{
    /// <summary>
    /// Checks the gradients that backward computes for <paramref name="f"/> against central finite
    /// differences, like <c>torch.autograd.gradcheck</c>. Inputs that require grad must be float64.
    /// </summary>
    /// <returns><c>true</c>; a mismatch throws <see cref="InvalidOperationException"/> listing the differing entries.</returns>
    public static bool GradCheck(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NoNullElements(inputs);
        var diff = Enumerable.Range(0, inputs.Length).Where(i => inputs[i].RequiresGrad).ToArray();
        if (diff.Length == 0) throw new ArgumentException("GradCheck: no input requires grad, so there is nothing to check");
        foreach (int i in diff)
            if (inputs[i].DType != DType.Float64)
                throw new ArgumentException($"GradCheck: input {i} is {inputs[i].DType.Name()}; finite differences need float64 inputs (use To(DType.Float64))");

        var output = f(inputs);
        int outCount = output.Count;
        var problems = new StringBuilder();
        int mismatches = 0;
        foreach (int i in diff)
        {
            var numerical = NumericalJacobian(f, inputs, i, eps, outCount);
            var analytical = AnalyticalJacobian(output, inputs[i], outCount);
            for (int k = 0; k < numerical.GetLength(0); k++)
                for (int j = 0; j < outCount; j++)
                {
                    double n = numerical[k, j], a = analytical[k, j];
                    if (Math.Abs(a - n) <= atol + rtol * Math.Abs(n)) continue;
                    if (mismatches++ < 10)
                        problems.AppendLine($"  d output[{j}] / d input {i}[{k}]: numerical {n:R}, analytical {a:R}");
                }
        }
        if (mismatches > 0)
            throw new InvalidOperationException($"Jacobian mismatch: {mismatches} entries differ (atol {atol}, rtol {rtol}, eps {eps}):\n{problems}");
        return true;
    }

    /// <summary>
    /// Checks second derivatives: the gradient of <paramref name="f"/> (a vector-Jacobian product
    /// with a random cotangent) is itself checked with <see cref="GradCheck"/>, like <c>torch.autograd.gradgradcheck</c>.
    /// </summary>
    public static bool GradGradCheck(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NoNullElements(inputs);
        var shape = f(inputs).ShapeArray;
        var cotangent = Tensor.Randn(shape, DType.Float64, requiresGrad: true, generator: new Generator(12345));
        var diff = Enumerable.Range(0, inputs.Length).Where(i => inputs[i].RequiresGrad).ToArray();
        Tensor Vjp(Tensor[] xs)
        {
            var grads = Grad([f(xs[..^1])], [.. diff.Select(i => xs[i])], [xs[^1]], createGraph: true, allowUnused: true);
            var flat = diff.Select((i, k) => (grads[k] ?? Tensor.ZerosLike(xs[i])).Reshape(-1)).ToArray();
            return Tensor.Cat(flat);
        }
        return GradCheck(Vjp, [.. inputs, cotangent], eps, atol, rtol);
    }

    // J[k, j] = (f(x + eps·e_k)[j] - f(x - eps·e_k)[j]) / 2eps, on private copies of the inputs
    // (which keep RequiresGrad: f may itself differentiate, as in GradGradCheck).
    private static double[,] NumericalJacobian(Func<Tensor[], Tensor> f, Tensor[] inputs, int i, double eps, int outCount)
    {
        var copies = inputs.Select(x => x.Detach().Clone().RequiresGradInPlace(x.RequiresGrad)).ToArray();
        var data = copies[i].Data<double>();
        var jacobian = new double[copies[i].Count, outCount];
        for (int k = 0; k < copies[i].Count; k++)
        {
            double original = data[k];
            data[k] = original + eps;
            var plus = f(copies).ToArray<double>();
            data[k] = original - eps;
            var minus = f(copies).ToArray<double>();
            data[k] = original;
            for (int j = 0; j < outCount; j++) jacobian[k, j] = (plus[j] - minus[j]) / (2 * eps);
        }
        return jacobian;
    }

    // Row j of the Jacobian is the gradient of output element j: one backward per output element.
    private static double[,] AnalyticalJacobian(Tensor output, Tensor input, int outCount)
    {
        var jacobian = new double[input.Count, outCount];
        if (!output.RequiresGrad) return jacobian;
        for (int j = 0; j < outCount; j++)
        {
            var oneHot = Tensor.Zeros(output.ShapeArray, output.DType);
            oneHot.Reshape(-1).Narrow(0, j, 1).FillInPlace(1);   // any output dtype
            var g = Grad([output], [input], [oneHot], retainGraph: true, allowUnused: true)[0];
            if (g is null) continue;
            var values = g.ToArray<double>();
            for (int k = 0; k < values.Length; k++) jacobian[k, j] = values[k];
        }
        return jacobian;
    }
}
