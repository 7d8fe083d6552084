namespace Nabla;

/// <summary>
/// What a custom <see cref="Function"/> passes from its forward to its backward, like PyTorch's
/// <c>ctx</c>: saved tensors (checked against in-place changes when read), which inputs need a
/// gradient, which inputs were modified in place, and which outputs are not differentiable.
/// </summary>
public sealed class FunctionContext
{
    private readonly bool[] _needsInputGrad;
    private List<Tensor>? _toSave;
    private SavedTensor[]? _saved;
    private Node? _owner;

    internal FunctionContext(bool[] needsInputGrad) => _needsInputGrad = needsInputGrad;

    internal HashSet<Tensor> Dirty { get; } = new(ReferenceEqualityComparer.Instance);

    internal HashSet<Tensor> NonDifferentiable { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether backward should produce materialised zero gradients for outputs that received none (default true).</summary>
    public bool MaterializeGrads { get; set; } = true;

    /// <summary>Saves tensors for backward, like <c>ctx.save_for_backward(...)</c>; call it in Forward.</summary>
    public void SaveForBackward(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        (_toSave ??= []).AddRange(tensors);
    }

    /// <summary>The tensors saved in Forward, like <c>ctx.saved_tensors</c>; reading one that was modified in place, or freed by an earlier backward, throws.</summary>
    public IReadOnlyList<Tensor> SavedTensors
    {
        get
        {
            if (_saved is null) return _toSave ?? [];
            var result = new Tensor[_saved.Length];
            for (int i = 0; i < result.Length; i++) result[i] = _saved[i].Unpack(_owner!);
            return result;
        }
    }

    /// <summary>Whether input <paramref name="index"/> needs a gradient, like <c>ctx.needs_input_grad[i]</c>.</summary>
    public bool NeedsInputGrad(int index) => _needsInputGrad[index];

    /// <summary>Declares inputs that Forward modified in place, like <c>ctx.mark_dirty(...)</c>.</summary>
    public void MarkDirty(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var t in tensors) Dirty.Add(t);
    }

    /// <summary>Declares outputs without a gradient (indices, masks), like <c>ctx.mark_non_differentiable(...)</c>.</summary>
    public void MarkNonDifferentiable(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var t in tensors) NonDifferentiable.Add(t);
    }

    /// <summary>Freezes the saved tensors with their versions once Forward has returned.</summary>
    internal void Seal(Node? owner)
    {
        _owner = owner;
        var toSave = _toSave ?? [];
        _saved = new SavedTensor[toSave.Count];
        for (int i = 0; i < toSave.Count; i++) _saved[i] = new SavedTensor(toSave[i]);
        _toSave = null;
    }

    internal void Release()
    {
        if (_saved is null) return;
        for (int i = 0; i < _saved.Length; i++) _saved[i].Release();
    }
}
