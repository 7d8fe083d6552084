using System.Collections;
using System.Globalization;

namespace Nabla.NN;

/// <summary>
/// Sub-modules held in a list, like <c>torch.nn.ModuleList</c>: indexed and enumerated as a list, and
/// registered under their positions (<c>0</c>, <c>1</c>, ...), so that their parameters have the names
/// PyTorch gives them (<c>h.0.attn.weight</c>). It has no forward of its own: the owner's forward calls
/// the modules. Inserting or removing renumbers the modules after that position, as PyTorch does.
/// </summary>
/// <example><code>
/// var blocks = new ModuleList(new Linear(4, 4), new Linear(4, 4));   // state dict keys "0.weight", "0.bias", "1.weight", ...
/// foreach (var block in blocks) x = block.Call(x);
/// </code></example>
public sealed class ModuleList : Module, IList<Module>, IReadOnlyList<Module>
{
    private readonly List<Module> _modules = [];

    /// <summary>A list holding <paramref name="modules"/> (none by default), like <c>ModuleList(modules)</c>.</summary>
    public ModuleList(params IEnumerable<Module> modules) => Extend(modules);

    /// <summary>The number of modules, like <c>len(list)</c>.</summary>
    public int Count => _modules.Count;

    /// <summary>The module at <paramref name="index"/> (<c>list[^1]</c> is the last); setting replaces it under the same name.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="index"/> is not in [0, Count).</exception>
    public Module this[int index]
    {
        get => _modules[CheckIndex(index)];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _modules[CheckIndex(index)] = value;
            Renumber();
        }
    }

    /// <summary>The modules [start, start + length) as a new list numbered from 0 (sharing the modules), like <c>list[a:b]</c>; <c>list[1..3]</c> calls it.</summary>
    public ModuleList Slice(int start, int length) => new(_modules.GetRange(start, length));

    /// <summary>Adds <paramref name="module"/> at the end and returns this list, like <c>append</c>.</summary>
    public ModuleList Append(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        _modules.Add(module);
        Renumber();
        return this;
    }

    /// <summary>Adds <paramref name="module"/> at the end (what collection initialisers call).</summary>
    public void Add(Module module) => Append(module);

    /// <summary>Adds <paramref name="modules"/> at the end, in order, and returns this list, like <c>extend</c>.</summary>
    public ModuleList Extend(IEnumerable<Module> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var added = modules.ToList();   // materialised first: nothing changes if one of them is null
        foreach (var module in added) ArgumentNullException.ThrowIfNull(module, nameof(modules));
        _modules.AddRange(added);
        Renumber();
        return this;
    }

    /// <summary>Inserts <paramref name="module"/> before position <paramref name="index"/> (0..Count), like <c>insert</c>; the modules after it are renumbered.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="index"/> is not in [0, Count].</exception>
    public void Insert(int index, Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, Count);
        _modules.Insert(index, module);
        Renumber();
    }

    /// <summary>Removes the module at <paramref name="index"/>, like <c>del list[i]</c>; the modules after it are renumbered.</summary>
    public void RemoveAt(int index)
    {
        _modules.RemoveAt(CheckIndex(index));
        Renumber();
    }

    /// <summary>Removes the first occurrence of <paramref name="module"/>; false when it is not in the list.</summary>
    public bool Remove(Module? module)
    {
        int index = IndexOf(module);
        if (index < 0) return false;
        RemoveAt(index);
        return true;
    }

    /// <summary>Removes every module.</summary>
    public void Clear()
    {
        _modules.Clear();
        Renumber();
    }

    /// <summary>The position of <paramref name="module"/> (the same object), or -1.</summary>
    public int IndexOf(Module? module) => _modules.FindIndex(m => ReferenceEquals(m, module));

    /// <summary>Whether <paramref name="module"/> (the same object) is in the list.</summary>
    public bool Contains(Module? module) => IndexOf(module) >= 0;

    /// <inheritdoc/>
    public void CopyTo(Module[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        _modules.CopyTo(array, arrayIndex);
    }

    bool ICollection<Module>.IsReadOnly => false;

    /// <summary>Enumerates the modules in order.</summary>
    public IEnumerator<Module> GetEnumerator() => _modules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Prints as PyTorch does, with runs of identical modules folded into one line
    /// (<c>(0-11): 12 x Block(...)</c>).
    /// </summary>
    public override string ToString()
    {
        var lines = new List<(string Label, Module Module)>();
        for (int start = 0, end; start < Count; start = end + 1)
        {
            string repr = _modules[start].ToString();
            for (end = start; end + 1 < Count && _modules[end + 1].ToString() == repr; end++) { }
            lines.Add((start == end ? $"({start}): " : $"({start}-{end}): {end - start + 1} x ", _modules[start]));
        }
        return Repr(lines);
    }

    private int CheckIndex(int index)
    {
        if (index < 0 || index >= Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"index {index} is out of range for a ModuleList of {Count} modules");
        return index;
    }

    private void Renumber() => ReplaceModules([.. _modules.Select((m, i) => (i.ToString(CultureInfo.InvariantCulture), m))]);
}
