namespace Nabla.NN;

// Converting a module's floating-point state to another dtype, like module.to(dtype).
public abstract partial class Module
{
    /// <summary>
    /// Converts the floating-point parameters, their gradients and the floating-point buffers of this
    /// module and its sub-modules to <paramref name="dtype"/> in place, like <c>module.to(dtype)</c>;
    /// returns this module. Integer buffers (such as <c>num_batches_tracked</c>) keep their dtype.
    /// </summary>
    /// <remarks>
    /// The <see cref="Parameter"/> and buffer objects stay the same (their data is replaced, as PyTorch's
    /// <c>param.data = param.to(dtype)</c>), so an optimiser built before the call still updates them and the
    /// layers' properties (<c>linear.Weight</c>) still point at them. Graphs recorded before the conversion
    /// cannot be backpropagated through afterwards.
    /// </remarks>
    /// <exception cref="ArgumentException">When <paramref name="dtype"/> is not a floating-point dtype.</exception>
    /// <example><c>var model = new Sequential(new Linear(4, 2)).To(DType.Float64);   // for gradcheck</c></example>
    public Module To(DType dtype)
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"Module.To only accepts floating point dtypes, but got desired dtype={dtype.Name()}", nameof(dtype));
        using (Autograd.NoGrad())
            foreach (var module in Modules())
            {
                foreach (var (_, parameter) in module._parameters) Convert(parameter, dtype);
                foreach (var (_, buffer) in module._buffers) Convert(buffer, dtype);
            }
        return this;
    }

    private static void Convert(Tensor tensor, DType dtype)
    {
        if (!tensor.DType.IsFloatingPoint() || tensor.DType == dtype) return;   // integer state keeps its dtype; a tied tensor converts once
        var grad = tensor.Grad;
        tensor.Grad = null;
        tensor.ReplaceData(tensor.To(dtype));
        tensor.Grad = grad?.To(dtype);
    }
}
