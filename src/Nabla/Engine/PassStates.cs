namespace Nabla;

/// <summary>
/// What the pass knows of one node it must run: edges still to deliver, gradients so far, and which
/// of those the pass owns, as a bit per slot (see <see cref="GradientOwnership"/>; slots past 31 are never owned).
/// </summary>
internal sealed class NodeState
{
    public int Deps;
    public Tensor?[]? Buffer;
    public uint Owned;
    public StateMap? Map;   // the map whose node field holds this state
}

/// <summary>
/// Node → State for one pass. Normally each State sits in its node's <see cref="Node.PassState"/>,
/// claimed for the pass (no hashing: a Backward through 100 scalar ops spent a fifth of its time in
/// dictionary lookups). When a node is already claimed (another thread's pass over a shared graph, or a
/// pass started from inside a hook), the pass counts again with a dictionary of its own.
/// </summary>
internal sealed class StateMap
{
    private Dictionary<Node, NodeState>? _map;
    private readonly List<Node> _claimed = [];

    public bool UsesNodes => _map is null;

    public static StateMap WithDictionary(int capacity) => new() { _map = new Dictionary<Node, NodeState>(capacity) };

    public bool TryGetValue(Node node, out NodeState state)
    {
        if (_map is not null) return _map.TryGetValue(node, out state!);
        state = (Volatile.Read(ref node.PassState) as NodeState)!;
        return state is not null && ReferenceEquals(state.Map, this);
    }

    public NodeState this[Node node] => TryGetValue(node, out var state) ? state : throw new KeyNotFoundException();

    /// <summary>Adds a state; false when the node belongs to another pass (then nothing was added).</summary>
    public bool TryAdd(Node node, NodeState state)
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
