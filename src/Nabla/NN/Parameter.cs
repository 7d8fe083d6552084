namespace Nabla.NN;

/// <summary>
/// A leaf tensor that a <see cref="Module"/> trains, like <c>torch.nn.Parameter</c>: it shares the
/// storage of the tensor it wraps and requires grad by default.
/// </summary>
public sealed class Parameter : Tensor
{
    /// <summary>Wraps <paramref name="data"/> (sharing its storage, cut from any graph) as a parameter.</summary>
    public Parameter(Tensor data, bool requiresGrad = true) : base((data ?? throw new ArgumentNullException(nameof(data))).Detach())
    {
        RequiresGrad = requiresGrad;
    }

    /// <summary>Prints <c>Parameter containing:</c> and the tensor, as PyTorch does.</summary>
    public override string ToString() => "Parameter containing:\n" + base.ToString();
}
