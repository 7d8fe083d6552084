namespace Nabla.Onnx.Tracing;

/// <summary>
/// One op of the traced forward pass: its row of the derivative table (<see cref="Name"/> is PyTorch's
/// node name), its arguments, what it read and produced, the extra values it offered for saving
/// (max-pool indices, normalisation statistics, gather indices), and the module it ran in.
/// </summary>
internal sealed class TracedOp(int index, Derivative row, object? args, ValueRef[] inputs, Tensor?[] inputTensors,
    Tensor[] results, (Slot Slot, ValueRef Ref)[] saved, ModuleScope scope)
{
    public int Index { get; } = index;

    public string Name => row.Name;

    public object? Args { get; } = args;

    public ValueRef[] Inputs { get; } = inputs;

    /// <summary>The input tensors as the op received them (null: an optional input not given).</summary>
    public Tensor?[] InputTensors { get; } = inputTensors;

    public Tensor[] Results { get; } = results;

    public (Slot Slot, ValueRef Ref)[] Saved { get; } = saved;

    public ModuleScope Scope { get; } = scope;

    /// <summary>The result shapes of the same op in a second trace at another batch size (null: none was run).</summary>
    public int[][]? OtherBatchShapes { get; set; }

    /// <summary>The arguments of the same op in that second trace (an index may follow the batch size).</summary>
    public object? OtherBatchArgs { get; set; }

    /// <summary>Every value saved under <paramref name="slot"/>, in the order the op offered them (advanced indexing offers one per subscript).</summary>
    public IEnumerable<ValueRef> SavedRefs(Slot slot) => Saved.Where(s => s.Slot == slot).Select(s => s.Ref);

    /// <summary>The value saved under <paramref name="slot"/>, or a missing reference.</summary>
    public ValueRef SavedRef(Slot slot)
    {
        foreach (var (s, r) in Saved)
            if (s == slot) return r;
        return ValueRef.Missing;
    }
}

/// <summary>The module an op ran in: its dotted path in the model ("" for the model itself) and its type name.</summary>
internal sealed record ModuleScope(string Path, string TypeName)
{
    /// <summary>"in module 'features.3' (MaxPool2d)", for error messages.</summary>
    public string Describe() => Path.Length == 0 ? $"in the model itself ({TypeName})" : $"in module '{Path}' ({TypeName})";
}
