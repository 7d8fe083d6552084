namespace Nabla;

/// <summary>
/// The first phase of a backward pass: which nodes must run and how many edges lead into each, so
/// that the run loop can start a node once all its gradients have arrived.
/// </summary>
internal static class DependencyAnalysis
{
    /// <summary>
    /// Finds the nodes the pass must run (all reachable ones for Backward; for Grad only those
    /// from which a requested input is reachable) and how many edges lead into each of them.
    /// </summary>
    public static StateMap Analyse(List<(Node Node, int Nr, Tensor Grad)> roots, Dictionary<(Node, int), List<int>>? targets)
    {
        if (targets is null)
        {
            var onNodes = new StateMap();
            if (CountDependencies(roots, onNodes)) return onNodes;
            onNodes.Release();
            var own = StateMap.WithDictionary(0);
            CountDependencies(roots, own);
            return own;
        }

        var postOrder = new List<Node>();
        var visited = new HashSet<Node>();
        var stack = new Stack<(Node Node, int Next)>();
        foreach (var root in roots)
            if (visited.Add(root.Node)) stack.Push((root.Node, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.Edges.Length)
            {
                stack.Push((node, next + 1));
                if (node.Edges[next].Node is { } child && visited.Add(child)) stack.Push((child, 0));
            }
            else postOrder.Add(node);
        }

        var targetNodes = targets?.Keys.Select(k => k.Item1).ToHashSet();
        var needed = new HashSet<Node>();
        foreach (var node in postOrder)   // children come before their parents
            if (targetNodes is null || targetNodes.Contains(node) || node.Edges.Any(e => e.Node is { } c && needed.Contains(c)))
                needed.Add(node);

        var states = StateMap.WithDictionary(needed.Count);
        foreach (var node in needed) states.TryAdd(node, new NodeState());
        foreach (var node in needed)
            foreach (var (child, _) in node.Edges)
                if (child is not null && states.TryGetValue(child, out var state)) state.Deps++;
        return states;
    }

    /// <summary>
    /// For Backward every reachable node runs: one walk counts the edges into each. False when a node
    /// could not be claimed (the map then holds a partial count, to be released).
    /// </summary>
    private static bool CountDependencies(List<(Node Node, int Nr, Tensor Grad)> roots, StateMap states)
    {
        var stack = new Stack<Node>();
        foreach (var root in roots)
        {
            if (states.TryGetValue(root.Node, out _)) continue;
            if (!states.TryAdd(root.Node, new NodeState())) return false;
            stack.Push(root.Node);
        }
        while (stack.TryPop(out var node))
            foreach (var (child, _) in node.Edges)
            {
                if (child is null) continue;
                if (!states.TryGetValue(child, out var state))
                {
                    if (!states.TryAdd(child, state = new NodeState())) return false;
                    stack.Push(child);
                }
                state.Deps++;
            }
        return true;
    }
}
