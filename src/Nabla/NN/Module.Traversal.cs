namespace Nabla.NN;

// Walking the module tree, in PyTorch's order: a module, then each child's subtree in registration
// order (pre-order). A module or parameter reachable by two paths (shared or tied) is visited once,
// under its first name, as PyTorch's named_modules and named_parameters do.
public abstract partial class Module
{
    /// <summary>
    /// This module and every sub-module with its dotted name, like <c>named_modules()</c>: the root first
    /// (named <c>""</c>), then each child's subtree in registration order; a shared module appears once.
    /// </summary>
    /// <example><c>new Sequential(new Linear(2, 2), new Relu()).NamedModules()   // ("", seq), ("0", linear), ("1", relu)</c></example>
    public IEnumerable<(string Name, Module Module)> NamedModules()
        => WalkModules("", new HashSet<Module>(ReferenceEqualityComparer.Instance));

    private IEnumerable<(string Name, Module Module)> WalkModules(string prefix, HashSet<Module> seen)
    {
        if (!seen.Add(this)) yield break;
        yield return (prefix, this);
        foreach (var (name, child) in _children)
            foreach (var entry in child.WalkModules(Join(prefix, name), seen)) yield return entry;
    }

    /// <summary>This module and every sub-module, in the order of <see cref="NamedModules"/>, like <c>modules()</c>.</summary>
    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>The direct sub-modules with their names, like <c>named_children()</c> (a module registered twice appears once).</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        foreach (var child in _children)
            if (seen.Add(child.Module)) yield return child;
    }

    /// <summary>The direct sub-modules, like <c>children()</c>.</summary>
    public IEnumerable<Module> Children() => NamedChildren().Select(c => c.Module);

    /// <summary>
    /// Calls <paramref name="fn"/> on every sub-module (each child's subtree first, recursively) and then on
    /// this module, like <c>apply(fn)</c>; returns this module. Typically used to initialise weights.
    /// </summary>
    /// <example><c>model.Apply(m => { if (m is Linear linear) Init.Zeros(linear.Bias!); });</c></example>
    public Module Apply(Action<Module> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        foreach (var child in Children()) child.Apply(fn);
        fn(this);
        return this;
    }

    /// <summary>All parameters of this module and its sub-modules, in the order of <see cref="NamedParameters"/>.</summary>
    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>
    /// All parameters with PyTorch's dotted names (<c>0.weight</c>, <c>features.3.bias</c>), like
    /// <c>named_parameters()</c>. A parameter registered under two names (tied weights) appears once, under
    /// the first, so an optimiser updates it once; <see cref="StateDict"/> lists both names.
    /// </summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => NamedMembers(m => m._parameters);

    /// <summary>All buffers with dotted names, like <c>named_buffers()</c> (a shared buffer appears once).</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers() => NamedMembers(m => m._buffers);

    private IEnumerable<(string Name, T Value)> NamedMembers<T>(Func<Module, List<(string Name, T Value)>> members) where T : Tensor
    {
        var seen = new HashSet<T>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, value) in members(module))
                if (seen.Add(value)) yield return (Join(prefix, name), value);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
