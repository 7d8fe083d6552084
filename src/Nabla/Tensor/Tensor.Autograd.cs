namespace Nabla;

public partial class Tensor
{
    private Node? _gradFn;
    private int _outputNr;
    private bool _requiresGrad;
    private Tensor? _grad;
    private AccumulateGrad? _accumulator;

    /// <summary>The tensor whose storage this view was made from (null when not a view).</summary>
    internal Tensor? Base { get; private set; }

    /// <summary>Whether gradients flow to this tensor, like <c>x.requires_grad</c>. Settable on leaves only, as in PyTorch.</summary>
    /// <exception cref="InvalidOperationException">
    /// On a non-leaf (either value), on a non-floating tensor, or when turning it on for an inference tensor outside inference mode.
    /// </exception>
    public bool RequiresGrad
    {
        get => _requiresGrad || _gradFn is not null;
        set
        {
            if (_gradFn is not null) throw NotALeaf(value);
            SetLeafRequiresGrad(value);
        }
    }

    /// <summary>
    /// Sets <see cref="RequiresGrad"/> and returns this tensor, like <c>x.requires_grad_(True)</c>. On a
    /// non-leaf, which requires grad already, <c>true</c> changes nothing (as PyTorch's <c>requires_grad_</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">As for <see cref="RequiresGrad"/>, except turning it on for a non-leaf.</exception>
    public Tensor RequiresGradInPlace(bool requiresGrad = true)
    {
        if (_gradFn is not null)
        {
            if (!requiresGrad) throw NotALeaf(false);
            return this;
        }
        SetLeafRequiresGrad(requiresGrad);
        return this;
    }

    private void SetLeafRequiresGrad(bool value)
    {
        if (value && !DType.IsFloatingPoint())
            throw new InvalidOperationException($"only tensors of floating point dtype can require gradients (this tensor is {DType.Name()})");
        if (value && IsInference && !GradMode.IsInference)
            throw new InvalidOperationException("Setting RequiresGrad = true on an inference tensor outside InferenceMode is not allowed (it was created under Autograd.InferenceMode()). Clone() it inside InferenceMode to get a normal tensor.");
        _requiresGrad = value;
    }

    // PyTorch's message, with the Detach() hint when turning it off.
    private static InvalidOperationException NotALeaf(bool value) => new(value
        ? "you can only change RequiresGrad flags of leaf tensors (this one was computed by an op, and requires grad already)."
        : "you can only change RequiresGrad flags of leaf tensors. If you want to use a computed tensor in a subgraph that doesn't require differentiation use Detach().");

    /// <summary>
    /// Whether this tensor was created under <see cref="Autograd.InferenceMode"/> (or is a view of one),
    /// like <c>x.is_inference()</c>: it can be neither saved for backward nor updated in place outside the mode.
    /// </summary>
    public bool IsInference => Storage.IsInference;

    /// <summary>The accumulated gradient, like <c>x.grad</c>: set by <see cref="Backward"/> on leaves and on tensors that called <see cref="RetainGrad"/>.</summary>
    /// <exception cref="ArgumentException">When the assigned gradient's shape or dtype differs from the tensor's.</exception>
    public Tensor? Grad
    {
        get => _grad;
        set
        {
            if (value is not null && (!ShapeMath.SameShape(value.ShapeArray, ShapeArray) || value.DType != DType))
                throw new ArgumentException(
                    $"assigned grad has shape {ShapeMath.Format(value.ShapeArray)} and dtype {value.DType.Name()}, but the tensor has shape {ShapeMath.Format(ShapeArray)} and dtype {DType.Name()}");
            _grad = value;
        }
    }

    /// <summary>The node that created this tensor, like <c>x.grad_fn</c>; null for leaves.</summary>
    public Node? GradFn => _gradFn;

    /// <summary>Which output of <see cref="GradFn"/> this tensor is.</summary>
    internal int OutputNr => _outputNr;

    /// <summary>True when the tensor was not produced by a recorded operation, like <c>x.is_leaf</c>.</summary>
    public bool IsLeaf => _gradFn is null;

    /// <summary>The in-place version counter, shared by all views of the same storage, like <c>x._version</c>.</summary>
    public long Version => Storage.Version;

    internal bool RetainsGrad { get; private set; }

    /// <summary>Makes <see cref="Backward"/> fill <see cref="Grad"/> for this non-leaf tensor too, like <c>x.retain_grad()</c>.</summary>
    public void RetainGrad()
    {
        if (_gradFn is null)
        {
            if (!_requiresGrad) throw new InvalidOperationException("can't RetainGrad on a tensor that has RequiresGrad == false");
            return;   // leaves keep their gradient anyway
        }
        if (RetainsGrad) return;
        RetainsGrad = true;
        (_gradFn.Retained ??= []).Add(this);
    }

    /// <summary>A new tensor sharing this one's storage, cut from the graph, like <c>x.detach()</c>.</summary>
    public Tensor Detach() => new(Storage, ShapeArray, StrideArray, Offset);   // no history and no forward-mode tangents

    /// <summary>Cuts this tensor from the graph in place, like <c>x.detach_()</c>, and returns it.</summary>
    public Tensor DetachInPlace()
    {
        _gradFn = null;
        _outputNr = 0;
        _requiresGrad = false;
        RetainsGrad = false;
        return this;
    }

    /// <summary>Where a gradient for this tensor goes: its grad_fn, its AccumulateGrad node, or nowhere.</summary>
    internal (Node?, int) GradientEdge()
    {
        if (_gradFn is not null) return (_gradFn, _outputNr);
        if (_requiresGrad) return (_accumulator ?? MakeAccumulator(), 0);
        return (null, 0);
    }

    // Made once even when threads record ops on a fresh leaf at the same moment: every graph must
    // reach the one node, whose lock guards .Grad's read-modify-write (AccumulateGrad below).
    private AccumulateGrad MakeAccumulator()
    {
        Interlocked.CompareExchange(ref _accumulator, new AccumulateGrad(this), null);
        return _accumulator!;
    }

    /// <summary>
    /// Attaches this tensor to the graph as output <paramref name="outputNr"/> of <paramref name="node"/>
    /// (a new result, or an in-place update's new history: a retained gradient follows it, as in PyTorch 2).
    /// </summary>
    internal void SetHistory(Node? node, int outputNr = 0)
    {
        _gradFn = node;
        _outputNr = outputNr;
        if (RetainsGrad && node is not null && !(node.Retained?.Contains(this) ?? false)) (node.Retained ??= []).Add(this);
    }

    /// <summary>Marks this tensor as a view of <paramref name="source"/> (for the in-place checks on views).</summary>
    internal Tensor AsViewOf(Tensor source)
    {
        Base = source.Base ?? source;
        MultiOutputViewOrigin = source.MultiOutputViewOrigin;   // a view of such a view inherits the refusal, as in PyTorch
        return this;
    }

    /// <summary>
    /// "Output k of SplitBackward0" when this tensor is (a view of) one of several views that one recorded
    /// op returned (split, chunk, unbind): PyTorch refuses to modify those in place while grad is recorded,
    /// because the op's single node could not account for the change. Null otherwise.
    /// </summary>
    internal string? MultiOutputViewOrigin { get; private set; }

    /// <summary>Marks this tensor as output <paramref name="outputNr"/> of the multi-output view op recorded as <paramref name="node"/>.</summary>
    internal void MarkMultiOutputView(Node node, int outputNr) => MultiOutputViewOrigin = $"Output {outputNr} of {node.Name}";
}
