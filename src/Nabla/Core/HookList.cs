namespace Nabla;

/// <summary>An ordered list of hooks; each registration returns a handle whose Dispose removes it.</summary>
internal sealed class HookList<T> where T : class
{
    private readonly List<T> _hooks = [];

    public bool IsEmpty => _hooks.Count == 0;

    public IDisposable Add(T hook)
    {
        _hooks.Add(hook);
        return new Handle(this, hook);
    }

    /// <summary>A snapshot, so that a hook may remove itself (or others) while the list runs.</summary>
    public T[] Snapshot() => [.. _hooks];

    private sealed class Handle(HookList<T> owner, T hook) : IDisposable
    {
        private bool _removed;

        public void Dispose()
        {
            if (_removed) return;
            _removed = true;
            owner._hooks.Remove(hook);
        }
    }
}
