using Nabla.NN;

namespace Nabla.Onnx.Tracing;

/// <summary>
/// Tells which module is running, through a forward pre-hook and a forward hook on every module of
/// the model (removed on <see cref="Dispose"/>). Hooks run for modules invoked through
/// <see cref="Module.Call"/>, as containers invoke their children; an op inside a sub-module that a
/// custom Forward calls through <c>Forward</c> is attributed to the nearest module called through Call.
/// </summary>
internal sealed class ModuleScopes : IDisposable
{
    private readonly Stack<ModuleScope> _running = new();
    private readonly List<IDisposable> _hooks = [];
    private readonly ModuleScope _root;

    public ModuleScopes(Module model)
    {
        _root = new ModuleScope("", model.GetType().Name);
        foreach (var (path, module) in model.NamedModules())
        {
            var scope = path.Length == 0 ? _root : new ModuleScope(path, module.GetType().Name);
            _hooks.Add(module.RegisterForwardPreHook((_, _) => { _running.Push(scope); return null; }));
            _hooks.Add(module.RegisterForwardHook((_, _, _) => { _running.TryPop(out _); return null; }));
        }
    }

    /// <summary>The innermost running module.</summary>
    public ModuleScope Current => _running.TryPeek(out var scope) ? scope : _root;

    /// <summary>Forgets the modules left running by a forward pass that threw.</summary>
    public void Reset() => _running.Clear();

    public void Dispose()
    {
        foreach (var hook in _hooks) hook.Dispose();
    }
}
