namespace Nabla;

/// <summary>
/// One backward pass over a graph: counts dependencies, runs each node once all gradients for
/// it have arrived (later-created nodes first, as PyTorch), and keeps what it would change (leaf
/// gradients, freed buffers) pending until <see cref="Commit"/>.
/// </summary>
internal sealed class GraphTask(bool createGraph, Dictionary<(Node, int), List<int>>? targets, int inputCount = 0)
{
    /// <summary>For <c>Autograd.Grad</c>: the gradient reaching each requested input.</summary>
    public Tensor?[]? Captured { get; } = targets is null ? null : new Tensor?[inputCount];

    private readonly List<(Tensor Tensor, Tensor Grad, bool Owned)> _pending = [];
    private readonly List<Node> _executed = [];
    private bool _keepGraph;

    /// <summary>
    /// What the pass knows of one node it must run: edges still to deliver, gradients so far, and which
    /// of those the pass owns, as a bit per slot (see <see cref="OwnedOutputs"/>; slots past 31 are never owned).
    /// </summary>
    private sealed class State
    {
        public int Deps;
        public Tensor?[]? Buffer;
        public uint Owned;
        public StateMap? Map;   // the pass whose node field holds this state
    }

    /// <summary>
    /// Node → State for one pass. Normally each State sits in its node's <see cref="Node.PassState"/>,
    /// claimed for the pass (no hashing: a Backward through 100 scalar ops spent a fifth of its time in
    /// dictionary lookups). When a node is already claimed (another thread's pass over a shared graph, or a
    /// pass started from inside a hook), the pass counts again with a dictionary of its own.
    /// </summary>
    private sealed class StateMap
    {
        private Dictionary<Node, State>? _map;
        private readonly List<Node> _claimed = [];

        public bool UsesNodes => _map is null;

        public static StateMap WithDictionary(int capacity) => new() { _map = new Dictionary<Node, State>(capacity) };

        public bool TryGetValue(Node node, out State state)
        {
            if (_map is not null) return _map.TryGetValue(node, out state!);
            state = (Volatile.Read(ref node.PassState) as State)!;
            return state is not null && ReferenceEquals(state.Map, this);
        }

        public State this[Node node] => TryGetValue(node, out var state) ? state : throw new KeyNotFoundException();

        /// <summary>Adds a state; false when the node belongs to another pass (then nothing was added).</summary>
        public bool TryAdd(Node node, State state)
        {
            if (_map is not null)
            {
                _map.Add(node, state);
                return true;
            }
            state.Map = this;
            if (Interlocked.CompareExchange(ref node.PassState, state, null) is not null) return false;
            _claimed.Add(node);
            return true;
        }

        /// <summary>Gives every claimed node back.</summary>
        public void Release()
        {
            foreach (var node in _claimed) Volatile.Write(ref node.PassState, null);
            _claimed.Clear();
        }
    }

    public void Run(List<(Node Node, int Nr, Tensor Grad)> roots, bool keepGraph)
    {
        _keepGraph = keepGraph;
        // One state per node to run holds all the pass tracks of it: one lookup per edge, not four.
        var states = Analyse(roots);
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
            var inputGrads = anomaly ? AnomalyMode.Apply(node, grads) : node.Apply(grads);
            uint outputsOwned = 0;
            if (node.PostHooks is { IsEmpty: false } post)
                foreach (var hook in post.Snapshot()) inputGrads = hook(inputGrads, grads) ?? inputGrads;
            else outputsOwned = OwnedOutputs(node, grads, owned, inputGrads, before);
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

    /// <summary>
    /// Which input gradients a built-in rule returned that nothing but this pass can reach: each one's
    /// storage is either new (made during the rule) or that of an owned incoming gradient (a view the rule
    /// passed on), and no other output shares it. A leaf may then keep such a gradient as its .Grad
    /// instead of copying it, as PyTorch's AccumulateGrad steals a gradient nobody else holds. Custom
    /// functions (user code), rules whose saved tensors went through pack hooks, and the recorded passes
    /// of createGraph own nothing.
    /// </summary>
    private uint OwnedOutputs(Node node, Tensor?[] grads, uint owned, Tensor?[] outputs, long before)
    {
        if (createGraph || node is not OpNode { PackedSaves: false }) return 0;
        uint result = 0;
        for (int i = 0; i < outputs.Length && i < 32; i++)
        {
            if (outputs[i] is not { } g) continue;
            var storage = g.Storage;
            bool mine = storage.Id > before;
            for (int k = 0; !mine && owned != 0 && k < grads.Length && k < 32; k++)
                mine = (owned >> k & 1) != 0 && grads[k] is { } incoming && ReferenceEquals(incoming.Storage, storage);
            for (int j = 0; mine && j < outputs.Length; j++)
                if (j != i && outputs[j] is { } other && ReferenceEquals(other.Storage, storage)) mine = false;
            if (mine) result |= 1u << i;
        }
        return result;
    }

    /// <summary>Tensor hooks (per output) first, then the node's pre-hooks, as PyTorch orders them.</summary>
    private static Tensor?[] RunPreHooks(Node node, Tensor?[] grads)
    {
        if (node.TensorHooks is { IsEmpty: false } tensorHooks)
            foreach (var (nr, hook) in tensorHooks.Snapshot())
                if (grads[nr] is { } g) grads[nr] = hook(g) ?? g;
        if (node.PreHooks is { IsEmpty: false } preHooks)
            foreach (var hook in preHooks.Snapshot()) grads = hook(grads) ?? grads;
        return grads;
    }

    /// <summary>Applies the pending gradients and frees the graph's buffers: the pass succeeded.</summary>
    public void Commit()
    {
        foreach (var (tensor, grad, owned) in _pending) tensor.AccumulateGrad(grad, createGraph, owned);
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

    private void AddTo(State state, Node node, int nr, Tensor grad, bool owned)
    {
        var slots = state.Buffer ??= new Tensor?[node.OutputCount];
        if (slots[nr] is { } existing)
        {
            slots[nr] = existing + grad;
            owned = !createGraph;   // a new sum nothing else holds
        }
        else slots[nr] = grad;
        if (nr >= 32) return;
        if (owned) state.Owned |= 1u << nr;
        else state.Owned &= ~(1u << nr);
    }

    /// <summary>
    /// Finds the nodes the pass must run (all reachable ones for Backward; for Grad only those
    /// from which a requested input is reachable) and how many edges lead into each of them.
    /// </summary>
    private StateMap Analyse(List<(Node Node, int Nr, Tensor Grad)> roots)
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
        foreach (var node in needed) states.TryAdd(node, new State());
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
            if (!states.TryAdd(root.Node, new State())) return false;
            stack.Push(root.Node);
        }
        while (stack.TryPop(out var node))
            foreach (var (child, _) in node.Edges)
            {
                if (child is null) continue;
                if (!states.TryGetValue(child, out var state))
                {
                    if (!states.TryAdd(child, state = new State())) return false;
                    stack.Push(child);
                }
                state.Deps++;
            }
        return true;
    }
}
