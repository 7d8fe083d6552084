using System.Diagnostics;

namespace Nabla;

/// <summary>
/// Anomaly detection (<see cref="Autograd.DetectAnomaly"/>): nodes remember the stack trace of the
/// forward call that created them, and backward checks every gradient for NaN. Outside a scope the
/// cost is one read of a static counter per node.
/// </summary>
internal static class AnomalyMode
{
    private static readonly AsyncLocal<bool> s_enabled = new();
    private static int s_openScopes;   // fast path: no scope anywhere means no AsyncLocal read

    public static bool IsEnabled => Volatile.Read(ref s_openScopes) > 0 && s_enabled.Value;

    // Skips only this method's own frame: the JIT may inline the node constructor, Record and the op
    // into one frame, so skipping more could drop the user's call that the trace is for.
    public static string? CaptureTrace() => IsEnabled ? new StackTrace(1, fNeedFileInfo: true).ToString() : null;

    public static IDisposable Enter()
    {
        bool previous = s_enabled.Value;
        Interlocked.Increment(ref s_openScopes);
        s_enabled.Value = true;
        return new Scope(previous);
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            s_enabled.Value = previous;
            Interlocked.Decrement(ref s_openScopes);
        }
    }

    /// <summary>Runs a node's backward, naming the node and its forward call if it throws or produces NaN.</summary>
    public static Tensor?[] Apply(Node node, Tensor?[] grads, IGradientArithmetic arithmetic)
    {
        Tensor?[] result;
        try
        {
            result = node.Apply(grads);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"Error in {node.Name} during backward: {ex.Message}{Where(node)}", ex);
        }
        for (int i = 0; i < result.Length; i++)
            if (result[i] is { } g && arithmetic.ContainsNaN(g))
                throw new InvalidOperationException($"Function '{node.Name}' returned nan values in its {i}th output.{Where(node)}");
        return result;
    }

    private static string Where(Node node) => node.ForwardTrace is { } trace
        ? $"\nThe forward call that created {node.Name} (recorded by DetectAnomaly):\n{trace}"
        : $"\n({node.Name} was created outside DetectAnomaly, so its forward call is unknown.)";
}
