namespace Nabla;

/// <summary>The node of a custom <see cref="Function"/>: calls its Backward and conforms the results.</summary>
internal sealed class FunctionNode : Node
{
    private readonly Function _function;
    private readonly FunctionContext _ctx;
    private readonly (int[] Shape, DType DType)[] _outputs;
    private readonly int[][] _inputShapes;
    private readonly DType[] _inputDTypes;

    public FunctionNode(Function function, FunctionContext ctx, (Node?, int)[] edges, Tensor[] outputs) : base(edges)
    {
        _function = function;
        _ctx = ctx;
        Name = function.GetType().Name + "Backward";
        _outputs = outputs.Select(o => (o.ShapeArray, o.DType)).ToArray();
        _inputShapes = new int[edges.Length][];
        _inputDTypes = new DType[edges.Length];
    }

    public override string Name { get; }

    internal override int OutputCount => _outputs.Length;

    internal void SetInputMetadata(Tensor[] inputs)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            _inputShapes[i] = inputs[i].ShapeArray;
            _inputDTypes[i] = inputs[i].DType;
        }
    }

    internal override Tensor?[] Apply(Tensor?[] gradOutputs)
    {
        var grads = new Tensor[gradOutputs.Length];
        for (int i = 0; i < grads.Length; i++)
            grads[i] = gradOutputs[i] ?? (_ctx.MaterializeGrads ? Tensor.Zeros(_outputs[i].Shape, _outputs[i].DType) : null!);
        var result = _function.RunBackward(_ctx, grads);
        // Extra gradients are allowed when they are all null (PyTorch drops them): a Backward may
        // return one per argument of its Forward, not only per tensor input.
        if (result.Length > Edges.Length && result.AsSpan(Edges.Length).ToArray().All(g => g is null)) result = result[..Edges.Length];
        if (result.Length != Edges.Length)
            throw new InvalidOperationException($"function {Name} returned an incorrect number of gradients (expected {Edges.Length}, got {result.Length})");
        for (int i = 0; i < result.Length; i++)
        {
            if (Edges[i].Node is null || result[i] is not { } g) { result[i] = null; continue; }
            result[i] = Gradients.Conform(Name, g, i, _inputShapes[i], _inputDTypes[i]);
        }
        return result;
    }

    internal override void Release() => _ctx.Release();
}
