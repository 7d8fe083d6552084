namespace Nabla;

/// <summary>
/// A tensor saved for backward with the version it had then: unpacking it after an in-place
/// change, or after the graph was freed, throws PyTorch's errors. Inside a
/// <see cref="Autograd.SavedTensorsHooks"/> scope the tensor is packed by the user's hook instead.
/// </summary>
internal struct SavedTensor
{
    // The tensor itself, or a Packed when a hooks scope packed it: one reference, so that the struct
    // stays 16 bytes (every op node holds one per saved tensor).
    private object? _value;
    private readonly int _version;
    private bool _released;

    private sealed record Packed(object Value, Func<object, Tensor> Unpack);

    /// <summary>Whether a hooks scope packed the tensor.</summary>
    public readonly bool IsPacked => _value is Packed;

    public SavedTensor(Tensor tensor)
    {
        if (tensor.IsInference)
            throw new InvalidOperationException(
                "Inference tensors cannot be saved for backward (this one was created under Autograd.InferenceMode()). To work around you can make a clone to get a normal tensor and use it in autograd.");
        _version = tensor.Storage.Version;
        _value = SavedTensorsHooksScope.Current is { } hooks ? new Packed(hooks.Pack(tensor), hooks.Unpack) : tensor;
    }

    public readonly Tensor Unpack(Node owner)
    {
        if (_released)
            throw new InvalidOperationException(
                "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
                "Saved intermediate values of the graph are freed when you call Backward() or Autograd.Grad(). " +
                "Specify retainGraph: true if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.");
        if (_value is null) throw new InvalidOperationException($"{owner.Name} did not save this tensor: no gradient it computes needs it.");
        if (_value is Packed packed) return packed.Unpack(packed.Value);   // the hook owns the value: no version check, as PyTorch
        var tensor = (Tensor)_value!;
        int now = tensor.Storage.Version;
        if (now != _version)
        {
            string producer = tensor.GradFn is { } fn ? $", which is output {tensor.OutputNr} of {fn.Name}," : "";
            throw new InvalidOperationException(
                $"one of the variables needed for gradient computation has been modified by an inplace operation: " +
                $"[{tensor.DType.Name()} tensor {ShapeMath.Format(tensor.ShapeArray)}]{producer} is at version {now}; expected version {_version} instead " +
                $"(needed by {owner.Name}). Hint: clone the tensor before modifying it in place, or do the in-place update after Backward().");
        }
        return tensor;
    }

    public void Release()
    {
        _released = true;
        _value = null;
    }
}

/// <summary>The pack/unpack pair of the innermost <see cref="Autograd.SavedTensorsHooks"/> scope in this async flow.</summary>
internal sealed record SavedTensorsHooksScope(Func<Tensor, object> Pack, Func<object, Tensor> Unpack)
{
    private static readonly AsyncLocal<SavedTensorsHooksScope?> s_current = new();
    private static int s_openScopes;   // fast path: with no scope anywhere, saving reads no AsyncLocal

    public static SavedTensorsHooksScope? Current => Volatile.Read(ref s_openScopes) > 0 ? s_current.Value : null;

    public static IDisposable Enter(SavedTensorsHooksScope hooks)
    {
        var previous = s_current.Value;
        Interlocked.Increment(ref s_openScopes);
        s_current.Value = hooks;
        return new Exit(previous);
    }

    private sealed class Exit(SavedTensorsHooksScope? previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            s_current.Value = previous;
            Interlocked.Decrement(ref s_openScopes);
        }
    }
}
