namespace Nabla;

/// <summary>
/// The op layer's side of the engine's seam (<see cref="IGradientArithmetic"/>), and the conforming of
/// a rule's gradient to its input, shared by built-in and custom nodes.
/// </summary>
internal static class Gradients
{
    /// <summary>
    /// Brings a computed gradient to its input's dtype and shape, summing over broadcast dims
    /// (PyTorch's validate_outputs), so a formula may return the gradient at the output's shape.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the gradient's shape does not broadcast to the input's.</exception>
    public static Tensor Conform(string node, Tensor g, int i, int[] shape, DType dtype)
    {
        if (g.DType != dtype) g = g.To(dtype);
        if (ShapeMath.SameShape(g.ShapeArray, shape)) return g;
        if (shape.Length <= g.Dim && IsBroadcastOf(shape, g.ShapeArray)) return g.SumTo(shape);
        throw new InvalidOperationException(
            $"Function {node} returned an invalid gradient at index {i} - got {ShapeMath.Format(g.ShapeArray)} but expected shape compatible with {ShapeMath.Format(shape)}");
    }

    // True when `shape` broadcasts to exactly `target`.
    private static bool IsBroadcastOf(int[] shape, int[] target)
    {
        int lead = target.Length - shape.Length;
        for (int d = 0; d < shape.Length; d++)
            if (shape[d] != 1 && shape[d] != target[lead + d]) return false;
        return true;
    }
}

/// <summary>The engine's gradient arithmetic, done with ops (so that createGraph records it).</summary>
internal sealed class GradientArithmetic : IGradientArithmetic
{
    public static readonly GradientArithmetic Instance = new();

    private GradientArithmetic() { }

    public Tensor Sum(Tensor a, Tensor b) => a + b;

    public Tensor Convert(Tensor grad, DType dtype) => grad.To(dtype);

    public void Accumulate(Tensor variable, Tensor grad, bool createGraph, bool owned) => variable.AccumulateGrad(grad, createGraph, owned);

    public bool ContainsNaN(Tensor grad) => grad.DType.IsFloatingPoint() && grad.Ne(grad).Sum().Item<long>() > 0;
}
