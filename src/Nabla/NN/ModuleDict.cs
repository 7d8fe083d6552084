using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Nabla.NN;

/// <summary>
/// Sub-modules held in an ordered dictionary, like <c>torch.nn.ModuleDict</c>: each is registered under
/// its key (so its parameters are named <c>key.weight</c>), in insertion order; assigning an existing key
/// replaces that module in place. It has no forward of its own: the owner's forward picks the modules.
/// </summary>
/// <example><code>
/// var heads = new ModuleDict { ["classify"] = new Linear(16, 10), ["regress"] = new Linear(16, 1) };
/// Tensor scores = heads["classify"].Forward(features);
/// </code></example>
public sealed class ModuleDict : Module, IReadOnlyDictionary<string, Module>
{
    private readonly OrderedDictionary<string, Module> _modules = [];

    /// <summary>An empty dictionary.</summary>
    public ModuleDict() { }

    /// <summary>A dictionary holding <paramref name="modules"/> in their order, like <c>ModuleDict(modules)</c>.</summary>
    public ModuleDict(IEnumerable<KeyValuePair<string, Module>> modules) => Update(modules);

    /// <summary>The number of modules, like <c>len(dict)</c>.</summary>
    public int Count => _modules.Count;

    /// <summary>The module under <paramref name="key"/>; setting adds it at the end, or replaces the module under that key in place.</summary>
    /// <exception cref="KeyNotFoundException">When getting a key that is not in the dictionary.</exception>
    /// <exception cref="ArgumentException">When setting a key that is empty or contains '.'.</exception>
    public Module this[string key]
    {
        get => _modules.TryGetValue(key ?? throw new ArgumentNullException(nameof(key)), out var module) ? module
            : throw new KeyNotFoundException($"'{key}' is not in this ModuleDict (keys: {string.Join(", ", _modules.Keys)})");
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(value);
            Update([new(key, value)]);
        }
    }

    /// <summary>The keys in order, like <c>keys()</c>.</summary>
    public IEnumerable<string> Keys => _modules.Keys;

    /// <summary>The modules in order, like <c>values()</c>.</summary>
    public IEnumerable<Module> Values => _modules.Values;

    /// <summary>Adds <paramref name="module"/> under a new <paramref name="key"/> (what collection initialisers with pairs call).</summary>
    /// <exception cref="ArgumentException">When the key is already present, empty, or contains '.'.</exception>
    public void Add(string key, Module module)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(module);
        if (_modules.ContainsKey(key)) throw new ArgumentException($"'{key}' is already in this ModuleDict", nameof(key));
        this[key] = module;
    }

    /// <summary>
    /// Adds or replaces each pair of <paramref name="modules"/> in order, like <c>update</c>: a new key goes at
    /// the end, an existing one keeps its position. Every key is checked before anything changes.
    /// </summary>
    public void Update(IEnumerable<KeyValuePair<string, Module>> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var updated = new OrderedDictionary<string, Module>(_modules);
        foreach (var (key, module) in modules)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(modules));
            ArgumentNullException.ThrowIfNull(module, nameof(modules));
            updated[key] = module;
        }
        Sync(updated);
    }

    /// <summary>Removes the module under <paramref name="key"/>, like <c>del dict[key]</c>; false when the key is absent.</summary>
    public bool Remove(string key)
    {
        var updated = new OrderedDictionary<string, Module>(_modules);
        if (!updated.Remove(key)) return false;
        Sync(updated);
        return true;
    }

    /// <summary>Removes every module.</summary>
    public void Clear() => Sync([]);

    /// <summary>Whether <paramref name="key"/> is present, like <c>key in dict</c>.</summary>
    public bool ContainsKey(string key) => _modules.ContainsKey(key);

    /// <summary>The module under <paramref name="key"/>, if present.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Module value) => _modules.TryGetValue(key, out value);

    /// <summary>Enumerates the (key, module) pairs in order, like <c>items()</c>.</summary>
    public IEnumerator<KeyValuePair<string, Module>> GetEnumerator() => _modules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // The registry is checked (names) and replaced first; the dictionary follows only if that succeeded.
    private void Sync(OrderedDictionary<string, Module> updated)
    {
        ReplaceModules([.. updated.Select(kv => (kv.Key, kv.Value))]);
        _modules.Clear();
        foreach (var (key, module) in updated) _modules.Add(key, module);
    }
}
