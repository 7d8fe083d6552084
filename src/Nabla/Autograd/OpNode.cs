namespace Nabla;

/// <summary>
/// A derivative rule: the gradients of an op's inputs (null where not needed) from the gradient
/// of its output, written in tensor operations so that it can itself be differentiated.
/// </summary>
internal delegate Tensor?[] BackwardRule(OpNode node, Tensor grad);

/// <summary>
/// The node of a built-in op: its PyTorch name, its rule, what it saved for backward and the
/// shapes and dtypes of its inputs (to reduce broadcast gradients and check them).
/// </summary>
internal sealed class OpNode : Node
{
    private readonly string _name;
    private readonly BackwardRule _rule;
    private readonly SavedTensor[] _saved;
    private readonly (int[] Shape, DType DType)[] _inputs;   // one array for both: one allocation fewer per op

    public OpNode(string name, BackwardRule rule, ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> saved)
        : this(name, rule, inputs, saved, EdgesOf(inputs)) { }

    /// <summary>A node with explicit edges (forward-mode AD evaluates rules on a detached node).</summary>
    public OpNode(string name, BackwardRule rule, ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> saved, (Node?, int)[] edges)
        : base(edges)
    {
        _name = name;
        _rule = rule;
        _saved = saved.Length == 0 ? [] : new SavedTensor[saved.Length];
        for (int i = 0; i < saved.Length; i++) _saved[i] = saved[i] is null ? default : new SavedTensor(saved[i]);   // null: not needed
        _inputs = new (int[], DType)[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) _inputs[i] = (inputs[i].ShapeArray, inputs[i].DType);
    }

    private static (Node?, int)[] EdgesOf(ReadOnlySpan<Tensor> inputs)
    {
        var edges = new (Node?, int)[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) edges[i] = inputs[i].GradientEdge();
        return edges;
    }

    public override string Name => _name;

    /// <summary>Whether a saved-tensors hooks scope packed what this node saved (its rule then sees the hooks' tensors).</summary>
    public bool PackedSaves
    {
        get
        {
            foreach (var saved in _saved) if (saved.IsPacked) return true;
            return false;
        }
    }

    /// <summary>Saved tensor <paramref name="i"/>, checked against in-place changes and freeing.</summary>
    public Tensor Saved(int i) => _saved[i].Unpack(this);

    /// <summary>Whether input <paramref name="i"/> needs a gradient (PyTorch's <c>needs_input_grad</c>).</summary>
    public bool Needs(int i) => Edges[i].Node is not null;

    public int[] InputShape(int i) => _inputs[i].Shape;

    public DType InputDType(int i) => _inputs[i].DType;

    internal override Tensor?[] Apply(Tensor?[] gradOutputs)
    {
        if (gradOutputs[0] is not { } grad) return new Tensor?[Edges.Length];
        var grads = _rule(this, grad);
        for (int i = 0; i < grads.Length; i++)
            if (grads[i] is { } g && Needs(i)) grads[i] = Conform(g, i, _inputs[i].Shape, _inputs[i].DType);
            else grads[i] = null;
        return grads;
    }

    internal override void Release()
    {
        for (int i = 0; i < _saved.Length; i++) _saved[i].Release();
    }
}
