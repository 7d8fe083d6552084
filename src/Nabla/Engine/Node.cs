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

    /// <summary>The bookkeeping of the backward pass running through this node now, if any (see GraphTask).</summary>
    internal object? PassState;

    /// <summary>Creation order; the engine runs later nodes first, as PyTorch does (and leaf accumulators first of all).</summary>
    internal readonly long Sequence;

    // What few nodes have (hooks, retained outputs, an anomaly-mode trace), apart: one field instead of
    // five on every node, the commonest object of a graph.
    private sealed class Extras
    {
        public string? ForwardTrace;
        public HookList<TensorHook>? TensorHooks;
        public HookList<Func<Tensor?[], Tensor?[]?>>? PreHooks;
        public HookList<Func<Tensor?[], Tensor?[], Tensor?[]?>>? PostHooks;
        public List<Tensor>? Retained;
    }

    private Extras? _extras;

    private Extras More => _extras ??= new Extras();

    /// <param name="edges">Where each input's gradient goes.</param>
    /// <param name="runsWhenReady">
    /// Run as soon as its gradient is complete, before any other ready node, as PyTorch gives
    /// AccumulateGrad the highest sequence number: a leaf's gradient hooks then fire during the pass,
    /// not after all of it (DistributedDataParallel starts reducing a layer's gradients while
    /// backward goes on with the layers below).
    /// </param>
    private protected Node((Node? Node, int InputNr)[] edges, bool runsWhenReady = false)
    {
        Edges = edges;
        Sequence = runsWhenReady ? long.MaxValue : Interlocked.Increment(ref s_sequence);
        if (AnomalyMode.CaptureTrace() is { } trace) More.ForwardTrace = trace;
    }

    /// <summary>Where the forward call that created this node came from (recorded only under <see cref="Autograd.DetectAnomaly"/>).</summary>
    internal string? ForwardTrace => _extras?.ForwardTrace;

    internal HookList<TensorHook>? TensorHooks { get => _extras?.TensorHooks; set => More.TensorHooks = value; }

    internal HookList<Func<Tensor?[], Tensor?[]?>>? PreHooks { get => _extras?.PreHooks; set => More.PreHooks = value; }

    internal HookList<Func<Tensor?[], Tensor?[], Tensor?[]?>>? PostHooks { get => _extras?.PostHooks; set => More.PostHooks = value; }

    /// <summary>
    /// Registers a hook run after this node computed its input gradients, like <c>Node.register_hook</c>:
    /// it receives (gradInputs, gradOutputs) and may return replacement gradInputs (or null to keep them).
    /// </summary>
    /// <returns>A handle whose Dispose removes the hook.</returns>
    public IDisposable RegisterHook(Func<Tensor?[], Tensor?[], Tensor?[]?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return (PostHooks ??= new()).Add(hook);
    }

    /// <summary>
    /// Registers a hook run before this node, like <c>Node.register_prehook</c>: it receives the
    /// gradients of the node's outputs and may return replacements (or null to keep them).
    /// </summary>
    /// <returns>A handle whose Dispose removes the hook.</returns>
    public IDisposable RegisterPrehook(Func<Tensor?[], Tensor?[]?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return (PreHooks ??= new()).Add(hook);
    }

    /// <summary>PyTorch's name for this node: <c>AddBackward0</c>, <c>AccumulateGrad</c>...</summary>
    public abstract string Name { get; }

    /// <summary>The nodes that receive this node's input gradients (<c>grad_fn.next_functions</c>).</summary>
    public IReadOnlyList<(Node? Node, int InputNr)> NextFunctions => Edges;

    /// <summary>Non-leaf outputs of this node that asked for <see cref="Tensor.RetainGrad"/>.</summary>
    internal List<Tensor>? Retained { get => _extras?.Retained; set => More.Retained = value; }

    /// <summary>How many outputs (gradients in) this node has.</summary>
    internal virtual int OutputCount => 1;

    /// <summary>Computes one gradient per input (null where none) from one gradient per output.</summary>
    internal abstract Tensor?[] Apply(Tensor?[] gradOutputs);

    /// <summary>
    /// Whether <see cref="Apply"/> is library code that returns only new tensors or views of the
    /// gradients it was given (never a tensor a user holds), so the pass may own what it returns and a
    /// leaf may adopt it without a copy (see GradientOwnership). Custom functions run user code: false.
    /// </summary>
    internal virtual bool HasTrustedRule => false;

    /// <summary>Frees what the node saved for backward (after a backward without retainGraph).</summary>
    internal virtual void Release() { }

    /// <summary>Prints <c>&lt;Name&gt;</c> as PyTorch does.</summary>
    public override string ToString() => $"<{Name}>";
}
