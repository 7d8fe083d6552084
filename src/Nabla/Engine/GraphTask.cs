namespace Nabla;

/// <summary>
/// One backward pass over a graph: after <see cref="DependencyAnalysis"/>, runs each node once all
/// gradients for it have arrived (later-created nodes first, as PyTorch), tracks which gradients it
/// owns (<see cref="GradientOwnership"/>), and keeps what it would change (leaf gradients, freed
/// buffers) pending until <see cref="Commit"/>.
/// </summary>
internal sealed class GraphTask(IGradientArithmetic arithmetic, bool createGraph, Dictionary<(Node, int), List<int>>? targets, int inputCount = 0)
{
    /// <summary>For <c>Autograd.Grad</c>: the gradient reaching each requested input.</summary>
    public Tensor?[]? Captured { get; } = targets is null ? null : new Tensor?[inputCount];

    private readonly List<(Tensor Tensor, Tensor Grad, bool Owned)> _pending = [];
    private readonly List<Node> _executed = [];
    private bool _keepGraph;

    public void Run(List<(Node Node, int Nr, Tensor Grad)> roots, bool keepGraph)
    {
        _keepGraph = keepGraph;
        // One state per node to run holds all the pass tracks of it: one lookup per edge, not four.
        var states = DependencyAnalysis.Analyse(roots, targets);
        try
        {
            Run(roots, states);
        }
        finally
        {
            states.Release();
        }
    }

    private void Run(List<(Node Node, int Nr, Tensor Grad)> roots, StateMap states)
    {
        var started = new List<Node>();
        foreach (var (node, nr, grad) in roots)
            if (states.TryGetValue(node, out var state))
            {
                if (state.Buffer is null) started.Add(node);
                AddTo(state, node, nr, grad, owned: false);   // the caller's tensor
            }
        var ready = new PriorityQueue<Node, long>();
        foreach (var node in started)
            if (states[node].Deps == 0) ready.Enqueue(node, -node.Sequence);

        bool anomaly = AnomalyMode.IsEnabled;
        using var mode = GradMode.Set(createGraph);
        while (ready.TryDequeue(out var node, out _))
        {
            var state = states[node];
            var grads = state.Buffer;
            uint owned = state.Owned;
            state.Buffer = null;
            state.Owned = 0;
            if (node.TensorHooks is { IsEmpty: false } || node.PreHooks is { IsEmpty: false }) owned = 0;   // a hook may keep them
            grads = RunPreHooks(node, grads ?? new Tensor?[node.OutputCount]);
            Capture(node, grads, ref owned);
            if (node is AccumulateGrad acc)
            {
                if (targets is null && grads[0] is { } g) _pending.Add((acc.Variable, g, (owned & 1) != 0));
                continue;
            }
            long before = Storage.LastId;
            var inputGrads = anomaly ? AnomalyMode.Apply(node, grads, arithmetic) : node.Apply(grads);
            uint outputsOwned = 0;
            if (node.PostHooks is { IsEmpty: false } post)
                foreach (var hook in post.Snapshot()) inputGrads = hook(inputGrads, grads) ?? inputGrads;
            else outputsOwned = GradientOwnership.OwnedOutputs(node, grads, owned, inputGrads, before, createGraph);
            _executed.Add(node);
            for (int i = 0; i < node.Edges.Length; i++)
            {
                var (child, nr) = node.Edges[i];
                if (child is null || !states.TryGetValue(child, out var target)) continue;
                if (i < inputGrads.Length && inputGrads[i] is { } g) AddTo(target, child, nr, g, i < 32 && (outputsOwned >> i & 1) != 0);
                if (--target.Deps == 0) ready.Enqueue(child, -child.Sequence);
            }
        }
    }

    /// <summary>Tensor hooks (per output) first, then the node's pre-hooks, as PyTorch orders them.</summary>
    private static Tensor?[] RunPreHooks(Node node, Tensor?[] grads)
    {
        if (node.TensorHooks is { IsEmpty: false } tensorHooks)
            foreach (var (nr, hook) in tensorHooks.Snapshot())
                if (grads[nr] is { } g) grads[nr] = CheckHookResult(hook(g), g, node, nr, hook) ?? g;
        if (node.PreHooks is { IsEmpty: false } preHooks)
            foreach (var hook in preHooks.Snapshot()) grads = hook(grads) ?? grads;
        return grads;
    }

    // A tensor hook may replace a gradient, not change its shape or dtype (PyTorch's check_single_result):
    // the error names the hook, the culprit, rather than whichever node would trip over the result.
    private static Tensor? CheckHookResult(Tensor? result, Tensor original, Node node, int nr, Func<Tensor, Tensor?> hook)
    {
        if (result is null) return null;
        string name = hook.Method.Name.StartsWith('<') ? "<lambda>" : hook.Method.Name;
        string where = node is AccumulateGrad ? "registered on a leaf" : $"registered on output {nr} of {node.Name}";
        if (result.DType != original.DType)
            throw new InvalidOperationException($"hook '{name}' ({where}) has changed the type of value (was {original.DType.Name()} got {result.DType.Name()})");
        if (!ShapeMath.SameShape(result.ShapeArray, original.ShapeArray))
            throw new InvalidOperationException($"hook '{name}' ({where}) has changed the size of value (was {ShapeMath.Format(original.ShapeArray)} got {ShapeMath.Format(result.ShapeArray)})");
        return result;
    }

    /// <summary>Applies the pending gradients and frees the graph's buffers: the pass succeeded.</summary>
    public void Commit()
    {
        foreach (var (tensor, grad, owned) in _pending) arithmetic.Accumulate(tensor, grad, createGraph, owned);
        foreach (var (tensor, _, _) in _pending) tensor.RunPostAccumulateGradHooks();
        if (!_keepGraph) ReleaseBuffers();
    }

    /// <summary>For Autograd.Grad, which commits nothing but still frees the graph.</summary>
    public void ReleaseBuffers()
    {
        if (_keepGraph) return;
        foreach (var node in _executed) node.Release();
    }

    private void Capture(Node node, Tensor?[] grads, ref uint owned)
    {
        for (int nr = 0; nr < grads.Length; nr++)
        {
            if (targets is not null && targets.TryGetValue((node, nr), out var indices))
                foreach (int i in indices) Captured![i] = grads[nr];
        }
        if (targets is null && node.Retained is { } retained)
            foreach (var t in retained)
                if (t.RetainsGrad && t.GradFn == node && grads[t.OutputNr] is { } g)
                {
                    _pending.Add((t, g, false));
                    if (t.OutputNr < 32) owned &= ~(1u << t.OutputNr);   // the retained .Grad may share it
                }
    }

    private void AddTo(NodeState state, Node node, int nr, Tensor grad, bool owned)
    {
        var slots = state.Buffer ??= new Tensor?[node.OutputCount];
        if (slots[nr] is { } existing)
        {
            slots[nr] = arithmetic.Sum(existing, grad);
            owned = !createGraph;   // a new sum nothing else holds
        }
        else slots[nr] = grad;
        if (nr >= 32) return;
        if (owned) state.Owned |= 1u << nr;
        else state.Owned &= ~(1u << nr);
    }

}
