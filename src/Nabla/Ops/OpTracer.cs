namespace Nabla;

/// <summary>
/// Sees every op recorded through the derivative table while it is open, whether or not grad mode
/// records a graph: the row (its PyTorch node name), the op's arguments, inputs, results and the
/// values it offered for saving. An exporter (package Nabla.Onnx) derives from it to trace one
/// forward pass. Ops that record no node (comparisons, argmax, integer arithmetic) are not seen;
/// ops composed of others are seen as their inner ops first, then as themselves.
/// </summary>
internal abstract class OpTracer : IDisposable
{
    private static readonly AsyncLocal<OpTracer?> s_current = new();
    private static int s_open;   // fast path: with no tracer anywhere, an op reads no AsyncLocal

    private readonly OpTracer? _previous;
    private bool _disposed;

    /// <summary>Opens the tracer in this async flow (it nests: the innermost one sees the ops).</summary>
    protected OpTracer()
    {
        _previous = s_current.Value;
        s_current.Value = this;
        Interlocked.Increment(ref s_open);
    }

    /// <summary>The innermost open tracer of this async flow, if any.</summary>
    public static OpTracer? Current => Volatile.Read(ref s_open) > 0 ? s_current.Value : null;

    /// <summary>Called once per recorded op, after its results were computed.</summary>
    public abstract void OnOp(Derivative op, object? args, ReadOnlySpan<Tensor> results, ReadOnlySpan<Tensor> inputs, ReadOnlySpan<(Slot Slot, Tensor Value)> saved);

    /// <summary>Closes the tracer.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        s_current.Value = _previous;
        Interlocked.Decrement(ref s_open);
        GC.SuppressFinalize(this);
    }
}
