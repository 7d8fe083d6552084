namespace Nabla;

/// <summary>
/// A custom differentiable operation, like <c>torch.autograd.Function</c>: derive from it, write
/// <see cref="Forward"/> and <see cref="Backward"/>, and call <see cref="Apply"/>. Each instance is
/// applied once (it holds that call's context). The node is named after the class with
/// <c>Backward</c> appended (<c>MyExpBackward</c>), as PyTorch names it.
/// </summary>
/// <example>
/// <code>
/// sealed class MyExp : Function
/// {
///     protected override Tensor[] Forward(FunctionContext ctx, Tensor[] inputs)
///     {
///         var result = inputs[0].Exp();
///         ctx.SaveForBackward(result);
///         return [result];
///     }
///     protected override Tensor?[] Backward(FunctionContext ctx, Tensor[] gradOutputs)
///         => [gradOutputs[0] * ctx.SavedTensors[0]];
/// }
/// Tensor y = new MyExp().Apply(x)[0];
/// </code>
/// </example>
public abstract class Function
{
    private FunctionContext? _context;

    /// <summary>Computes the outputs (run with recording off). Save what backward needs with <see cref="FunctionContext.SaveForBackward"/>.</summary>
    protected abstract Tensor[] Forward(FunctionContext ctx, Tensor[] inputs);

    /// <summary>
    /// Computes one gradient per input (null for none) from one gradient per output. Written in
    /// tensor operations, it can itself be differentiated (<c>createGraph: true</c>).
    /// </summary>
    protected abstract Tensor?[] Backward(FunctionContext ctx, Tensor[] gradOutputs);

    /// <summary>Runs the function on <paramref name="inputs"/> and records it in the graph when an input requires grad.</summary>
    /// <exception cref="InvalidOperationException">When the instance was already applied.</exception>
    public Tensor[] Apply(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (_context is not null)
            throw new InvalidOperationException($"{GetType().Name} was already applied; create a new instance for each call (it holds that call's saved tensors).");
        bool record = Tensor.ShouldRecord(inputs);
        var needs = inputs.Select(x => record && x.RequiresGrad).ToArray();
        var ctx = _context = new FunctionContext(needs);
        var edgeSources = inputs.Select(x => x.GradientEdge()).ToArray();   // before any in-place rebase
        Tensor[] outputs;
        using (GradMode.Set(false)) outputs = Forward(ctx, inputs);
        ArgumentNullException.ThrowIfNull(outputs, "Forward's result");
        if (!record)
        {
            ctx.Seal(null);
            return outputs;
        }
        var node = new FunctionNode(this, ctx, edgeSources, outputs);
        node.SetInputMetadata(inputs);
        ctx.Seal(node);
        return Connect(node, ctx, inputs, outputs);
    }

    // Gives each differentiable output its place in the graph (dirty inputs are rebased onto the node).
    private static Tensor[] Connect(FunctionNode node, FunctionContext ctx, Tensor[] inputs, Tensor[] outputs)
    {
        var result = new Tensor[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            var output = outputs[i];
            bool isInput = inputs.Any(x => ReferenceEquals(x, output));
            if (ctx.NonDifferentiable.Contains(output) || !output.DType.IsFloatingPoint())
            {
                result[i] = output;
                continue;
            }
            if (ctx.Dirty.Contains(output))
            {
                if (output.IsLeaf && output.RequiresGrad)
                    throw new InvalidOperationException("a leaf Variable that requires grad has been used in an in-place operation (marked dirty in a custom Function).");
                result[i] = output;
            }
            else result[i] = isInput || output.GradFn is not null ? output.Detach() : output;   // an input returned as is gets its own alias
            result[i].SetHistory(node, i);
        }
        return result;
    }

    internal Tensor?[] RunBackward(FunctionContext ctx, Tensor[] gradOutputs) => Backward(ctx, gradOutputs);
}
