using System.Text;

namespace Nabla.NN;

/// <summary>
/// The base class of every layer and model, like <c>torch.nn.Module</c>. Parameters, buffers and
/// sub-modules are registered explicitly in the constructor (no reflection, so trimming and
/// NativeAOT keep working), which gives <see cref="NamedParameters"/> PyTorch's dotted names.
/// </summary>
public abstract partial class Module
{
    private readonly List<(string Name, Parameter Parameter)> _parameters = [];
    private readonly List<(string Name, Tensor Buffer)> _buffers = [];
    private readonly List<(string Name, Module Module)> _children = [];

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>; dropout and batch norm read it.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Computes the module's output, like <c>module(input)</c>.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Registers a parameter under <paramref name="name"/> and returns it.</summary>
    protected Parameter RegisterParameter(string name, Parameter parameter)
    {
        CheckName(name);
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a buffer (state that is saved but not trained, such as running statistics).</summary>
    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
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
        CheckName(name);
        _children.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"a module member name must be non-empty and contain no '.', got '{name}'");
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}");
    }

    /// <summary>All parameters of this module and its sub-modules, in registration order.</summary>
    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>All parameters with PyTorch's dotted names (<c>0.weight</c>, <c>features.3.bias</c>).</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        foreach (var (name, p) in _parameters) yield return (name, p);
        foreach (var (prefix, child) in _children)
            foreach (var (name, p) in child.NamedParameters()) yield return ($"{prefix}.{name}", p);
    }

    /// <summary>All buffers with dotted names.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        foreach (var (name, b) in _buffers) yield return (name, b);
        foreach (var (prefix, child) in _children)
            foreach (var (name, b) in child.NamedBuffers()) yield return ($"{prefix}.{name}", b);
    }

    /// <summary>The direct sub-modules.</summary>
    public IEnumerable<Module> Children() => _children.Select(c => c.Module);

    /// <summary>The direct sub-modules with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children;

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

    /// <summary>
    /// Parameters and buffers by dotted name, in PyTorch's order (each module's parameters, then its
    /// buffers, then its children's), like <c>state_dict()</c>. The tensors are the live ones (detached views).
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var state = new OrderedDictionary<string, Tensor>();
        AddState(state, "");
        return state;
    }

    private void AddState(OrderedDictionary<string, Tensor> state, string prefix)
    {
        foreach (var (name, p) in _parameters) state[prefix + name] = p.Detach();
        foreach (var (name, b) in _buffers) state[prefix + name] = b.Detach();
        foreach (var (name, child) in _children) child.AddState(state, prefix + name + ".");
    }

    /// <summary>
    /// Copies values into the parameters and buffers, like <c>load_state_dict</c>. Every missing or
    /// unexpected key and every shape or dtype mismatch is reported at once, before anything is copied.
    /// </summary>
    public void LoadStateDict(IEnumerable<KeyValuePair<string, Tensor>> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var given = state.ToDictionary(kv => kv.Key, kv => kv.Value);
        var own = NamedParameters().Select(p => (p.Name, (Tensor)p.Parameter)).Concat(NamedBuffers()).ToList();
        var problems = new List<string>();
        foreach (var (name, target) in own)
        {
            if (!given.TryGetValue(name, out var source)) { if (strict) problems.Add($"missing key '{name}'"); continue; }
            if (source.Shape != target.Shape)
                problems.Add($"size mismatch for '{name}': copying a tensor of shape {source.Shape}, the shape in the current model is {target.Shape}");
            else if (source.DType != target.DType)
                problems.Add($"dtype mismatch for '{name}': the file has {source.DType.Name()}, the model has {target.DType.Name()}");
        }
        if (strict)
            foreach (var name in given.Keys.Except(own.Select(o => o.Name)))
                problems.Add($"unexpected key '{name}'");
        if (problems.Count > 0)
            throw new ArgumentException($"Error(s) in loading state dict for {TypeName}:\n  " + string.Join("\n  ", problems));
        using (Autograd.NoGrad())
            foreach (var (name, target) in own)
                if (given.TryGetValue(name, out var source)) target.CopyFromInPlace(source);
    }

    /// <summary>The class name PyTorch prints for this module (e.g. <c>ReLU</c> for the Relu module).</summary>
    protected virtual string TypeName => GetType().Name;

    /// <summary>The settings shown in parentheses, like PyTorch's <c>extra_repr()</c> (e.g. <c>in_features=64, out_features=32, bias=True</c>).</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>The module tree as PyTorch prints it.</summary>
    public override string ToString()
    {
        if (_children.Count == 0) return $"{TypeName}({ExtraRepr()})";
        var text = new StringBuilder();
        text.Append(TypeName).Append('(');
        string extra = ExtraRepr();
        if (extra.Length > 0) text.Append("\n  ").Append(extra.Replace("\n", "\n  "));
        foreach (var (name, child) in _children)
            text.Append("\n  (").Append(name).Append("): ").Append(child.ToString().Replace("\n", "\n  "));
        return text.Append("\n)").ToString();
    }
}
