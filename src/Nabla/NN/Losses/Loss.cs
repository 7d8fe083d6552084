namespace Nabla.NN;

/// <summary>
/// The base of the loss modules, like PyTorch's <c>_Loss</c>: a <see cref="Module"/> whose forward
/// takes an input and a target. The single-argument <see cref="Module.Forward(Tensor)"/> throws.
/// </summary>
/// <example><code>var loss = new CrossEntropyLoss().Forward(logits, labels);</code></example>
public abstract class Loss : Module
{
    private protected Loss(Reduction reduction) => Reduction = reduction;

    /// <summary>How the per-element losses are combined.</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of <paramref name="input"/> against <paramref name="target"/>, like <c>loss_fn(input, target)</c>.</summary>
    public abstract Tensor Forward(Tensor input, Tensor target);

    /// <summary>A loss compares an input with a target: <see cref="Module.Forward(Tensor)"/> names this call.</summary>
    protected sealed override string ForwardUsage => "Forward(input, target) (a loss compares an input with a target)";

    /// <summary>Registers an optional weight tensor as a buffer (saved in the state dict), as PyTorch's weighted losses do.</summary>
    private protected Tensor? OptionalBuffer(string name, Tensor? value) => value is null ? null : RegisterBuffer(name, value);
}
