namespace Nabla.Optim;

/// <summary>
/// The base class of optimisers, like <c>torch.optim.Optimizer</c>: parameter groups with their own
/// hyperparameters, per-parameter state (momentum buffers, step counts) and
/// <see cref="ZeroGrad"/>/<see cref="Step()"/>. A subclass writes one parameter's update in
/// <see cref="Update"/>, which runs under no-grad.
/// </summary>
public abstract partial class Optimizer
{
    private readonly List<ParamGroup> _groups = [];
    private readonly OrderedDictionary<string, double> _defaults;
    // Keyed by identity, as PyTorch's state dict is keyed by the parameter object.
    private readonly Dictionary<Tensor, OrderedDictionary<string, Tensor>> _state = new(ReferenceEqualityComparer.Instance);

    /// <summary>An optimiser over <paramref name="parameters"/> (one group) with <paramref name="defaults"/> as its options.</summary>
    /// <exception cref="ArgumentException">When the list is empty or holds a non-leaf tensor or the same tensor twice.</exception>
    protected Optimizer(IEnumerable<Tensor> parameters, IEnumerable<KeyValuePair<string, double>> defaults)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(defaults);
        _defaults = new OrderedDictionary<string, double>(defaults);
        var group = new ParamGroup(parameters);
        if (group.Parameters.Count == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(parameters));
        AddParamGroup(group);
    }

    /// <summary>The options that groups get unless they set their own (PyTorch's <c>defaults</c>).</summary>
    public IReadOnlyDictionary<string, double> Defaults => _defaults;

    /// <summary>The parameter groups, like <c>optimizer.param_groups</c>.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>
    /// Adds a group, like <c>add_param_group</c>: options it does not set are taken from
    /// <see cref="Defaults"/>. Returns the group.
    /// </summary>
    /// <exception cref="ArgumentException">When a parameter is not a leaf or is already in a group.</exception>
    public ParamGroup AddParamGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var seen = new HashSet<Tensor>(_groups.SelectMany(g => g.Parameters), ReferenceEqualityComparer.Instance);
        foreach (var p in group.Parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(group));
            if (!p.IsLeaf) throw new ArgumentException("can't optimize a non-leaf Tensor", nameof(group));
            if (!seen.Add(p)) throw new ArgumentException("some parameters appear in more than one parameter group", nameof(group));
        }
        foreach (var (name, value) in _defaults)
            if (!group.Contains(name)) group[name] = value;
        _groups.Add(group);
        return group;
    }

    /// <summary>Adds a group of <paramref name="parameters"/> with the default options; returns it so that options can be changed.</summary>
    public ParamGroup AddParamGroup(IEnumerable<Tensor> parameters) => AddParamGroup(new ParamGroup(parameters));

    /// <summary>
    /// Clears the gradients, like <c>zero_grad(set_to_none=True)</c>: sets them to null, or with
    /// <paramref name="setToNone"/> false zeroes them in place (cutting them from any graph first).
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        using var noGrad = Autograd.NoGrad();
        foreach (var p in _groups.SelectMany(g => g.Parameters))
        {
            if (p.Grad is not { } grad) continue;
            if (setToNone) p.Grad = null;
            else grad.DetachInPlace().ZeroInPlace();
        }
    }

    /// <summary>Updates every parameter that has a gradient, like <c>optimizer.step()</c>.</summary>
    public virtual void Step()
    {
        using var noGrad = Autograd.NoGrad();
        foreach (var group in _groups)
            foreach (var p in group.Parameters)
                if (p.Grad is { } grad) Update(p, grad, StateOf(p), group);
    }

    /// <summary>Evaluates <paramref name="closure"/> (which recomputes the loss and its gradients) with grad on, then steps; returns the loss.</summary>
    public virtual Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var loss = closure();
        Step();
        return loss;
    }

    /// <summary>
    /// Updates one parameter in place from its gradient. <paramref name="state"/> is empty on the
    /// first call for the parameter (initialise it then, as PyTorch's <c>if len(state) == 0</c>).
    /// </summary>
    protected abstract void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group);

    /// <summary>The state of one parameter (empty before its first step), like <c>optimizer.state[p]</c>.</summary>
    public IReadOnlyDictionary<string, Tensor> State(Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return _state.TryGetValue(parameter, out var state) ? state : new OrderedDictionary<string, Tensor>();
    }

    /// <summary>The live state of <paramref name="p"/>, created empty on first use.</summary>
    private protected OrderedDictionary<string, Tensor> StateOf(Tensor p)
    {
        if (!_state.TryGetValue(p, out var state)) _state[p] = state = [];
        return state;
    }

    /// <summary>Adds one to the state's <c>step</c> counter (a float32 scalar, as PyTorch keeps it) and returns the new count.</summary>
    protected static double IncrementStep(OrderedDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.TryGetValue("step", out var step)) state["step"] = step = Tensor.Zeros([], DType.Float32);
        step.AddInPlace(1.0);
        return step.Item<float>();
    }

    /// <summary>Checks a hyperparameter, with PyTorch's message (<c>Invalid learning rate: -1</c>).</summary>
    internal static double Check(double value, bool valid, string what)
        => valid ? value : throw new ArgumentOutOfRangeException(null, value, $"Invalid {what}: {value}");
}
