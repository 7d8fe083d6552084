namespace Nabla.Optim;

/// <summary>
/// A set of parameters that share hyperparameters, like one dict of PyTorch's
/// <c>optimizer.param_groups</c>. Options are looked up by PyTorch's names
/// (<c>group["momentum"]</c>, <c>group["weight_decay"]</c>); flags such as <c>nesterov</c> are stored
/// as 1 (true) or 0 (false). Schedulers add their own entries (<c>initial_lr</c>, <c>max_lr</c>...), as in PyTorch.
/// </summary>
/// <example>
/// <code>
/// var opt = new Sgd(model.Features.Parameters(), lr: 1e-2, momentum: 0.9);
/// opt.AddParamGroup(new ParamGroup(model.Head.Parameters()) { Lr = 1e-3 });   // other options from the defaults
/// </code>
/// </example>
public sealed class ParamGroup
{
    private readonly OrderedDictionary<string, double> _options = [];

    /// <summary>A group of <paramref name="parameters"/>; options not set here come from the optimiser's defaults when it is added.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters)
    {
        Parameters = Guard.NoNullElements(parameters);
    }

    /// <summary>The parameters (PyTorch's <c>group["params"]</c>).</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The learning rate (<c>group["lr"]</c>), which schedulers change.</summary>
    public double Lr
    {
        get => this["lr"];
        set => this["lr"] = value;
    }

    /// <summary>An option by PyTorch's name, like <c>group["momentum"]</c>; setting an unknown name adds it.</summary>
    /// <exception cref="KeyNotFoundException">When reading an option the group does not have.</exception>
    public double this[string option]
    {
        get => _options.TryGetValue(option ?? throw new ArgumentNullException(nameof(option)), out double value) ? value
            : throw new KeyNotFoundException($"the parameter group has no option '{option}' (it has: {string.Join(", ", _options.Keys)})");
        set => _options[option ?? throw new ArgumentNullException(nameof(option))] = value;
    }

    /// <summary>Whether the group has <paramref name="option"/>.</summary>
    public bool Contains(string option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return _options.ContainsKey(option);
    }

    /// <summary>All options in the order they were set.</summary>
    public IReadOnlyDictionary<string, double> Options => _options;
}
