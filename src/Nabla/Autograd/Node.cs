namespace Nabla;

/// <summary>
/// A node of the backward graph, like PyTorch's <c>torch.autograd.graph.Node</c> (what
/// <c>grad_fn</c> returns): it maps the gradients of its outputs to gradients of its inputs.
/// </summary>
public abstract class Node
{
    private static long s_sequence;

    /// <summary>Where each input's gradient goes: the input's own node and which of its outputs the input was.</summary>
    internal readonly (Node? Node, int InputNr)[] Edges;

    /// <summary>Creation order; the engine runs later nodes first, as PyTorch does.</summary>
    internal readonly long Sequence = Interlocked.Increment(ref s_sequence);

    private protected Node((Node? Node, int InputNr)[] edges) => Edges = edges;

    /// <summary>PyTorch's name for this node: <c>AddBackward0</c>, <c>AccumulateGrad</c>...</summary>
    public abstract string Name { get; }

    /// <summary>The nodes that receive this node's input gradients (<c>grad_fn.next_functions</c>).</summary>
    public IReadOnlyList<(Node? Node, int InputNr)> NextFunctions => Edges;

    /// <summary>Non-leaf outputs of this node that asked for <see cref="Tensor.RetainGrad"/>.</summary>
    internal List<Tensor>? Retained;

    /// <summary>How many outputs (gradients in) this node has.</summary>
    internal virtual int OutputCount => 1;

    /// <summary>Computes one gradient per input (null where none) from one gradient per output.</summary>
    internal abstract Tensor?[] Apply(Tensor?[] gradOutputs);

    /// <summary>Frees what the node saved for backward (after a backward without retainGraph).</summary>
    internal virtual void Release() { }

    /// <summary>Prints <c>&lt;Name&gt;</c> as PyTorch does.</summary>
    public override string ToString() => $"<{Name}>";
}
