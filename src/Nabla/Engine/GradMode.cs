namespace Nabla;

/// <summary>
/// Whether operations record the graph. The flag lives in an <see cref="AsyncLocal{T}"/>, so a
/// scope flows with the async context: it survives <c>await</c>, work started inside it inherits
/// it, and concurrent flows outside it are unaffected.
/// </summary>
internal static class GradMode
{
    // Stored inverted so that the default (false) means "enabled".
    private static readonly AsyncLocal<bool> s_disabled = new();
    private static readonly AsyncLocal<bool> s_inference = new();

    public static bool IsEnabled => !s_disabled.Value;

    public static bool IsInference => s_inference.Value;

    public static IDisposable Set(bool enabled, bool inference = false)
    {
        var scope = new Scope(s_disabled.Value, s_inference.Value);
        s_disabled.Value = !enabled;
        if (inference) s_inference.Value = true;
        return scope;
    }

    private sealed class Scope(bool disabled, bool inference) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            s_disabled.Value = disabled;
            s_inference.Value = inference;
        }
    }
}
