namespace Nabla;

/// <summary>
/// The backward engine: iterative (no recursion, so graphs of any depth), dependency-counted,
/// and transactional: gradients reach <see cref="Tensor.Grad"/> and saved tensors are freed only
/// once every node has run without error. It knows only <see cref="Node"/>, never the ops: the
/// arithmetic it needs between nodes comes through <see cref="IGradientArithmetic"/>.
/// </summary>
internal static class Engine
{
    /// <summary><c>torch.autograd.backward</c>: accumulates into leaves (and retained non-leaves).</summary>
    public static void Backward(IReadOnlyList<Tensor> roots, IReadOnlyList<Tensor?> grads, bool keepGraph, bool createGraph,
        IGradientArithmetic arithmetic)
    {
        var task = new GraphTask(arithmetic, createGraph, targets: null);
        task.Run(Roots(roots, grads, arithmetic), keepGraph);
        task.Commit();
    }

    /// <summary><c>torch.autograd.grad</c>: returns the gradients of the inputs; touches no <c>.Grad</c>.</summary>
    public static Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? gradOutputs,
        bool keepGraph, bool createGraph, bool allowUnused, IGradientArithmetic arithmetic)
    {
        var targets = new Dictionary<(Node, int), List<int>>();
        for (int i = 0; i < inputs.Count; i++)
        {
            if (!inputs[i].RequiresGrad)
                throw new InvalidOperationException($"One of the differentiated Tensors does not require grad (input {i}).");
            var (node, nr) = inputs[i].GradientEdge();
            if (!targets.TryGetValue((node!, nr), out var list)) targets[(node!, nr)] = list = [];
            list.Add(i);
        }
        var task = new GraphTask(arithmetic, createGraph, targets, inputs.Count);
        task.Run(Roots(outputs, gradOutputs ?? new Tensor?[outputs.Count], arithmetic), keepGraph);
        task.ReleaseBuffers();
        var result = task.Captured!;
        for (int i = 0; i < result.Length; i++)
            if (result[i] is null && !allowUnused)
                throw new InvalidOperationException(
                    $"One of the differentiated Tensors (input {i}) appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.");
        return result;
    }

    private static List<(Node Node, int Nr, Tensor Grad)> Roots(IReadOnlyList<Tensor> roots, IReadOnlyList<Tensor?> grads, IGradientArithmetic arithmetic)
    {
        if (grads.Count != roots.Count)
            throw new ArgumentException($"got {grads.Count} gradients for {roots.Count} outputs");
        var result = new List<(Node, int, Tensor)>(roots.Count);
        for (int i = 0; i < roots.Count; i++)
        {
            var root = roots[i];
            if (!root.RequiresGrad)
                throw new InvalidOperationException($"element {i} of tensors does not require grad and does not have a grad_fn");
            var grad = grads[i] ?? ImplicitGrad(root);
            if (!ShapeMath.SameShape(grad.ShapeArray, root.ShapeArray))
                throw new ArgumentException(
                    $"Mismatch in shape: grad_output[{i}] has a shape of {ShapeMath.Format(grad.ShapeArray)} and output[{i}] has a shape of {ShapeMath.Format(root.ShapeArray)}.");
            if (grad.DType != root.DType) grad = arithmetic.Convert(grad, root.DType);
            var (node, nr) = root.GradientEdge();
            result.Add((node!, nr, grad));
        }
        return result;
    }

    private static Tensor ImplicitGrad(Tensor root)
    {
        if (root.Count != 1)
            throw new InvalidOperationException(
                $"grad can be implicitly created only for scalar outputs (this output has shape {ShapeMath.Format(root.ShapeArray)}); " +
                "pass gradient: a tensor of the output's shape, or reduce the output first (e.g. .Sum()).");
        return Tensor.OnesLike(root);
    }
}
