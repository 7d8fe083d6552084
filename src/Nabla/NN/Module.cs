using System.Text;

namespace Nabla.NN;

/// <summary>
/// The base class of every layer and model, like <c>torch.nn.Module</c>. Parameters, buffers and
/// sub-modules are registered explicitly in the constructor (no reflection, so trimming and
/// NativeAOT keep working), which gives <see cref="NamedParameters"/> PyTorch's dotted names.
/// </summary>
/// <remarks>
/// A module that maps one tensor to one tensor overrides <see cref="Forward(Tensor)"/>. A module whose
/// forward takes other inputs or returns a tuple declares its own <c>Forward</c> overload instead
/// (<c>var (output, (h, c)) = lstm.Forward(x);</c>) and names it in <see cref="ForwardUsage"/>, so that
/// <see cref="Forward(Tensor)"/> through a <see cref="Module"/> reference says which call to make.
/// docs/modules.md shows both patterns.
/// </remarks>
public abstract partial class Module
{
    private readonly List<(string Name, Parameter Parameter)> _parameters = [];
    private readonly List<(string Name, Tensor Buffer)> _buffers = [];
    private readonly List<(string Name, Module Module)> _children = [];

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>; dropout and batch norm read it.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>
    /// Computes the module's output from one tensor, like <c>module.forward(input)</c>. Calling it runs no
    /// hooks; <see cref="Call"/> does (as <c>module(input)</c> does in PyTorch).
    /// </summary>
    /// <remarks>
    /// Every module that maps one tensor to one tensor overrides this. The base implementation throws:
    /// it is what a module with another signature (a loss, a container, a recurrent layer) inherits.
    /// </remarks>
    /// <exception cref="NotSupportedException">When the module does not override it; the message names the call the module has instead.</exception>
    public virtual Tensor Forward(Tensor input)
    {
        string type = GetType().Name;
        throw new NotSupportedException(ForwardUsage is { } usage
            ? $"{type} does not implement Module.Forward(Tensor): call {usage}."
            : $"Module [{type}] is missing the required \"forward\" function: override Forward(Tensor), or call the Forward overload {type} declares.");
    }

    /// <summary>
    /// For a module that does not override <see cref="Forward(Tensor)"/>: the call to make instead, shown in
    /// the exception <see cref="Forward(Tensor)"/> throws (e.g. <c>Forward(input, target)</c>); null by default.
    /// </summary>
    protected virtual string? ForwardUsage => null;

    /// <summary>Registers a parameter under <paramref name="name"/> and returns it.</summary>
    /// <remarks>Registering one parameter under two names ties them (see <see cref="NamedParameters"/>).</remarks>
    protected Parameter RegisterParameter(string name, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        CheckName(name);
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>
    /// Registers <paramref name="parameter"/> under <paramref name="name"/>, or replaces the one registered
    /// there (keeping its position in the state dict), like assigning <c>module.weight = p</c> in PyTorch.
    /// A layer whose weight can be tied to another module's calls it from the property's setter.
    /// </summary>
    /// <exception cref="ArgumentException">When the replacement's shape differs from the registered parameter's (the layer's other state depends on it).</exception>
    protected Parameter SetParameter(string name, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        int i = _parameters.FindIndex(p => p.Name == name);
        if (i < 0) return RegisterParameter(name, parameter);
        if (parameter.Shape != _parameters[i].Parameter.Shape)
            throw new ArgumentException(
                $"cannot assign a parameter of shape {parameter.Shape} to '{name}' of {GetType().Name}, whose shape is {_parameters[i].Parameter.Shape}", nameof(parameter));
        _parameters[i] = (name, parameter);
        return parameter;
    }

    /// <summary>Registers a buffer (state that is saved but not trained, such as running statistics).</summary>
    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CheckName(name);
        _buffers.Add((name, buffer));
        return buffer;
    }

    /// <summary>Replaces the value of a registered buffer (for modules that rebind rather than update in place).</summary>
    protected void SetBuffer(string name, Tensor buffer)
    {
        int i = _buffers.FindIndex(b => b.Name == name);
        if (i < 0) throw new ArgumentException($"no buffer named '{name}'");
        _buffers[i] = (name, buffer);
    }

    /// <summary>Registers a sub-module under <paramref name="name"/> and returns it.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        _children.Add((name, module));
        return module;
    }

    /// <summary>
    /// Replaces every sub-module by <paramref name="modules"/>, for the containers that renumber or rename
    /// their children (<see cref="ModuleList"/>, <see cref="ModuleDict"/>). All names are checked first.
    /// </summary>
    private protected void ReplaceModules(IReadOnlyList<(string Name, Module Module)> modules)
    {
        var names = new HashSet<string>();
        foreach (var (name, module) in modules)
        {
            ArgumentNullException.ThrowIfNull(module);
            CheckNameSyntax(name);
            if (!names.Add(name) || _parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name))
                throw new ArgumentException($"attribute '{name}' already exists in {GetType().Name}");
        }
        _children.Clear();
        _children.AddRange(modules);
    }

    private void CheckName(string name)
    {
        CheckNameSyntax(name);
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}");
    }

    private static void CheckNameSyntax(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"a module member name must be non-empty and contain no '.', got '{name}'");
    }

    /// <summary>Sets training mode on this module and all sub-modules; returns this module.</summary>
    public Module Train(bool mode = true)
    {
        Training = mode;
        foreach (var (_, child) in _children) child.Train(mode);
        return this;
    }

    /// <summary>Sets evaluation mode (dropout off, batch norm uses running statistics); returns this module.</summary>
    public Module Eval() => Train(false);

    /// <summary>Clears the gradients of all parameters (set to null, as PyTorch's default <c>set_to_none=True</c>).</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in Parameters())
        {
            if (setToNone) p.Grad = null;
            else p.Grad?.ZeroInPlace();
        }
    }

    /// <summary>The class name PyTorch prints for this module (e.g. <c>ReLU</c> for the Relu module).</summary>
    protected virtual string TypeName => GetType().Name;

    /// <summary>The settings shown in parentheses, like PyTorch's <c>extra_repr()</c> (e.g. <c>in_features=64, out_features=32, bias=True</c>).</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>The module tree as PyTorch prints it.</summary>
    public override string ToString() => Repr(_children.Select(c => ($"({c.Name}): ", c.Module)));

    /// <summary>PyTorch's module repr with the given child lines (a label such as <c>(0): </c> and the child).</summary>
    private protected string Repr(IEnumerable<(string Label, Module Module)> children)
    {
        if (_children.Count == 0) return $"{TypeName}({ExtraRepr()})";
        var text = new StringBuilder();
        text.Append(TypeName).Append('(');
        string extra = ExtraRepr();
        if (extra.Length > 0) text.Append("\n  ").Append(extra.Replace("\n", "\n  "));
        foreach (var (label, child) in children)
            text.Append("\n  ").Append(label).Append(child.ToString().Replace("\n", "\n  "));
        return text.Append("\n)").ToString();
    }
}
