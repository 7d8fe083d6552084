namespace Nabla;

/// <summary>
/// A tensor saved for backward with the version it had then: unpacking it after an in-place
/// change, or after the graph was freed, throws PyTorch's errors.
/// </summary>
internal struct SavedTensor(Tensor tensor)
{
    private Tensor? _tensor = tensor;
    private readonly int _version = tensor.Storage.Version;

    public readonly Tensor Unpack(Node owner)
    {
        if (_tensor is null)
            throw new InvalidOperationException(
                "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
                "Saved intermediate values of the graph are freed when you call Backward() or Autograd.Grad(). " +
                "Specify retainGraph: true if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.");
        int now = _tensor.Storage.Version;
        if (now != _version)
        {
            string producer = _tensor.GradFn is { } fn ? $", which is output {_tensor.OutputNr} of {fn.Name}," : "";
            throw new InvalidOperationException(
                $"one of the variables needed for gradient computation has been modified by an inplace operation: " +
                $"[{_tensor.DType.Name()} tensor {ShapeMath.Format(_tensor.ShapeArray)}]{producer} is at version {now}; expected version {_version} instead " +
                $"(needed by {owner.Name}). Hint: clone the tensor before modifying it in place, or do the in-place update after Backward().");
        }
        return _tensor;
    }

    public void Release() => _tensor = null;
}
